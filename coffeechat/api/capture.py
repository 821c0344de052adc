"""Read a web page's title, address and selected text as a person: name, role, organisation.

The bookmarklet sends only what the browser already shows (no page is fetched or scraped).
Profile pages put the person in the title, most often as "Name - Headline - Company | Site";
LinkedIn adds a "(3) " count of notifications in front. A selection, when it looks like a name
(and a headline below it), is what the user pointed at, so it wins over the title.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nameparser import HumanName

from coffeechat.contacts.models import Contact
from coffeechat.contacts.normalise import normalise_linkedin_url, normalise_name

# "Name – Role – Company" with any dash, a bar, a middle dot or a bullet between the parts.
_SEPARATOR = re.compile(r"\s+[-–—|·•]\s+")
_NOTIFICATIONS = re.compile(r"^\(\d+\+?\)\s*")
_SITE_SUFFIX = re.compile(r"\s*[|\-–—]\s*(LinkedIn|Xing|Twitter|X|GitHub|Medium)\s*$", re.I)
# A headline as people write it: "Designer at Stripe", "Head of Research @ Acme".
_AT = re.compile(r"\s+(?:at|@)\s+", re.I)
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")


@dataclass
class Parsed:
    name: str = ""
    role: str = ""
    organisation: str = ""
    linkedin_url: str = ""
    link: str = ""  # the page's address, when it is not a LinkedIn profile
    title: str = ""
    notes: str = ""  # selected text that is not the name and headline
    found: list[str] = field(default_factory=list)  # what was read, for the page to say


def looks_like_name(text: str) -> bool:
    """Two to five words, each starting with a capital letter or a particle (van, de)."""
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 80:
        return False
    particles = {"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "bin", "al"}
    return all(
        _NAME_WORD.match(word) and (word[0].isupper() or word.lower() in particles)
        for word in words
    )


def _headline(text: str) -> tuple[str, str]:
    """A headline as (role, organisation): "Designer at Stripe" -> ("Designer", "Stripe")."""
    parts = _AT.split(text.strip(), maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    return text.strip(), ""


def _from_title(title: str) -> tuple[str, str, str]:
    title = _SITE_SUFFIX.sub("", _NOTIFICATIONS.sub("", title.strip()))
    parts = [p.strip() for p in _SEPARATOR.split(title) if p.strip()]
    if not parts or not looks_like_name(parts[0]):
        # Not a profile's title; a person's name may still be one of its parts.
        named = [p for p in parts if looks_like_name(p)]
        return (named[0] if len(named) == 1 else ""), "", ""
    name, rest = parts[0], parts[1:]
    if len(rest) >= 2:
        return name, rest[0], rest[1]
    if len(rest) == 1:
        role, organisation = _headline(rest[0])
        return name, role, organisation
    return name, "", ""


def parse_page(title: str, url: str, selection: str) -> Parsed:
    title = " ".join(title.split())[:500]
    parsed = Parsed(title=title)
    parsed.name, parsed.role, parsed.organisation = _from_title(title)
    lines = [line.strip() for line in selection.strip().splitlines() if line.strip()]
    if lines and looks_like_name(lines[0]):
        parsed.name = lines[0]
        if len(lines) > 1 and len(lines[1]) <= 200:
            parsed.role, organisation = _headline(lines[1])
            parsed.organisation = organisation or parsed.organisation
            lines = lines[2:]
        else:
            lines = lines[1:]
    parsed.notes = "\n".join(lines)
    url = url.strip()[:500]
    if urlsplit(url).scheme in ("http", "https"):
        if "linkedin.com/in/" in url.lower():
            parsed.linkedin_url = url.split("?")[0]
        else:
            parsed.link = url
    return parsed


def split_name(name: str) -> tuple[str, str]:
    """Given and family names, as the referral form splits them."""
    human = HumanName(name)
    given = (human.first or "").strip()
    family = " ".join(p for p in (human.middle, human.last) if p).strip()
    return given[:150], family[:150]


def duplicates_of(user, *, name: str, linkedin_url: str = "", link: str = "") -> list[Contact]:
    """The user's contacts that are probably this person: the same LinkedIn profile, the same
    page among their links, or the same name (matched as the duplicates page matches them)."""
    contacts = Contact.objects.owned_by(user).select_related("organisation")
    found: dict[int, Contact] = {}
    key = normalise_linkedin_url(linkedin_url) if linkedin_url else ""
    if key:
        found.update({c.pk: c for c in contacts.filter(linkedin_key=key)[:5]})
    if link:
        for contact in contacts.filter(links__icontains=link[:200])[:20]:
            if any(isinstance(x, dict) and x.get("url") == link for x in contact.links or []):
                found[contact.pk] = contact
    name_key = normalise_name(name)
    if name_key:
        found.update({c.pk: c for c in contacts.filter(name_key=name_key)[:5]})
    return list(found.values())
