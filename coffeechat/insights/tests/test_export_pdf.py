"""The career-path PDF: its own line breaking, and the font chosen for what it holds."""

import re
import zlib

from coffeechat.core.testing import BaseTestCase
from coffeechat.insights import export, services
from coffeechat.insights.models import CareerPath
from coffeechat.insights.tests.data import path_data


def shown_lines(pdf: bytes) -> list[str]:
    """The text lines of a PDF set in a core font: each is one `(…) Tj` in a page's stream."""
    lines = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue  # not a page (fonts, metadata)
        for text in re.findall(rb"\(((?:\\.|[^\\)])*)\) ?Tj", content):
            unescaped = re.sub(rb"\\(.)", rb"\1", text)
            lines.append(unescaped.decode("cp1252"))
    return lines


class WrapTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.report = export._Report(unicode=False)
        self.report.add_page()
        self.report.set_font(self.report.family, "", 10)

    def test_it_breaks_at_spaces_keeping_every_word_in_order(self):
        text = "How did you move from physics into grid analysis, and what helped most? " * 6
        lines = self.report.wrap(text, 80)
        self.assertGreater(len(lines), 3)
        self.assertEqual(" ".join(lines), " ".join(text.split()))
        for line in lines:
            self.assertLessEqual(self.report.width_of(line), 80)
        # Greedy: the next line's first word would not have fitted.
        for line, following in zip(lines, lines[1:], strict=False):
            longer = f"{line} {following.split()[0]}"
            self.assertGreater(self.report.width_of(longer), 80)

    def test_it_cuts_a_word_longer_than_a_line(self):
        link = "https://example.org/" + "segment-" * 40
        lines = self.report.wrap(f"See {link} soon", 60)
        self.assertEqual("".join(lines).replace(" ", ""), f"See{link}soon")
        self.assertEqual(lines[0], "See")
        for line in lines:
            self.assertLessEqual(self.report.width_of(line), 60)

    def test_it_keeps_an_empty_text_as_one_empty_line(self):
        self.assertEqual(self.report.wrap("   ", 60), [""])

    def test_a_bullet_item_hangs_under_its_text(self):
        self.report.paragraph("word " * 80, 5, bullet=export.BULLET)
        lines = shown_lines(bytes(self.report.output()))
        self.assertTrue(lines[0].startswith("• word"))
        self.assertTrue(all(line.startswith("word") for line in lines[1:-1]), lines)


class PdfTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.path = path_data(self.alice)["path"]

    def test_a_western_report_uses_the_core_font_and_holds_every_item(self):
        captures = [f"Capture number {n}, with a few words about the day." for n in range(300)]
        self.path.next_steps = "\n".join(captures)
        pdf = export.pdf([(self.path, services.synthesis_for(self.path))])
        self.assertIn(b"/BaseFont /Helvetica", pdf)
        self.assertNotIn(b"DejaVu", pdf)
        lines = shown_lines(pdf)
        self.assertEqual(lines[0], "UX research")
        for capture in captures:
            self.assertIn(f"• {capture}", lines)
        self.assertIn("• Ana Lima — UX researcher", lines)
        self.assertIn("Coffeechat · page 2", lines)

    def test_a_report_with_other_scripts_embeds_dejavu(self):
        self.path.name = "UX-исследования"
        pdf = export.pdf([(self.path, services.synthesis_for(self.path))])
        self.assertIn(b"DejaVuSans", pdf)
        self.assertNotIn(b"/BaseFont /Helvetica", pdf)

    def test_it_says_so_when_there_are_no_paths(self):
        self.assertEqual(shown_lines(export.pdf([]))[0], "No career paths yet.")

    def test_all_paths_come_one_after_the_other(self):
        CareerPath.objects.create(user=self.alice, name="Data journalism")
        paths = [(p, services.synthesis_for(p)) for p in CareerPath.objects.owned_by(self.alice)]
        lines = shown_lines(export.pdf(paths))
        self.assertIn("Data journalism", lines)
        self.assertIn("UX research", lines)
