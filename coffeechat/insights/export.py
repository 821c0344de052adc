"""A career path (or all of them) as a Markdown file and as a PDF report."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from coffeechat.insights.models import CareerPath
from coffeechat.insights.synthesis import NOT_YET, Synthesis

# DejaVu covers accents, Cyrillic, Greek and more; without it, the core font and Latin-1 only.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


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
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.unicode = all((FONT_DIR / name).exists() for name in FONT_FILES.values())
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
        return (
            text.replace("—", "-")
            .replace("…", "...")
            .encode("latin-1", "replace")
            .decode("latin-1")
        )

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 8, self.text_of(f"Coffeechat · page {self.page_no()}"), align="C")


def pdf(paths: list[tuple[CareerPath, Synthesis]]) -> bytes:
    report = _Report()
    width = 0  # full width of the text area
    for path, synthesis in paths:
        report.add_page()
        report.set_font(report.family, "B", 18)
        report.multi_cell(width, 10, report.text_of(path.name))
        for heading, items in sections(path, synthesis):
            report.ln(2)
            report.set_font(report.family, "B", 12)
            report.multi_cell(width, 7, report.text_of(heading))
            report.set_font(report.family, "", 10)
            for item in items:
                report.set_x(report.l_margin)
                report.multi_cell(width, 5, report.text_of("• " + item))
    if not paths:
        report.add_page()
        report.set_font(report.family, "", 12)
        report.multi_cell(0, 8, "No career paths yet.")
    return bytes(report.output())
