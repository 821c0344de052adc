"""The contact page's own reads (contacts.page_reads) and its panels' give what the ORM gives,
scoped to the user, and a view builds no query through the ORM beyond the session, the user and
the profile: each is compiled once per connection (issue 20: the ORM spent about a third of the
page building them)."""

from django.http import Http404
from django.urls import reverse

from coffeechat.contacts import page_reads
from coffeechat.contacts.models import Contact
from coffeechat.core.testing import BaseTestCase, built_by_the_orm
from coffeechat.core.tests import factories
from coffeechat.keepintouch.models import SharedItem


class ContactPageReadsTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.people = {}
        for user in (self.alice, self.bob):
            organisation = factories.organisation(user, "Acme")
            referrer = factories.contact(user, "Rae Ferrer")
            person = factories.contact(
                user, "Ann Lima", org=organisation, referred_by=referrer, role="Analyst"
            )
            person.tags.add(factories.tag(user, "zeta"), factories.tag(user, "alpha"))
            factories.contact(user, "Zed Referred", referred_by=person)
            factories.contact(user, "Ada Referred", referred_by=person)
            for text in ("First", "Second"):
                factories.touchpoint(user, person, text=text)
            factories.conversation(user, person)
            factories.action(user, "Send the article", contact=person)
            SharedItem.objects.create(
                user=user, contact=person, title="A read", url="https://example.org/a"
            )
            self.people[user.pk] = person

    def test_they_give_what_the_orm_gives(self):
        for user in (self.alice, self.bob):
            mine = self.people[user.pk]
            contact = page_reads.contact_or_404(user, mine.pk)
            expected = Contact.objects.get(pk=mine.pk)
            for field in Contact._meta.concrete_fields:
                self.assertEqual(getattr(contact, field.attname), getattr(expected, field.attname))
            self.assertEqual(
                (contact.organisation_name, contact.referrer_name), ("Acme", "Rae Ferrer")
            )
            self.assertEqual([t.name for t in page_reads.tags_of(contact)], ["alpha", "zeta"])
            timeline = page_reads.timeline_of(contact)
            self.assertEqual(
                [t.pk for t in timeline], list(mine.touchpoints.values_list("pk", flat=True))
            )
            self.assertIs(timeline[0].contact, contact)
            self.assertEqual(
                [c.display_name for c in page_reads.referrals_of(contact)],
                ["Ada Referred", "Zed Referred"],
            )

    def test_another_users_contact_is_not_found(self):
        with self.assertRaises(Http404):
            page_reads.contact_or_404(self.alice, self.people[self.bob.pk].pk)

    def test_a_view_builds_only_the_sign_ins_queries_through_the_orm(self):
        for user in (self.alice, self.bob):
            self.client.force_login(user)
            url = reverse("contacts:detail", args=[self.people[user.pk].pk])
            self.assertEqual(self.client.get(url).status_code, 200)  # compiles the page's reads
        with built_by_the_orm() as built:
            response = self.client.get(
                reverse("contacts:detail", args=[self.people[self.bob.pk].pk])
            )
        self.assertContains(response, "Ada Referred")
        self.assertContains(response, "A read")
        self.assertEqual(sorted(built), ["accounts_profile", "auth_user", "django_session"])
