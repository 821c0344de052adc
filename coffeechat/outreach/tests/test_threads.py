"""Reading pasted threads and .eml files: a corpus of threads written the way Gmail, Outlook,
Apple Mail and Thunderbird write them, in English, French, German and Spanish."""

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from coffeechat.outreach.thread_dates import parse_mail_date
from coffeechat.outreach.threads import (
    Person,
    ThreadError,
    html_to_text,
    is_from,
    propose_reply,
    read_eml,
    read_pasted,
)

CORPUS = Path(__file__).parent / "threads"
LONDON = ZoneInfo("Europe/London")
PRIYA = SimpleNamespace(
    display_name="Priya Natarajan",
    given_name="Priya",
    family_name="Natarajan",
    emails=["Priya@Northwind.example"],
)
SAM = "sam.taylor@example.org"
ME = Person("Sam Taylor", (SAM,))


def read(name: str, zone=LONDON):
    path = CORPUS / name
    if name.endswith(".eml"):
        return read_eml(path.read_bytes(), zone)
    return read_pasted(path.read_text(encoding="utf-8"), zone)


def at(*args, tz=UTC) -> datetime:
    return datetime(*args, tzinfo=tz)


class CorpusTests(SimpleTestCase):
    """Each thread: who wrote each message, when, and what the contact's reply says."""

    def assertThread(self, name, expected, reply_starts):
        messages = read(name)
        self.assertEqual(
            [(m.sender_email, m.sent_at) for m in messages], expected, f"messages of {name}"
        )
        proposal = propose_reply(messages, PRIYA, ME)
        self.assertIsNotNone(proposal, name)
        self.assertTrue(proposal.message.body.startswith(reply_starts), proposal.message.body)
        return proposal

    def test_it_reads_a_gmail_thread_quoted_four_levels_deep(self):
        proposal = self.assertThread(
            "gmail_two_replies.txt",
            [
                ("", None),
                ("priya@northwind.example", at(2025, 3, 5, 16, 41)),
                (SAM, at(2025, 3, 5, 11, 2)),
                # Gmail wrapped this attribution inside the address: "<" / "priya@…> wrote:".
                ("priya@northwind.example", at(2025, 3, 4, 9, 15)),
                (SAM, at(2025, 3, 3, 8, 30)),
            ],
            "Thursday 10:00 at the café",
        )
        self.assertTrue(proposal.named)
        self.assertEqual(proposal.index, 1)

    def test_it_reads_an_outlook_header_block_with_a_surname_first_name(self):
        proposal = self.assertThread(
            "outlook_reply_on_top.txt",
            [
                ("", None),
                ("priya@northwind.example", at(2025, 3, 11, 17, 5)),
                (SAM, at(2025, 3, 3, 8, 30)),
            ],
            "Sam, I can't make the 20th",
        )
        self.assertEqual(read("outlook_reply_on_top.txt")[1].sender_name, "Natarajan, Priya")
        self.assertEqual(proposal.index, 1)

    def test_it_reads_french_german_and_spanish_attribution_lines(self):
        self.assertThread(
            "german_reply.txt",
            [
                ("", None),
                ("priya@northwind.example", at(2025, 3, 5, 14, 2)),
                (SAM, at(2025, 3, 4, 9, 15)),
            ],
            "Hallo Sam, ich melde mich",
        )
        self.assertThread(
            "spanish_gmail.txt",
            [
                ("", None),
                ("priya@northwind.example", at(2025, 3, 5, 16, 41)),
                (SAM, at(2025, 3, 4, 9, 15)),
            ],
            "Hola Sam",
        )
        french = read("french_gmail.txt")
        self.assertEqual(
            [(m.sender_name, m.sent_at) for m in french],
            [("", None), ("Sam Taylor", at(2025, 3, 4, 9, 15))],
        )

    def test_a_reply_copied_from_the_window_is_proposed_unnamed(self):
        # Only the request is named: the text above it is their answer, with no date.
        for name in (
            "reply_from_window.txt",
            "apple_mail.txt",
            "outlook_en.txt",
            "french_gmail.txt",
        ):
            messages = read(name)
            self.assertEqual(messages[1].sender_email, SAM, name)
            self.assertIsNone(propose_reply(messages, PRIYA), "without knowing who the user is")
            proposal = propose_reply(messages, PRIYA, ME)
            self.assertEqual((proposal.index, proposal.named), (0, False), name)
            self.assertIsNone(proposal.message.sent_at)

    def test_it_reads_a_gmail_download_with_quoted_printable_parts(self):
        proposal = self.assertThread(
            "gmail_download.eml",
            [("priya@northwind.example", at(2025, 3, 5, 16, 41, 7)), (SAM, at(2025, 3, 4, 9, 15))],
            "Hi Sam,\n\nHappy to chat. Thursday 10:00 at the café on Park Street?",
        )
        self.assertEqual(proposal.index, 0)

    def test_it_reads_html_only_mail_from_outlook_and_apple_mail(self):
        self.assertThread(
            "outlook_html.eml",
            [
                ("priya@northwind.example", at(2025, 3, 11, 16, 5, 12)),
                (SAM, at(2025, 3, 3, 8, 30)),
            ],
            "Sam, I can't make the 20th after all, but the 24th at 15:00 works. Café or call?",
        )
        messages = self.assertThread(
            "apple_html.eml",
            [
                ("priya@northwind.example", at(2025, 3, 6, 13, 12, 44)),
                (SAM, at(2025, 3, 4, 9, 15)),
            ],
            "Next Wednesday at 14:00 works, by phone.",
        )
        self.assertEqual(messages.message.body, "Next Wednesday at 14:00 works, by phone.\n\nPriya")

    def test_a_thread_with_nobody_from_the_contact_proposes_nothing(self):
        messages = read("no_contact.txt")
        self.assertEqual(messages[1].sender_name, "Alex Kim")
        # Alex is neither the contact nor the user: the text above is not Priya's reply.
        self.assertIsNone(propose_reply(messages, PRIYA, ME))

    def test_a_whole_message_pasted_with_its_headers_is_read_by_the_email_package(self):
        text = (
            "From: Priya Natarajan <priya@northwind.example>\n"
            "To: Sam Taylor <sam.taylor@example.org>\n"
            "Subject: Re: Coffee?\n"
            "Date: Wed, 05 Mar 2025 16:41:07 -0800\n"
            "\n"
            "Yes, Thursday works.\n"
        )
        (message,) = read_pasted(text, LONDON)
        self.assertEqual(message.sender, "Priya Natarajan <priya@northwind.example>")
        self.assertEqual(message.sent_at, at(2025, 3, 6, 0, 41, 7))
        self.assertEqual(message.body, "Yes, Thursday works.")


class BadInputTests(SimpleTestCase):
    def test_empty_input_says_what_to_do(self):
        with self.assertRaisesMessage(ThreadError, "Paste the e-mail thread"):
            read_pasted("  \n ", LONDON)
        with self.assertRaisesMessage(ThreadError, "The file is empty"):
            read_eml(b"\n", LONDON)

    def test_a_file_that_is_not_an_email_is_refused(self):
        with self.assertRaisesMessage(ThreadError, "has no From or Date header"):
            read_eml(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n", LONDON)

    def test_a_huge_paste_is_refused(self):
        with self.assertRaisesMessage(ThreadError, "more than one thread"):
            read_pasted("word " * 70_000, LONDON)

    def test_a_sentence_ending_in_wrote_is_not_a_message(self):
        (message,) = read_pasted("As my manager wrote:\n> ship it\n\nThanks!", LONDON)
        self.assertIn("ship it", message.body)


class DateTests(SimpleTestCase):
    NOW = datetime(2025, 6, 1, 12, 0, tzinfo=LONDON)

    def when(self, text, zone=LONDON):
        return parse_mail_date(text, zone, now=self.NOW)

    def test_it_reads_the_dates_mail_programs_write(self):
        paris = ZoneInfo("Europe/Paris")
        cases = {
            "Mon, 3 Mar 2025 14:02:00 +0100": at(2025, 3, 3, 13, 2),
            "Mon, Mar 3, 2025 at 2:02\u202fPM": at(2025, 3, 3, 13, 2),  # Gmail's narrow space
            "3 Mar 2025, at 14:02": at(2025, 3, 3, 13, 2),
            "Monday, March 3, 2025 2:02 PM": at(2025, 3, 3, 13, 2),
            "lun. 3 mars 2025 à 14:02": at(2025, 3, 3, 13, 2),
            "lundi 3 mars 2025 14 h 02": at(2025, 3, 3, 13, 2),
            "Mo., 3. März 2025 um 14:02 Uhr": at(2025, 3, 3, 13, 2),
            "lun, 3 mar 2025 a las 14:02": at(2025, 3, 3, 13, 2),
            "03.03.2025 14:02": at(2025, 3, 3, 13, 2),
            "2025-03-03 14:02": at(2025, 3, 3, 13, 2),
            "3/4/2025 2:02 PM": at(2025, 3, 4, 13, 2),  # 12-hour clock: month first
            "25/03/2025 14:02": at(2025, 3, 25, 13, 2),
            "Mon, Mar 3, 2025 at 2:02 PM GMT+2": at(2025, 3, 3, 12, 2),
        }
        for text, expected in cases.items():
            self.assertEqual(self.when(text, paris), expected, text)

    def test_a_date_without_a_year_is_the_latest_one_not_in_the_future(self):
        self.assertEqual(self.when("Tue, Mar 4, 9:15 AM (2 days ago)"), at(2025, 3, 4, 9, 15))
        self.assertEqual(self.when("Sun, Dec 7, 9:15 AM"), at(2024, 12, 7, 9, 15))

    def test_text_with_no_date_is_none(self):
        for text in ("", "yesterday", "soon", "31 February 2025 10:00"):
            self.assertIsNone(self.when(text), text)


class MatchingTests(SimpleTestCase):
    def message(self, name="", email=""):
        return SimpleNamespace(sender_name=name, sender_email=email)

    def test_it_matches_by_address_or_by_name_in_either_order(self):
        self.assertTrue(is_from(self.message(email="priya@northwind.EXAMPLE"), PRIYA))
        self.assertTrue(is_from(self.message("Natarajan, Priya"), PRIYA))
        self.assertTrue(is_from(self.message("priya natarajan", "p@home.example"), PRIYA))
        self.assertFalse(is_from(self.message("Priya", "p@home.example"), PRIYA))
        self.assertFalse(is_from(self.message("", ""), PRIYA))

    def test_html_quotes_become_angle_brackets(self):
        text = html_to_text(
            "<p>Yes</p><blockquote><p>Coffee?</p><blockquote>Hi</blockquote></blockquote>"
        )
        self.assertEqual(text, "Yes\n\n> Coffee?\n\n> > Hi")
