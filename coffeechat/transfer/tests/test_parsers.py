import codecs
from datetime import date

from django.test import SimpleTestCase, override_settings

from coffeechat.transfer.parsers import detect_format, parse_bytes, parse_text
from coffeechat.transfer.parsers.encoding import decode
from coffeechat.transfer.parsers.google import label_to_tag
from coffeechat.transfer.parsers.linkedin import parse_date
from coffeechat.transfer.tests.helpers import fixture


class LinkedInParserTests(SimpleTestCase):
    def test_it_reads_the_current_export_with_preamble_bom_crlf_and_quoted_commas(self):
        result = parse_bytes(fixture("linkedin_current.csv"))
        self.assertEqual(result.format, "linkedin")
        self.assertEqual(result.refused, "")
        self.assertEqual(result.errors, [])
        names = [(r.given_name, r.family_name) for r in result.records]
        self.assertEqual(
            names,
            [
                ("Ada", "Lovelace"),
                ("Grace", "Hopper"),
                ("Юрий", "Гагарин"),
                ("美玲", "王"),
                ("Linus", "Torvalds"),
            ],
        )
        ada = result.records[0]
        self.assertEqual(ada.organisation, "Analytical Engines, Inc.")
        self.assertEqual(ada.emails, ["ada@example.org"])
        self.assertEqual(ada.connected_on, date(2025, 12, 7))
        self.assertEqual(ada.line, 5)
        self.assertEqual(result.records[1].role, "Rear Admiral, Computing")

    def test_it_skips_blank_and_comma_only_rows_and_reports_line_numbers(self):
        result = parse_bytes(fixture("linkedin_old_resaved.csv"))
        self.assertEqual(len(result.records), 3)
        self.assertEqual(
            [(e.line, e.field) for e in result.errors], [(4, "Connected On"), (6, "First Name")]
        )
        self.assertIsNone(result.records[2].connected_on)

    def test_it_reads_old_exports_without_url_column_and_resaved_dates(self):
        result = parse_bytes(fixture("linkedin_old_resaved.csv"))
        self.assertEqual(result.format, "linkedin")
        self.assertEqual(result.records[0].linkedin_url, "")
        self.assertEqual(result.records[0].connected_on, date(1999, 2, 9))
        self.assertEqual(result.records[1].connected_on, date(2019, 3, 5))

    def test_it_parses_every_date_shape(self):
        self.assertEqual(parse_date("07 Dec 2025"), date(2025, 12, 7))
        self.assertEqual(parse_date("9-Feb-99"), date(1999, 2, 9))
        self.assertEqual(parse_date("2024-05-30"), date(2024, 5, 30))
        self.assertEqual(parse_date("2024-05-30 00:00:00"), date(2024, 5, 30))
        with self.assertRaises(ValueError):
            parse_date("yesterday")

    def test_it_decodes_utf16_and_windows_1252(self):
        utf16 = parse_bytes(fixture("linkedin_utf16.csv"))
        self.assertEqual(utf16.encoding, "utf-16-le")
        self.assertEqual(utf16.records[0].family_name, "Müller")
        cp1252 = parse_bytes(fixture("linkedin_cp1252.csv"))
        self.assertEqual(cp1252.encoding, "cp1252")
        self.assertEqual(cp1252.records[0].organisation, "Café Société")

    def test_it_finds_a_header_only_export_has_no_rows(self):
        result = parse_text(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        )
        self.assertEqual((result.format, result.records, result.refused), ("linkedin", [], ""))


class GoogleParserTests(SimpleTestCase):
    def test_it_reads_the_current_format_with_labels_and_multi_values(self):
        result = parse_bytes(fixture("google_current.csv"))
        self.assertEqual(result.format, "google")
        hedy, claude = result.records
        self.assertEqual(
            hedy.emails, ["hedy@example.org", "hedy@work.example", "hedy.l@example.net"]
        )
        self.assertEqual(hedy.phones, ["+1 555 0100", "+1 555 0101"])
        self.assertEqual(hedy.tags, ["Friends", "Inventors"])
        self.assertEqual(hedy.linkedin_url, "https://www.linkedin.com/in/hedy-lamarr")
        self.assertEqual((hedy.organisation, hedy.role), ("Frequency Hopping Ltd", "Inventor"))
        self.assertEqual(claude.tags, ["starred"])

    def test_it_reads_the_old_format_with_group_membership_and_multiline_cells(self):
        result = parse_bytes(fixture("google_old.csv"))
        liskov, cyrillic = result.records
        self.assertEqual(liskov.display_name, "Barbara Liskov")
        self.assertEqual(liskov.tags, ["Professors"])
        self.assertEqual(liskov.emails, ["liskov@example.edu", "bl@example.org"])
        self.assertEqual(liskov.notes, "Two-line\nnote")
        self.assertEqual(liskov.location, "Cambridge, USA")
        self.assertEqual((liskov.organisation, liskov.role), ("MIT", "Institute Professor"))
        self.assertEqual(cyrillic.line, 5)
        self.assertEqual(cyrillic.given_name, "Имя")

    def test_it_drops_the_system_group_and_strips_stars(self):
        self.assertEqual(label_to_tag("* myContacts"), "")
        self.assertEqual(label_to_tag("* My Contacts"), "")
        self.assertEqual(label_to_tag("* starred"), "starred")
        self.assertEqual(label_to_tag("Family"), "Family")


class VCardParserTests(SimpleTestCase):
    def test_it_reads_several_versions_folded_grouped_and_quoted_printable(self):
        result = parse_bytes(fixture("contacts.vcf"))
        self.assertEqual(result.format, "vcard")
        tim, radia, kurt = result.records
        self.assertEqual((tim.given_name, tim.family_name), ("Tim", "Berners-Lee"))
        self.assertEqual(tim.emails, ["timbl@example.org"])  # grouped item1.EMAIL
        self.assertEqual(tim.organisation, "World Wide Web Consortium")
        self.assertEqual(tim.tags, ["Web", "Pioneers"])
        self.assertIn("folded onto a second line", tim.notes)
        self.assertEqual(tim.linkedin_url, "https://www.linkedin.com/in/tim-berners-lee")
        # Only FN: the name is split by nameparser, titles dropped.
        self.assertEqual((radia.given_name, radia.family_name), ("Radia", "Perlman"))
        self.assertEqual(kurt.family_name, "Gödel")
        self.assertEqual(
            kurt.display_name, "Kurt Gödel, Logician of the Institute for Advanced Study"
        )
        self.assertEqual(kurt.line, 22)

    def test_it_reports_a_broken_card_by_line_and_keeps_the_others(self):
        result = parse_bytes(fixture("broken.vcf"))
        self.assertEqual(
            [r.display_name for r in result.records], ["Good Card", "Another Good Card"]
        )
        self.assertEqual([e.line for e in result.errors], [6])

    def test_it_reads_utf16_vcards(self):
        text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Søren Kierkegaard\r\nEND:VCARD\r\n"
        result = parse_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
        self.assertEqual(result.records[0].family_name, "Kierkegaard")


class GenericCsvTests(SimpleTestCase):
    def test_it_asks_for_a_mapping_when_columns_are_unknown(self):
        result = parse_bytes(fixture("generic.csv"))
        self.assertEqual(result.format, "csv")
        self.assertIn("Choose which columns", result.refused)

    def test_it_uses_the_given_mapping(self):
        mapping = {
            "Nom": "family_name",
            "Prénom": "given_name",
            "Courriel": "emails",
            "Société": "organisation",
            "Poste": "role",
        }
        result = parse_bytes(fixture("generic.csv"), "csv", mapping)
        self.assertEqual(result.refused, "")
        marie, lise = result.records
        self.assertEqual((marie.given_name, marie.family_name), ("Marie", "Curie"))
        self.assertEqual(lise.organisation, "Kaiser-Wilhelm-Institut; Berlin")
        self.assertEqual(lise.emails, ["lise@example.at"])


class EncodingAndLimitTests(SimpleTestCase):
    def test_it_strips_a_utf8_bom(self):
        text, used = decode(codecs.BOM_UTF8 + "héllo".encode())
        self.assertEqual((text, used), ("héllo", "utf-8"))

    @override_settings(COFFEECHAT_MAX_IMPORT_MB=0.001)
    def test_it_refuses_files_over_the_limit_with_a_clear_message(self):
        result = parse_bytes(b"x" * 2000)
        self.assertIn("import limit", result.refused)
        self.assertEqual(result.records, [])

    def test_it_refuses_empty_and_unrecognised_files(self):
        self.assertIn("empty", parse_bytes(b"").refused)
        self.assertTrue(parse_bytes(b"\x00\x01\x02garbage").refused)
        self.assertEqual(detect_format("BEGIN:VCARD\nEND:VCARD\n"), "vcard")
