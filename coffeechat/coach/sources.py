"""Where the coach's advice comes from: one list of source ids and the names a person would use.

A rule's `source` is an id from this list. The id of a seed article is its file name in
`seeds/` (stable, and what `coffeechat check --json` prints); every page shows the name instead:
the article's title and who wrote it where the article says, or the book.
"""

from __future__ import annotations

SEED_000 = "000_dc97486f72df04ae.txt"
SEED_001 = "001_534f4aae1c4f1e86.txt"
SEED_002 = "002_3eedcea7045676ab.txt"
SEED_003 = "003_3899fee0830d6ee1.txt"
SEED_004 = "004_1bb70e2d721c179f.txt"
DALTON = "dalton"
TIARA = "TIARA"
THANK_YOU_ETIQUETTE = "thank-you-etiquette"
BAD_PRESS = "bad-press-gently"
PICK_YOUR_BRAIN = "pick-your-brain"

# id -> how a page names it. The seed articles without a title line are named by what they say
# of themselves (000: "This article outlines leading practices … for conducting information
# interviews") and by their author (003: Monika Monga).
SOURCES: dict[str, str] = {
    SEED_000: "Leading practices for information interviews (a career adviser's article)",
    SEED_001: "Informational interviews: why and how? (Magdalena Mot)",
    SEED_002: "Information Interviews (a careers tipsheet)",
    SEED_003: "Information interviews: interview the employer (Monika Monga)",
    SEED_004: "5 Tips to Ace Your Next Information Interview",
    DALTON: "The 2-Hour Job Search (Steve Dalton)",
    TIARA: "The TIARA method (Trends, Insights, Advice, Resources, Assignments)",
    THANK_YOU_ETIQUETTE: "Thank-you etiquette (within 24 hours)",
    BAD_PRESS: "Asking about bad press without accusing (a career counsellor, Karen Chopra)",
    PICK_YOUR_BRAIN: 'Published advice against "Can I pick your brain?" (Josh Bernoff; Anna '
    "Goldfarb in the New York Times)",
}


def source_name(source: str) -> str:
    """The name to show for a source id; an id not in the list is shown as it is."""
    return SOURCES.get(source, source)
