"""Normal forms used to match the same person or organisation written in different ways."""

import re
import unicodedata

# Legal-form suffixes that do not distinguish one organisation from another.
LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "bv",
    "nv",
    "plc",
    "pty",
    "srl",
    "spa",
    "oy",
    "ab",
    "as",
    "kk",
    "lp",
    "llp",
    "pc",
    "pllc",
    "sarl",
}


def fold(text: str) -> str:
    """Lower-case and strip accents so "José" and "jose" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def normalise_name(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(name)).split())


def normalise_organisation_name(name: str) -> str:
    words = re.sub(r"[^\w\s&]", " ", fold(name)).split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalise_linkedin_url(url: str) -> str:
    """Reduce a profile URL to `linkedin.com/in/<slug>` so variants match."""
    url = url.strip()
    if not url:
        return ""
    match = re.search(r"linkedin\.com/(in|pub)/([^/?#]+)", url, flags=re.IGNORECASE)
    if match:
        return f"linkedin.com/{match.group(1).lower()}/{match.group(2).lower()}"
    return url.lower().rstrip("/")


def normalise_email(email: str) -> str:
    return email.strip().lower()
