"""vCard details that lost or garbled data."""

import subprocess

import vobject

from coffeechat.contacts.models import Contact, Organisation
from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.parsers import parse_bytes
from coffeechat.transfer.services.exporting import export_vcard
from coffeechat.transfer.tests.helpers import ical_js


def card(*lines: str, version: str = "3.0") -> bytes:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD", ""]).encode()


def test_it_keeps_an_email_in_fn_as_an_email_not_a_given_name():
    record = parse_bytes(card("FN:ada@example.org", "N:;;;;")).records[0]
    assert (record.given_name, record.family_name) == ("", "")
    assert record.emails == ["ada@example.org"]
    assert record.display_name == "ada@example.org"
    named = parse_bytes(card("FN:ada@example.org", "N:Lovelace;Ada;;;")).records[0]
    assert (named.given_name, named.name(), named.emails) == (
        "Ada",
        "Ada Lovelace",
        ["ada@example.org"],
    )


def test_it_joins_every_note():
    record = parse_bytes(card("FN:Ada", "NOTE:First note", "NOTE:Second note")).records[0]
    assert record.notes == "First note\n\nSecond note"


def test_it_imports_a_card_with_only_a_nickname():
    result = parse_bytes(card("NICKNAME:Countess"))
    assert [r.display_name for r in result.records] == ["Countess"]


def test_it_keeps_a_card_with_a_comment_line():
    data = card("# written by an old phone", "N:Lovelace;Ada", "FN:Ada Lovelace", version="2.1")
    result = parse_bytes(data)
    assert [r.name() for r in result.records] == ["Ada Lovelace"]
    assert result.errors == []


def test_it_names_a_misspelt_begin_in_vcard_terms():
    result = parse_bytes(b"BEGIN:VCAR\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n")
    assert result.format == "vcard"
    assert "line 1 reads 'BEGIN:VCAR'" in result.refused
    assert "CSV" not in result.refused
    mixed = parse_bytes(card("FN:Ada") + b"BEGIN:VCRAD\r\nFN:Alan\r\nEND:VCARD\r\n")
    assert [r.name() for r in mixed.records] == ["Ada"]
    assert [e.line for e in mixed.errors] == [5]


class VCardFourOutputTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        org = Organisation.objects.create(user=self.alice, name="Engines; Research")
        Contact.objects.create(
            user=self.alice,
            given_name="Ada",
            family_name="Love;lace",
            display_name="Ada; Countess",
            organisation=org,
            role="VP, Engineering; EMEA",
            research_notes="Likes; semicolons",
        )

    def test_it_escapes_semicolons_only_in_structured_properties(self):
        text = export_vcard(self.alice, "4.0")
        self.assertIn("FN:Ada; Countess\r\n", text)
        self.assertIn("TITLE:VP\\, Engineering; EMEA\r\n", text)
        self.assertIn("NOTE:Likes; semicolons\r\n", text)
        self.assertIn("N:Love\\;lace;Ada;;;\r\n", text)
        self.assertIn("ORG:Engines\\; Research\r\n", text)
        parsed = vobject.readOne(text)
        self.assertEqual(parsed.fn.value, "Ada; Countess")
        self.assertEqual(parsed.title.value, "VP, Engineering; EMEA")
        self.assertEqual(parsed.n.value.family, "Love;lace")
        three = export_vcard(self.alice, "3.0")
        self.assertIn("TITLE:VP\\, Engineering\\; EMEA\r\n", three)

    def test_ical_js_reads_the_text_without_backslashes(self):
        node, module = ical_js(self)
        script = (
            f"const ICAL = require({str(module)!r}).default;"
            "const c = new ICAL.Component(ICAL.parse(require('fs').readFileSync(0, 'utf8')));"
            "console.log(JSON.stringify(['fn','title','note','n','org']"
            ".map(p => c.getFirstPropertyValue(p))));"
        )
        out = subprocess.run(
            [node, "-e", script],
            input=export_vcard(self.alice, "4.0"),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        self.assertEqual(
            out.strip(),
            '["Ada; Countess","VP, Engineering; EMEA","Likes; semicolons",'
            '["Love;lace","Ada","","",""],"Engines; Research"]',
        )
