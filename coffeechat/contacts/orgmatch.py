"""Suggest an existing organisation for a name that is probably the same one written another way.

"Arup" and "Arup Group Ltd", "Ernst & Young" and "Ernst and Young LLP", or a typo like
"Acenture" for "Accenture" are one employer to a person, but not to `normalise_organisation_name`,
which only joins names whose key is identical ("Stripe, Inc." is "Stripe") so that it never
joins two different employers. This module looks further, and only suggests: the user decides
whether to use the existing organisation or keep the name as a new one.

Two steps, strict enough that "Arup" is not "Arcadis" and "Meta" is not "Metaswitch":

1. a looser key (`loose_key`): the organisation key without words that say what kind of
   company it is ("Group", "Holdings", "& Co", legal forms), without dots and apostrophes,
   and with "&" read as "and"; names with one loose key are suggested;
2. otherwise a near-identical loose key by edit distance (rapidfuzz's normalised Indel
   similarity, `fuzz.ratio`, at least SIMILARITY, among names with the same first letter),
   which catches typos and spacing, not one name that merely starts another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from coffeechat.contacts.normalise import LEGAL_SUFFIXES, fold, normalise_organisation_name

# Words that describe the company's structure, not which company it is, when they end a name.
_FORM_WORDS = LEGAL_SUFFIXES | {"group", "holding", "holdings", "and"}
# fuzz.ratio (0-100) from which two loose keys count as one name mistyped: one wrong letter in
# a nine-letter name scores about 94; "arup"/"arcadis" 55, "meta"/"metaswitch" 57.
SIMILARITY = 90
# Below this many letters one changed letter is another name ("Bain" / "Bein").
_MIN_FUZZY_LENGTH = 6


def loose_key(name: str) -> str:
    """The name with its legal form, "Group"/"Holdings", "& Co", "The", punctuation and case
    dropped: "The Arup Group Ltd." → "arup"."""
    text = fold(name).replace("&", " and ")
    text = re.sub(r"[.'’]", "", text)  # "S.A." → "sa", "McDonald's" → "mcdonalds"
    words = re.sub(r"[^\w\s]", " ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _FORM_WORDS:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class Suggestion:
    organisation_id: int
    name: str  # the existing organisation's name, as the user wrote it


class Suggester:
    """Suggestions among one user's organisations, built once and asked many times."""

    def __init__(self, organisations: list[tuple[int, str, str]]) -> None:
        """`organisations`: (id, name, name_key) of every organisation of the user."""
        self.keys = {key for _pk, _name, key in organisations}
        self.by_loose: dict[str, Suggestion] = {}
        for pk, name, _key in sorted(organisations):
            self.by_loose.setdefault(loose_key(name), Suggestion(pk, name))
        # Typos are compared within the names that start with the same letter: a mistyped
        # first letter is rare, and this keeps a preview of 10,000 new names against 5,000
        # organisations well under a second.
        self.by_initial: dict[str, list[str]] = {}
        for loose in self.by_loose:
            self.by_initial.setdefault(loose[:1], []).append(loose)

    @classmethod
    def for_user(cls, user) -> Suggester:
        from coffeechat.contacts.models import Organisation

        rows = Organisation.objects.owned_by(user).values_list("id", "name", "name_key")
        return cls(list(rows))

    def suggest(self, name: str) -> Suggestion | None:
        """An existing organisation that `name` probably means; None when the name is already
        one of them exactly (it is simply used) or nothing is close enough."""
        name = name.strip()
        if not name or normalise_organisation_name(name) in self.keys:
            return None
        loose = loose_key(name)
        found = self.by_loose.get(loose)
        if found is not None:
            return found
        choices = self.by_initial.get(loose[:1], [])
        if len(loose) < _MIN_FUZZY_LENGTH or not choices:
            return None
        best = process.extractOne(
            loose, choices, scorer=fuzz.ratio, processor=None, score_cutoff=SIMILARITY
        )
        if best is None or len(best[0]) < _MIN_FUZZY_LENGTH:
            return None
        return self.by_loose[best[0]]
