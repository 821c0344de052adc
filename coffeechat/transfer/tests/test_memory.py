"""Memory follows the rows kept, not the file: hostile files of short rows stay bounded."""

import io
import tracemalloc
from unittest import mock

from coffeechat.core.testing import BaseTestCase
from coffeechat.transfer.parsers import MAX_ERRORS, parse_bytes
from coffeechat.transfer.parsers.lines import iter_byte_lines, iter_csv_lines, iter_lines
from coffeechat.transfer.parsers.vcard import MAX_CARD_CHARS
from coffeechat.transfer.services.importing import import_bytes

HEADER = b"First Name,Last Name,Company\n"


def peak_mb(call) -> tuple[float, object]:
    tracemalloc.start()
    try:
        result = call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20, result


class HostileFileTests(BaseTestCase):
    def test_a_2_mb_file_of_two_byte_rows_stays_small_and_is_refused_clearly(self):
        # A million rows: every one used to become a record, a plan row and a snapshot
        # (about 600 MB for 2 MB; ten times that for a file at the 20 MB limit).
        data = HEADER + b"a\n" * 2**20
        peak, plan = peak_mb(lambda: import_bytes(self.alice, data, dry_run=True))
        self.assertLess(peak, 80)
        self.assertIn("more than 100,000 rows", plan.refused)
        self.assertIn("Split the file", plan.refused)

    def test_a_file_of_blank_rows_is_refused_without_reading_to_its_end(self):
        data = HEADER + b"\n" * 2**20
        peak, plan = peak_mb(lambda: import_bytes(self.alice, data, dry_run=True))
        self.assertLess(peak, 20)
        self.assertIn("more than 100,000 rows", plan.refused)

    def test_a_utf8_file_with_a_bad_byte_and_many_rows_stays_small(self):
        data = HEADER + b"Z\xfce,Z\n" + b"a\n" * 2**20
        peak, _plan = peak_mb(lambda: import_bytes(self.alice, data, dry_run=True))
        self.assertLess(peak, 80)

    def test_rows_up_to_the_limit_import(self):
        data = HEADER + b"".join(b"P%d,Q\n" % n for n in range(50))
        with mock.patch("coffeechat.transfer.parsers.MAX_ROWS", 50):
            self.assertEqual(import_bytes(self.alice, data, dry_run=True).counts["new"], 50)
            plan = import_bytes(self.alice, data + b"One,More\n", dry_run=True)
        self.assertIn("Split the file", plan.refused)
        self.assertEqual(plan.counts["new"], 0)

    def test_errors_past_the_first_ones_are_counted_not_kept(self):
        data = b"First Name,Last Name,Email Address,Company\n" + b",,,Acme\n" * 500
        plan = import_bytes(self.alice, data, dry_run=True)
        self.assertEqual(len(plan.errors), MAX_ERRORS)
        self.assertEqual(plan.counts["errors"], 500)
        self.assertEqual(plan.more_errors, 500 - MAX_ERRORS)

    def test_a_card_longer_than_any_contact_is_skipped_with_a_message(self):
        filler = (b"X-PAD:" + b"a" * 70 + b"\n") * (MAX_CARD_CHARS // 70)
        data = (
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Huge\n"
            + filler
            + b"END:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD\n"
        )
        parsed = parse_bytes(data)
        self.assertEqual([r.name() for r in parsed.records], ["Ada Lovelace"])
        self.assertEqual(len(parsed.errors), 1)
        self.assertEqual(parsed.errors[0].line, 1)
        self.assertIn("longer than 1,000,000 characters", parsed.errors[0].message)


class LineSplittingTests(BaseTestCase):
    SAMPLES = [
        "",
        "a",
        "a\n",
        "a\r\nb\rc\nd",
        "\n\n",
        "x\x0by\x0cz\x1c\x1d\x1e\x85\u2028\u2029end",
        'a,"quoted\r\nnewline"\r\nb\r',
    ]

    def test_the_lazy_splitters_agree_with_the_builtin_ones(self):
        for text in self.SAMPLES:
            self.assertEqual(list(iter_lines(text)), text.splitlines(), text)
            self.assertEqual(list(iter_csv_lines(text)), list(io.StringIO(text, newline="")))
            data = text.encode()
            self.assertEqual(list(iter_byte_lines(data)), data.split(b"\n"))
