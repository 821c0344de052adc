"""Organisation names that are probably one employer are suggested; different ones are not."""

from django.test import SimpleTestCase

from coffeechat.contacts.normalise import normalise_organisation_name
from coffeechat.contacts.orgmatch import Suggester, loose_key

# (an organisation the user has, a name typed or imported that means it)
SAME = [
    ("Arup Group Ltd", "Arup"),
    ("Arup", "Arup Group Limited"),
    ("Ernst & Young LLP", "Ernst and Young"),
    ("McKinsey & Company", "McKinsey"),
    ("Vodafone Group Plc", "Vodafone"),
    ("Unilever PLC", "Unilever Group"),
    ("The Boston Consulting Group", "Boston Consulting"),
    ("J.P. Morgan", "JP Morgan"),
    ("Marks & Spencer Group plc", "Marks and Spencer"),
    ("Accenture", "Acenture"),  # a typo
    ("Morgan Stanley", "Morgan Stanly"),
    ("Siemens Holdings GmbH", "SIEMENS"),
    ("Sainsbury's", "Sainsburys"),
    ("Rolls-Royce Holdings plc", "Rolls Royce"),
]
# Different employers that share letters or a first word: never suggested.
DIFFERENT = [
    ("Arup", "Arcadis"),
    ("Meta", "Metaswitch"),
    ("Metaswitch Networks", "Meta"),
    ("Apple", "Applied Materials"),
    ("Monzo", "Mozilla"),
    ("Bain & Company", "Bain Capital"),
    ("Spotify", "Shopify"),
    ("Google", "Goggle"),  # one letter apart, but six letters are too few to tell a typo
    ("Siemens AG", "Siemens Healthineers"),
    ("Barclays", "Barclays Bank"),
    ("The Guardian", "Guardian Media Group"),
    ("Novartis", "Novartis International"),
    ("Deloitte", "Dell"),
]


def suggester(*names: str) -> Suggester:
    return Suggester(
        [(pk, name, normalise_organisation_name(name)) for pk, name in enumerate(names, 1)]
    )


class SuggesterTests(SimpleTestCase):
    def test_names_that_differ_by_legal_form_group_punctuation_or_a_typo_are_suggested(self):
        for existing, typed in SAME:
            with self.subTest(existing=existing, typed=typed):
                found = suggester("Arcadis", existing, "Zeta Labs").suggest(typed)
                self.assertIsNotNone(found)
                self.assertEqual((found.organisation_id, found.name), (2, existing))

    def test_different_organisations_are_not_suggested(self):
        for existing, typed in DIFFERENT:
            with self.subTest(existing=existing, typed=typed):
                self.assertIsNone(suggester(existing).suggest(typed))

    def test_a_name_that_is_already_the_same_organisation_needs_no_suggestion(self):
        # "Stripe, Inc." is stored as "Stripe" already; the form and import simply use it.
        self.assertIsNone(suggester("Stripe, Inc.").suggest("Stripe"))
        self.assertIsNone(suggester("Stripe").suggest(""))
        self.assertIsNone(Suggester([]).suggest("Arup"))

    def test_the_loose_key_drops_forms_and_short_forms_only_at_the_end(self):
        self.assertEqual(loose_key("The Arup Group Ltd."), "arup")
        self.assertEqual(loose_key("Smith & Co"), "smith")
        self.assertEqual(loose_key("Group Lotus"), "group lotus")
        self.assertEqual(loose_key("Procter & Gamble"), "procter and gamble")
        self.assertEqual(loose_key("Ltd"), "ltd")  # a name is never emptied
