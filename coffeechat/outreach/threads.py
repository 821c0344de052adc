"""Reading a pasted e-mail thread, or a saved .eml file, into its messages.

A whole message (headers, a blank line, the body; a .eml file) is read by Python's `email`
package: its From and Date headers name the newest message. Below it, and in a thread pasted
from a mail program's window, the earlier messages are told apart by what mail programs write
above a quoted message:

- an attribution line, "On <date>, <name> wrote:" and its translations (Gmail, Apple Mail,
  Thunderbird; Gmail wraps it over two lines), followed by the message quoted with ">";
- an Outlook header block, "From: … / Sent: … / To: … / Subject: …" (or "De : … / Envoyé : …",
  "Von: … / Gesendet: …"), followed by the message unquoted.

The messages come out newest first, each with its sender and date when the thread names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser, Parser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from coffeechat.contacts.normalise import normalise_email, normalise_name
from coffeechat.outreach.thread_dates import parse_mail_date

# A thread longer than this is not a pasted conversation; the limit keeps parsing quick.
MAX_THREAD_CHARS = 300_000


class ThreadError(ValueError):
    """The input cannot be read as a thread; the message is for the user."""


@dataclass(frozen=True)
class ThreadMessage:
    sender_name: str
    sender_email: str
    sent_at: datetime | None
    body: str

    @property
    def sender(self) -> str:
        if self.sender_name and self.sender_email:
            return f"{self.sender_name} <{self.sender_email}>"
        return self.sender_name or self.sender_email


# --- reading the input ---------------------------------------------------------------------------


def read_eml(data: bytes, zone: tzinfo) -> list[ThreadMessage]:
    """The messages of a saved e-mail file (.eml), newest first."""
    if not data.strip():
        raise ThreadError("The file is empty.")
    if len(data) > MAX_THREAD_CHARS * 4:
        raise ThreadError("The file is too large to be one e-mail (over 1 MB).")
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not (message["From"] or message["Date"]) or message.defects and not message["From"]:
        raise ThreadError(
            "This file is not an e-mail message: it has no From or Date header. "
            "Save the message from your mail program as .eml (\u201cSave as\u201d or "
            "\u201cDownload message\u201d)."
        )
    return _from_message(message, zone)


def read_pasted(text: str, zone: tzinfo) -> list[ThreadMessage]:
    """The messages of a pasted thread, newest first; headers are read when they were pasted."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if not text.strip():
        raise ThreadError("Paste the e-mail thread, or choose a saved .eml file.")
    if len(text) > MAX_THREAD_CHARS:
        raise ThreadError(
            f"That is {len(text):,} characters: more than one thread. Paste the last few "
            "messages only."
        )
    if _starts_with_headers(text):
        message = Parser(policy=policy.default).parsestr(text)
        return _from_message(message, zone)
    return _split(text, "", "", None, zone)


_HEADER_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*:[ \t]")


def _starts_with_headers(text: str) -> bool:
    """Whether `text` is a whole message: header lines including a Date the `email` package
    reads, then a blank line. An Outlook block pasted at the top has free-text dates instead."""
    head, _, _ = text.partition("\n\n")
    lines = head.split("\n")
    if not all(_HEADER_LINE.match(line) or line[:1] in " \t" for line in lines):
        return False
    names = {line.split(":", 1)[0].lower() for line in lines if _HEADER_LINE.match(line)}
    if not {"from", "date"} <= names:
        return False
    date = next(line.split(":", 1)[1] for line in lines if line.lower().startswith("date:"))
    try:
        return parsedate_to_datetime(date.strip()) is not None
    except (TypeError, ValueError, IndexError):
        return False


def _from_message(message: EmailMessage, zone: tzinfo) -> list[ThreadMessage]:
    name, address = _first_address(str(message["From"] or ""))
    sent_at = None
    if message["Date"]:
        sent_at = parse_mail_date(str(message["Date"]), zone)
    return _split(_body_text(message), name, address, sent_at, zone)


def _first_address(value: str) -> tuple[str, str]:
    pairs = [pair for pair in getaddresses([value]) if any(pair)]
    if not pairs:
        return "", ""
    name, address = pairs[0]
    return name.strip().strip('"'), address.strip() if "@" in address else ""


def _body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset or a broken encoding
        content = part.get_payload(decode=True) or b""
        content = content.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content.replace("\r\n", "\n")


class _TextOfHtml(HTMLParser):
    """HTML mail as plain text, each <blockquote> level written as "> " the way plain mail
    quotes, so one splitter reads both."""

    BLOCKS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.depth = 0
        self.skip = 0

    def _newline(self) -> None:
        self.lines.append("")

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("style", "script", "head", "title"):
            self.skip += 1
        elif tag == "blockquote":
            self.depth += 1
            self._newline()
        elif tag in self.BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head", "title"):
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self.depth = max(0, self.depth - 1)
            self._newline()
        elif tag in self.BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        text = re.sub(r"\s+", " ", data)
        if not text.strip() and not self.lines[-1]:
            return
        if not self.lines[-1]:
            self.lines[-1] = "> " * self.depth
            text = text.lstrip()
        self.lines[-1] += text


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [line.rstrip() for line in parser.lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- splitting a body into its messages ---------------------------------------------------------

_VERB = r"(?:wrote|a\s+écrit|a\s+ecrit|escribió|escribio|ha\s+scritto|escreveu)"
# "On <date>, <who> wrote:", "Le <date>, <who> a écrit :", "El <date>, <who> escribió:"…
_ATTRIBUTION_DATE_FIRST = re.compile(
    rf"^(?:on|le|el|il|em)\s+(?P<both>.+?)\s*{_VERB}\s*:$", re.IGNORECASE
)
# "Am <date> schrieb <who>:", "Op <date> schreef <who>:"
_ATTRIBUTION_VERB_FIRST = re.compile(
    r"^(?:am|op)\s+(?P<date>.+?)\s+(?:schrieb|schreef)\s+(?P<who>.+?)\s*:$", re.IGNORECASE
)
# "<who> wrote on <date>:", "<who> schrieb am <date>:"
_ATTRIBUTION_WHO_FIRST = re.compile(
    r"^(?P<who>.+?)\s+(?:wrote\s+on|schrieb\s+am|a\s+écrit\s+le)\s+(?P<date>.+?)\s*:$",
    re.IGNORECASE,
)
# "Jane Doe <jane@example.com> wrote:", with no date: only with an address, so that a sentence
# such as "As my manager wrote:" is not taken for a message.
_ATTRIBUTION_NO_DATE = re.compile(
    rf"^(?P<who>[^<>]*<[^<>@\s]+@[^<>\s]+>)\s*(?:{_VERB}|schrieb|schreef)\s*:$", re.IGNORECASE
)

_FROM = re.compile(r"^\*?(?:from|von|de|van|da|från|fra)\s*:\*?\s*(?P<value>.+)$", re.IGNORECASE)
_SENT = re.compile(
    r"^\*?(?:sent|date|gesendet|datum|envoyé|envoye|enviado(?:\s+el)?|verzonden|inviato|data"
    r"|skickat|sendt)\s*:\*?\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_OTHER_HEADER = re.compile(
    r"^\*?(?:to|cc|bcc|subject|an|betreff|à|a|objet|para|asunto|aan|onderwerp|oggetto"
    r"|assunto|till|ämne|reply-to|importance|priority|wichtigkeit)\s*:\*?",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}.*(?:original|message|nachricht|ursprüngliche|forwarded|d'origine).*-{2,}"
    r"|_{10,}|-{10,})\s*$",
    re.IGNORECASE,
)
_EMAIL_IN = re.compile(
    r"<\s*(?:mailto:)?([^<>\s]+@[^<>\s]+?)\s*>|\[mailto:([^\]\s]+)\]|\(<?([^()<>\s]+@[^()<>\s]+?)>?\)"
)
_BARE_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_TIME_END = re.compile(
    r"\d{1,2}\s*(?::|h)\s*\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?\s?m\.?))?"
    r"(?:\s*(?:uhr|hrs?))?(?:\s*(?:gmt|utc)?\s*[+-]\d{1,2}:?\d{0,2})?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Marker:
    start: int  # first line of the marker
    end: int  # first line after it
    name: str
    email: str
    date_text: str
    quoted_below: bool  # an attribution: the older message follows quoted with ">"


def _split(
    text: str, name: str, email: str, sent_at: datetime | None, zone: tzinfo
) -> list[ThreadMessage]:
    messages: list[ThreadMessage] = []
    while True:
        lines = text.split("\n")
        marker = _find_marker(lines)
        if marker is None:
            messages.append(ThreadMessage(name, email, sent_at, _clean(lines)))
            return messages
        above = lines[: marker.start]
        while above and (not above[-1].strip() or _SEPARATOR.match(above[-1])):
            above.pop()
        messages.append(ThreadMessage(name, email, sent_at, _clean(above)))
        below = lines[marker.end :]
        if marker.quoted_below or _all_quoted(below):
            below = _unquote(below)
        text = "\n".join(below)
        name, email = marker.name, marker.email
        sent_at = parse_mail_date(marker.date_text, zone) if marker.date_text else None


def _find_marker(lines: list[str]) -> _Marker | None:
    previous = ""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith(">"):
            marker = None
            if not previous.startswith(">"):
                marker = _quoted_attribution_at(lines, index)
        else:
            marker = _attribution_at(lines, index) or _outlook_block_at(lines, index)
        if marker:
            return marker
        previous = line
    return None


def _quoted_attribution_at(lines: list[str], index: int) -> _Marker | None:
    """Apple Mail puts the attribution inside the quote: "> On 4 Mar 2025, at 09:15, … wrote:"."""
    marker = _attribution_at(_unquote(lines[index : index + 3]), 0)
    if marker is None:
        return None
    return _Marker(
        index, index + marker.end, marker.name, marker.email, marker.date_text, quoted_below=True
    )


def _attribution_at(lines: list[str], index: int) -> _Marker | None:
    joined = ""
    # Gmail wraps a long attribution line: "… Jane Doe <" / "jane@example.com> wrote:".
    for end in range(index, min(index + 3, len(lines))):
        part = lines[end].strip()
        if end > index and (not part or part.startswith(">")):
            return None
        joined = f"{joined}{part}" if joined.endswith("<") else f"{joined} {part}".strip()
        if not joined.endswith(":"):
            continue
        found = _read_attribution(joined)
        if found:
            name, email, date_text = found
            return _Marker(index, end + 1, name, email, date_text, quoted_below=True)
    return None


def _read_attribution(line: str) -> tuple[str, str, str] | None:
    if match := _ATTRIBUTION_VERB_FIRST.match(line):
        return (*_person(match["who"]), match["date"])
    if match := _ATTRIBUTION_WHO_FIRST.match(line):
        return (*_person(match["who"]), match["date"])
    if match := _ATTRIBUTION_DATE_FIRST.match(line):
        date_text, who = _date_and_person(match["both"])
        if who or date_text:
            return (*_person(who), date_text)
    if match := _ATTRIBUTION_NO_DATE.match(line):
        return (*_person(match["who"]), "")
    return None


def _date_and_person(both: str) -> tuple[str, str]:
    """Split "Mon, Mar 3, 2025 at 2:02 PM Jane Doe <jane@example.com>" after the time; with no
    time, at the last comma."""
    address = _EMAIL_IN.search(both)
    head = both[: address.start()] if address else both
    times = list(_TIME_END.finditer(head))
    if times:
        cut = times[-1].end()
        date_text, who = head[:cut], head[cut:]
    elif "," in head:
        date_text, who = head.rsplit(",", 1)
    else:
        date_text, who = head, ""
    who = re.sub(r"^[\s,]*(?:at\s+|um\s+)?", "", who).strip(" ,")
    if address:
        who = f"{who} {address.group(0)}"
    return date_text.strip(" ,"), who.strip()


def _person(value: str) -> tuple[str, str]:
    """("Jane Doe", "jane@example.com") from "Jane Doe <jane@example.com>", "Doe, Jane
    [mailto:jane@example.com]", "'Jane Doe' via Group" or a bare address."""
    value = value.strip()
    email = ""
    match = _EMAIL_IN.search(value)
    if match:
        email = next(group for group in match.groups() if group)
        value = (value[: match.start()] + value[match.end() :]).strip()
    elif bare := _BARE_EMAIL.search(value):
        email = bare.group(0)
        value = (value[: bare.start()] + value[bare.end() :]).strip()
    name = value.strip(" \"',*")
    if name.lower() in ("", "mailto"):
        name = ""
    return name, email.strip().rstrip(".")


def _outlook_block_at(lines: list[str], index: int) -> _Marker | None:
    found = _FROM.match(lines[index].strip())
    if not found:
        return None
    date_text = ""
    end = index + 1
    while end < len(lines) and end <= index + 8:
        line = lines[end].strip()
        if sent := _SENT.match(line):
            date_text = sent["value"]
        elif not _OTHER_HEADER.match(line) and not (line and lines[end][:1] in " \t"):
            break
        end += 1
    if not date_text:
        return None
    name, email = _person(found["value"])
    return _Marker(index, end, name, email, date_text.strip(), quoted_below=False)


def _all_quoted(lines: list[str]) -> bool:
    filled = [line for line in lines if line.strip()]
    return bool(filled) and all(line.startswith(">") for line in filled)


def _unquote(lines: list[str]) -> list[str]:
    """One level of ">" quoting removed, up to the first unquoted line after the quote (a
    reply written below the quote belongs to the message above, not to the quoted one)."""
    out: list[str] = []
    seen_quote = False
    for line in lines:
        if line.startswith(">"):
            seen_quote = True
            line = line[1:]
            out.append(line[1:] if line.startswith(" ") else line)
        elif not line.strip():
            out.append("")
        elif seen_quote:
            break
        else:
            out.append(line)  # a client that dropped the ">" (a copy from a web page)
    return out


def _clean(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip()


# --- whose message ------------------------------------------------------------------------------


def _name_words(name: str) -> frozenset[str]:
    return frozenset(normalise_name(name).split())


def is_from(message: ThreadMessage, person) -> bool:
    """Whether the message was sent by `person` (a contact, or the user as a `Person`): by one
    of their addresses, else by name ("Doe, Jane" matches Jane Doe)."""
    addresses = {normalise_email(e) for e in person.emails or [] if e}
    if message.sender_email and normalise_email(message.sender_email) in addresses:
        return True
    words = _name_words(message.sender_name)
    if not words:
        return False
    names = {_name_words(person.display_name)}
    if person.given_name or person.family_name:
        names.add(_name_words(f"{person.given_name} {person.family_name}"))
    return words in names


@dataclass(frozen=True)
class Person:
    """The user as `is_from` reads a contact: their addresses and the name they write under."""

    display_name: str
    emails: tuple[str, ...] = ()
    given_name: str = ""
    family_name: str = ""


@dataclass(frozen=True)
class Proposal:
    message: ThreadMessage
    index: int  # its place in the thread, newest first
    named: bool  # False: the paste did not say who wrote it; the user is asked to check


def propose_reply(
    messages: list[ThreadMessage], contact, me: Person | None = None
) -> Proposal | None:
    """The contact's newest message: the latest dated one they sent; else the newest that
    names them; else the unnamed top of a paste whose next message is the user's own (their
    reply copied from the mail program's window, with the user's request quoted below)."""
    theirs = [(i, m) for i, m in enumerate(messages) if is_from(m, contact)]
    dated = [(i, m) for i, m in theirs if m.sent_at]
    if dated:
        index, message = max(dated, key=lambda pair: pair[1].sent_at)
        return Proposal(message, index, named=True)
    if theirs:
        return Proposal(theirs[0][1], theirs[0][0], named=True)
    top = messages[0] if messages else None
    answered = messages[1] if len(messages) > 1 else None
    if top and top.body and not top.sender and me and answered and is_from(answered, me):
        return Proposal(top, 0, named=False)
    return None
