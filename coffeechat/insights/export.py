"""A career path (or all of them) as a Markdown file and as a PDF report."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from coffeechat.insights.models import CareerPath
from coffeechat.insights.synthesis import NOT_YET, Synthesis

# Helvetica, one of the PDF core fonts, costs nothing to embed and covers Windows-1252 (Western
# European letters, dashes, curly quotes, bullets). A report with any other character (Cyrillic,
# Greek, CJK...) uses DejaVu, which is embedded, at about twice the time; without DejaVu those
# characters print as "?".
CORE_ENCODING = "cp1252"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
BULLET = "• "
FOOTER = "Coffeechat · page {}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def sections(path: CareerPath, synthesis: Synthesis) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) shared by both formats."""
    found = []
    reflection = [
        ("How it fits my interests and values", path.fit),
        ("Open questions", path.open_questions),
        ("Next steps", path.next_steps),
    ]
    for heading, text in reflection:
        found.append((heading, _lines(text) or ["(not written yet)"]))
    people = [
        f"{c.title}{' — ' + c.subtitle if c.subtitle else ''}{'' if c.met else ' (not met yet)'}"
        for c in synthesis.columns
    ]
    found.append(("Conversations", people or ["(none linked yet)"]))
    for row in [*synthesis.rows, synthesis.other]:
        if row is synthesis.other and not row.learnt:
            continue
        items = []
        for cell in row.cells:
            for entry in cell.entries:
                link = f" <{entry.url}>" if entry.url else ""
                items.append(f"{cell.column.title}: {entry.text}{link}")
        if not items:
            items = [f"{NOT_YET}. Ask next time: " + " / ".join(synthesis.prompts.get(row.key, []))]
        found.append((row.label, items))
    return found


def markdown(paths: list[tuple[CareerPath, Synthesis]]) -> str:
    out = []
    for path, synthesis in paths:
        out.append(f"# {path.name}\n")
        for heading, items in sections(path, synthesis):
            out.append(f"## {heading}\n")
            out.extend(f"- {item}" for item in items)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


class _Report(FPDF):
    def __init__(self, *, unicode: bool) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = CORE_ENCODING
        self.unicode = unicode and all((FONT_DIR / name).exists() for name in FONT_FILES.values())
        if self.unicode:
            for style, name in FONT_FILES.items():
                self.add_font("DejaVu", style, str(FONT_DIR / name))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self.set_auto_page_break(True, margin=15)
        self.set_title("Career paths — Coffeechat")

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        return text.encode(CORE_ENCODING, "replace").decode(CORE_ENCODING)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 8, self.text_of(FOOTER.format(self.page_no())), align="C")

    def width_of(self, text: str) -> float:
        """Width in mm of text in the current font, summed from the font's character widths.

        fpdf2's own line breaking (multi_cell) measures the line again for every character it
        adds, which took a 200-conversation report over a second; here each word is measured
        once."""
        encoded = self.normalize_text(text)  # the core font's table is by Windows-1252 byte
        return self.current_font.get_text_width(encoded, self.font_size_pt, None)[1] / self.k

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines no wider than `width` mm, broken at spaces; a word wider than a whole line (a
        long link) is cut where the line is full."""
        space = self.width_of(" ")
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for word in text.split():
            size = self.width_of(word)
            while size > width:
                if line:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                cut = max(1, int(len(word) * width / size))
                while cut > 1 and self.width_of(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                size = self.width_of(word)
            if line and used + space + size > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + size
            line.append(word)
        if line or not lines:
            lines.append(" ".join(line))
        return lines

    def paragraph(self, text: str, height: float, *, bullet: str = "") -> None:
        """Text wrapped to the page, one cell per line (cells break pages by themselves); the
        lines after a bullet's first hang under its text."""
        bullet = self.text_of(bullet)
        indent = self.width_of(bullet) if bullet else 0.0
        room = self.epw - 2 * self.c_margin - indent
        for number, line in enumerate(self.wrap(self.text_of(text), room)):
            self.set_x(self.l_margin + (indent if number else 0.0))
            self.cell(
                0, height, (bullet if number == 0 else "") + line, new_x="LMARGIN", new_y="NEXT"
            )


def _fits_core_font(texts: list[str]) -> bool:
    try:
        "".join(texts).encode(CORE_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def pdf(paths: list[tuple[CareerPath, Synthesis]]) -> bytes:
    reports = [(path.name, sections(path, synthesis)) for path, synthesis in paths]
    texts = [BULLET, FOOTER]
    for name, found in reports:
        texts.append(name)
        for heading, items in found:
            texts.append(heading)
            texts.extend(items)
    report = _Report(unicode=not _fits_core_font(texts))
    for name, found in reports:
        report.add_page()
        report.set_font(report.family, "B", 18)
        report.paragraph(name, 10)
        for heading, items in found:
            report.ln(2)
            report.set_font(report.family, "B", 12)
            report.paragraph(heading, 7)
            report.set_font(report.family, "", 10)
            for item in items:
                report.paragraph(item, 5, bullet=BULLET)
    if not reports:
        report.add_page()
        report.set_font(report.family, "", 12)
        report.paragraph("No career paths yet.", 8)
    return bytes(report.output())
