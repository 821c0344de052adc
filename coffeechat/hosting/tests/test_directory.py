"""The directory of a shared instance: members only, searchable, with optional staff approval;
a member's request goes through the same coached form and lands on their own board."""

from django.core import mail
from django.test import override_settings

from coffeechat.core.testing import BaseTestCase, make_user
from coffeechat.hosting.models import HostPage, HostRequest, Status
from coffeechat.hosting.tests.helpers import GOOD_REQUEST, host_page
from coffeechat.pipeline.models import Conversation, Kind, Stage


class DirectoryTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.listed = host_page(self.alice, in_directory=True, display_name="Alice Listed")
        carol = make_user("carol")
        host_page(carol, in_directory=False, display_name="Carol Unlisted")
        dan = make_user("dan")
        host_page(dan, in_directory=True, enabled=False, display_name="Dan Off")
        erin = make_user("erin")
        host_page(
            erin,
            in_directory=True,
            display_name="Erin Lawyer",
            field="Law",
            organisations="Legal Aid",
            topics="Public interest law",
            languages="Spanish",
        )

    def names(self, query: str = "") -> list[str]:
        response = self.client.get("/hosting/directory/" + query)
        self.assertEqual(response.status_code, 200)
        return [p.display_name for p in response.context["pages"]]

    def check_members_only(self):
        self.client.logout()
        response = self.client.get("/hosting/directory/")
        self.assertRedirects(response, "/accounts/login/?next=/hosting/directory/")

    def check_search(self):
        self.assertEqual(self.names("?field=law"), ["Erin Lawyer"])
        self.assertEqual(self.names("?organisation=shopify"), ["Alice Listed"])
        self.assertEqual(self.names("?topic=public+interest"), ["Erin Lawyer"])
        self.assertEqual(self.names("?language=spanish"), ["Erin Lawyer"])
        self.assertEqual(self.names("?q=research+operations"), ["Alice Listed"])

    def test_it_lists_hosts_who_opted_in_when_sign_up_is_closed(self):
        for approval in (False, True):
            with (
                self.subTest(approval=approval),
                override_settings(SIGNUP_OPEN=False, HOSTING_APPROVAL=approval),
            ):
                self.check_members_only()
                self.login(self.bob)
                expected = [] if approval else ["Alice Listed", "Erin Lawyer"]
                self.assertEqual(self.names(), expected)
                if not approval:
                    self.check_search()

    @override_settings(SIGNUP_OPEN=True, HOSTING_APPROVAL=True, EMAIL_CONFIGURED=True)
    def test_a_new_member_sees_only_approved_hosts_when_sign_up_is_open(self):
        self.check_members_only()
        # Anyone may join (sign-up confirms the address by e-mail); a new member, once in, sees
        # only the hosts staff approved.
        self.assertEqual(self.client.get("/accounts/signup/").status_code, 200)
        self.login(make_user("sam"))
        self.assertEqual(self.names(), [])
        HostPage.objects.filter(display_name="Erin Lawyer").update(approved=True)
        self.assertEqual(self.names(), ["Erin Lawyer"])

    @override_settings(SIGNUP_OPEN=True, HOSTING_APPROVAL=False)
    def test_open_sign_up_without_approval_lists_at_once(self):
        self.login(self.bob)
        self.assertEqual(self.names(), ["Alice Listed", "Erin Lawyer"])
        self.check_search()

    @override_settings(HOSTING_DIRECTORY=False)
    def test_an_instance_can_turn_the_directory_off(self):
        self.login(self.bob)
        self.assertEqual(self.client.get("/hosting/directory/").status_code, 404)


@override_settings(HOSTING_APPROVAL=True)
class StaffTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.page = host_page(self.alice, in_directory=True)
        self.staff = make_user("staffer")
        self.staff.is_staff = True
        self.staff.save()

    def test_staff_approve_and_withdraw(self):
        self.login(self.staff)
        response = self.client.get("/hosting/staff/")
        self.assertContains(response, "Approve Alice")
        self.client.post(f"/hosting/staff/{self.page.pk}/", {"approved": "1"})
        self.assertTrue(HostPage.objects.get().approved)
        self.login(self.bob)
        self.assertContains(self.client.get("/hosting/directory/"), "Alice")
        self.login(self.staff)
        self.client.post(f"/hosting/staff/{self.page.pk}/", {"approved": "0"})
        self.assertFalse(HostPage.objects.get().approved)

    def test_others_cannot_reach_the_staff_page(self):
        self.login(self.bob)
        self.assertEqual(self.client.get("/hosting/staff/").status_code, 404)
        response = self.client.post(f"/hosting/staff/{self.page.pk}/", {"approved": "1"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(HostPage.objects.get().approved)


@override_settings(EMAIL_CONFIGURED=True)
class MemberRequestTests(BaseTestCase):
    def test_a_members_request_is_prefilled_coached_and_lands_on_their_board(self):
        host_page(self.alice, in_directory=True)
        self.login(self.bob)
        response = self.client.get("/h/alice-hosts/ask/")
        form = response.context["form"]
        self.assertEqual(form.initial["name"], "Bob")
        self.assertEqual(form.initial["email"], "bob@example.org")
        self.assertIn("a student exploring user research", form.initial["about"])

        data = {**GOOD_REQUEST, "name": "Bob", "email": "bob@example.org"}
        response = self.client.post(
            "/h/alice-hosts/ask/", {**data, "question_1": "Are you hiring?"}
        )
        self.assertEqual(response.status_code, 400)  # the same coach stops it

        response = self.client.post("/h/alice-hosts/ask/", data)
        mine = Conversation.objects.get(user=self.bob)
        self.assertRedirects(response, f"/conversations/{mine.pk}/")
        self.assertEqual((mine.kind, mine.stage), (Kind.ASKING, Stage.REQUESTED))
        self.assertEqual(mine.contact.display_name, "Alice")
        self.assertEqual(mine.contact.emails, [])  # nothing beyond the page
        self.assertEqual(mine.contact.organisation.name, "Shopify")
        host_request = HostRequest.objects.get()
        self.assertEqual(host_request.status, Status.NEW)  # their account's address: no link
        self.assertEqual(host_request.conversation.user, self.alice)
        self.assertEqual(mail.outbox[-1].to, ["alice@example.org"])
