from coffeechat.contacts.models import Relationship, Source, Warmth
from coffeechat.contacts.services import add_referred_contact
from coffeechat.core.testing import BaseTestCase
from coffeechat.core.tests import factories


class AddReferredContactTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.priya = factories.contact(self.alice, "Priya Shah")

    def test_it_splits_the_name_and_links_the_referrer(self):
        jane = add_referred_contact(self.priya, " Dr. Jane van der Berg ", organisation="Acme Inc.")
        self.assertEqual(
            (jane.given_name, jane.family_name, jane.display_name),
            ("Jane", "van der Berg", "Dr. Jane van der Berg"),
        )
        self.assertEqual((jane.referred_by, jane.user), (self.priya, self.alice))
        self.assertEqual((jane.relationship, jane.source), (Relationship.REFERRAL, Source.REFERRAL))
        self.assertEqual(jane.warmth, Warmth.KNOWN)
        self.assertEqual(jane.organisation.name, "Acme Inc.")

    def test_it_files_how_to_reach_them_where_it_belongs(self):
        cases = {
            "jane@example.org": ("emails", ["jane@example.org"]),
            "https://www.linkedin.com/in/jane": (
                "linkedin_url",
                "https://www.linkedin.com/in/jane",
            ),
            "+44 20 7946 0000": ("phones", ["+44 20 7946 0000"]),
            "ask Priya at the meetup": (
                "research_notes",
                "How to reach them: ask Priya at the meetup",
            ),
        }
        for reach, (field, expected) in cases.items():
            with self.subTest(reach=reach):
                person = add_referred_contact(self.priya, "Sam Lee", reach=reach)
                self.assertEqual(getattr(person, field), expected)
