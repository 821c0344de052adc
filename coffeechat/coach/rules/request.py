"""Rules for a request for an information interview (stage "request").

They follow The 2-Hour Job Search (S. Dalton) — short, connection first, the ask as a question,
more about them than about you, never a word about jobs — and the seeds on asking for a meeting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coffeechat.coach.engine import CheckContext, Severity, Span, find_spans, rule
from coffeechat.coach.sources import (
    DALTON,
    PICK_YOUR_BRAIN,
    SEED_000,
    SEED_001,
    SEED_002,
    SEED_003,
)
from coffeechat.core.channels import WORD_LIMITED_CHANNELS, Channel

# Dalton's first-edition limit: past it a request is long (a warning, as most advisers would trim
# it); published requests of 120-180 words are still sent, so only one past twice the limit is too
# long to read (a problem).
EMAIL_WORD_TARGET = 100
EMAIL_WORD_LIMIT = 200
NOTE_CHAR_LIMIT = 300

# A word as the length rules count it: letters or digits, with inner apostrophes and hyphens.
COUNT_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
SUBJECT_RE = re.compile(r"\A\s*subject\s*:[^\n]*(?:\n|\Z)", re.IGNORECASE)


def body_start(text: str) -> int:
    """Where the body starts: after a leading "Subject: …" line, when the text has one."""
    m = SUBJECT_RE.match(text)
    return m.end() if m else 0


# --- jobs -------------------------------------------------------------------------------------

_JOB_PATTERNS = [
    # "job", "jobs", "job search", "job-hunting"… but not "job title", which names a role.
    r"\bjob[\s-]*(?:hunt|hunting|seeker|seeking|search|searching)\b",
    r"\bjobs?\b(?![\s-]+titles?\b)",
    # "position", except "in a position to", "your position as/at …", "a position on X".
    r"(?<!\bin a )(?<!\bin no )(?<!\byour )(?<!\bher )(?<!\bhis )(?<!\btheir )"
    r"(?<!\byour current )(?<!\byour new )"
    r"\bpositions?\b(?!\s+(?:on|regarding|about)\b)",
    r"\bopenings\b",
    r"\b(?:an?|any|job)\s+opening\b",
    r"\b(?:open|available|vacant|any|entry[\s-]level|junior)\s+(?:roles?|positions?|seats?)\b",
    r"\bvacanc(?:y|ies)\b",
    r"\bhir(?:e|es|ed|ing)\b",
    r"\brecruit(?:s|ed|ing|ment)?\b",
    r"\binternships?\b",
    r"\bemployment\b",
    r"\bemploy\s+me\b",
    r"\bapply(?:ing)?\s+(?:for|to)\s+(?:an?\s+|the\s+|any\s+)?"
    r"(?:role|roles|position|positions|opening|openings|team|job|jobs|posting|program)\b",
    r"\bmy\s+applications?\b|\b(?:job|internship)\s+applications?\b",
    r"\b(?:looking|searching|hunting)\s+for\s+(?:a\s+)?(?:work|new\s+role|role)\b",
    r"\bfoot\s+in\s+the\s+door\b",
    r"\bput\s+in\s+a\s+good\s+word\b",
    r"\brefer\s+me\b",
    r"\bkeep\s+me\s+in\s+mind\b",
    r"\bif\s+anything\s+(?:comes|opens)\s+up\b",
    r"\bbe\s+considered\s+for\b",
    r"\bopportunit(?:y|ies)\s+(?:on|at|with|in|to\s+join)\s+your\b",
    r"\b(?:career|job|employment|work)\s+opportunit(?:y|ies)\b",
    r"\bopportunit(?:y|ies)\s+(?:at|with)(?=\s+(?-i:[A-Z]))",
    r"\b(?:taking|bringing)\s+on\s+(?:new\s+|more\s+|any\s+)?(?:people|staff|hires|graduates|"
    r"grads|analysts|engineers|developers|designers|interns|team\s+members)\b",
    r"\b(?:a\s+)?(?:place|spot|seat)\s+on\s+your\s+team\b",
    r"\b(?:be|become)\s+(?:a\s+)?part\s+of\s+your\s+(?:team|company|firm)\b",
    # "I'd love to work for you", not "would next week work for you?"
    r"\b(?:to|i|i'd|i\s+would|i\s+could|i\s+can)\s+(?:\w+\s+)?work\s+for\s+"
    r"(?:you|your\s+(?:company|team|firm|organi[sz]ation))\b",
    r"\bjoin\s+your\s+(?:team|company|firm)\b",
    # Résumé with or without accents; plain "resume" only where it is clearly the document.
    r"\br[ée]sum[ée]s?\b(?<!\bresume)(?<!\bresumes)",
    r"\b(?:my|a|the|your|attached|updated|current)\s+resumes?\b",
    r"\bresumes?\s+(?:is\s+)?attached\b",
    r"\bCVs?\b",
    r"\bC\.V\.",
    r"\bcurriculum\s+vitae\b",
]
JOB_RE = re.compile("|".join(f"(?:{p})" for p in _JOB_PATTERNS), re.IGNORECASE)
# "CV" must be in capitals (a lower-case "cv" is rarely the document); checked separately.
_CV_RE = re.compile(r"\bcvs?\b", re.IGNORECASE)
# Words that talk about the labour market rather than ask for a place in it (thank-you notes).
_MARKET_RE = re.compile(
    r"\bjob\s+(?:market|markets|outlook|growth|satisfaction|description|descriptions)\b",
    re.IGNORECASE,
)


def job_spans(text: str, *, lenient: bool = False) -> list[Span]:
    """Spans that ask for or mention a job. `lenient` lets "the job market" and the like pass."""
    spans: list[Span] = []
    market = [m.span() for m in _MARKET_RE.finditer(text)] if lenient else []
    for m in JOB_RE.finditer(text):
        found = m.group(0)
        if _CV_RE.fullmatch(found) and not found.isupper():
            continue
        if any(start <= m.start() < end for start, end in market):
            continue
        spans.append(Span(m.start(), m.end()))
    return spans


# --- sentences --------------------------------------------------------------------------------

_GREETING_LINE_RE = re.compile(
    r"\A\s*(?:(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|greetings)\b[^\n]{0,60}"
    r"|[^\n]{1,40},)\s*(?:\n|\Z)",
    re.IGNORECASE,
)
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "e.g", "i.e", "etc", "vs", "ph.d", "jr"}
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'’”)]*(?=\s)|\n\s*\n|\n")


def sentences(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in text[start:], skipping blank stretches."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END_RE.finditer(text, start):
        if m.group(0).startswith((".", "!", "?")):
            before = text[pos : m.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if m.group(0) == "." and (
                last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())
            ):
                continue
        end = m.end() if m.group(0)[0] in ".!?" else m.start()
        if text[pos:end].strip():
            out.append((pos, end))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    # Trim leading whitespace from each sentence's span.
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in out]


def opening_window(text: str, count: int = 2) -> tuple[int, int]:
    """The subject line (if any) and the first `count` sentences after the greeting."""
    start = body_start(text)
    greeting = _GREETING_LINE_RE.match(text, start)
    if greeting:
        start = greeting.end()
    found = sentences(text, start)[:count]
    end = found[-1][1] if found else len(text)
    return 0, end


# --- matching names and phrases ---------------------------------------------------------------

STOPWORDS = frozenset(
    """a an and are as at be by for from has have he her his i in is it its me my of on or our
    she so that the their them they this to was we were with you your the""".split()  # noqa: SIM905
)


def significant_words(phrase: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", phrase.lower()) if len(w) >= 2 and w not in STOPWORDS]


def first_mention(text: str, phrase: str) -> Span | None:
    """The first place where a significant word of `phrase` appears in `text`."""
    best: Span | None = None
    for word in significant_words(phrase):
        m = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
        if m and (best is None or m.start() < best.start):
            best = Span(m.start(), m.end())
    return best


# --- the rules --------------------------------------------------------------------------------


def _word_matches(text: str) -> list[re.Match[str]]:
    return list(COUNT_WORD_RE.finditer(text, body_start(text)))


@rule(
    "request.too-long",
    stage="request",
    severity=Severity.PROBLEM,
    # No separate suggestion: the message says what to cut it to, and the JSON others read for
    # this finding keeps its documented keys.
    message="Too long to be read to the end (past 200 words for an e-mail or LinkedIn message, "
    "or LinkedIn's 300 characters for a note): cut it to the connection, one line about you "
    "and the ask.",
    source=DALTON,
)
def too_long(text: str, context: CheckContext) -> Iterable[Span | None]:
    if context.channel == Channel.LINKEDIN_NOTE:
        stripped = text.rstrip()
        if len(stripped) > NOTE_CHAR_LIMIT:
            yield Span(NOTE_CHAR_LIMIT, len(stripped))
        return
    if context.channel in WORD_LIMITED_CHANNELS:
        found = _word_matches(text)
        if len(found) > EMAIL_WORD_LIMIT:
            yield Span(found[EMAIL_WORD_LIMIT].start(), found[-1].end())


@rule(
    "request.long",
    stage="request",
    severity=Severity.WARNING,
    message="Over 100 words: a shorter request is read to the end and easier to say yes to.",
    source=DALTON,
    suggestion="Keep three parts: how you are connected, one line about you, and the ask.",
)
def long(text: str, context: CheckContext) -> Iterable[Span | None]:
    if context.channel in WORD_LIMITED_CHANNELS:
        found = _word_matches(text)
        if EMAIL_WORD_TARGET < len(found) <= EMAIL_WORD_LIMIT:
            yield Span(found[EMAIL_WORD_TARGET].start(), found[-1].end())


# A job word is an ask when its sentence asks for the job outright (a question about openings,
# "refer me", "keep me in mind", a résumé passed on, a pitch for the post); it only names one
# when the sentence is about what the writer wants to learn, or describes the reader's work
# ("you sometimes hire people with my background"). Advisers agree on the first ("don't send
# this"); they differ on the second: Dalton and SFU want no word about jobs at all, while
# published rewrites (needlesearch, ForgeTomorrow, eduelearn) name the opening they ask about.
_OUTRIGHT_ASK_RE = re.compile(
    r"\b(?:refer|hire|employ|recommend|consider)\s+me\b"
    r"|\bkeep\s+me\s+in\s+mind\b|\bput\s+in\s+a\s+(?:good\s+)?word\b"
    r"|\b(?:pass|forward|send|share)\s+(?:on\s+)?(?:along\s+)?my\b|\bbe\s+considered\b"
    r"|\bif\s+anything\s+(?:comes|opens)\s+up\b|\b(?:find|get|give|offer)\s+me\s+(?:a|an|some)\b"
    r"|\bappl(?:y|ying|ied|ication|ications)\b|\bwork\s+for\s+you\b|\bjoin\s+your\b"
    r"|\b(?:place|spot|seat)\s+on\s+your\s+team\b|\bfoot\s+in\s+the\s+door\b"
    r"|\b(?:want|love|like|need|land|seek|seeking)\s+(?:an?\s+|the\s+)?"
    r"(?:job|internship|position|role|offer)\b"
    r"|\blooking\s+for\s+(?:an?\s+)?(?:job|internship|position|role|work)\b"
    r"|\b(?:job|internship|position)\s+(?:at|with|in)\s+your\b",
    re.IGNORECASE,
)
# Selling yourself for the post in the same sentence makes it an application.
_PITCH_RE = re.compile(
    r"\b(?:good|great|perfect|strong|ideal)\s+(?:fit|match|candidate|addition)\b"
    r"|\bvaluable\s+(?:member|addition|asset)\b|\bmake\s+a\s+(?:\w+\s+)?(?:impact|contribution)\b"
    r"|\bi\s+(?:have|bring)\s+(?:the\s+)?(?:passion|experience|skills?|background|qualifications)\b"
    r"|\bqualified\b",
    re.IGNORECASE,
)
# What a sentence is about when it names a job to learn about it.
_LEARN_FRAME_RE = re.compile(
    r"\binterest(?:ed|s)?\s+in\b"
    r"|\b(?:learn(?:ing|ed|t)?|hear(?:ing|d)?|know)\s+(?:more\s+|a\s+bit\s+)?about\b"
    r"|\b(?:advice|insights?|perspective|tips|guidance)\b|\bcurious\s+about\b|\bexplor(?:e|ing)\b"
    r"|\bwhat\s+(?:the\s+team|they|you|it)\s+(?:is|are)\s+looking\s+for\b"
    r"|\b(?:saw|see|seen|noticed|notice|came\s+across)\b",
    re.IGNORECASE,
)
# A question about jobs is an ask unless it asks for advice about them.
_QUESTION_ADVICE_RE = re.compile(
    r"\b(?:advice|insights?|tips|learn|perspective|guidance)\b|\blook(?:s|ing)?\s+for\b",
    re.IGNORECASE,
)
# The reader's own work described: "you sometimes hire…", "your team recruits…".
_READER_SUBJECT_RE = re.compile(
    r"\b(?:you|your\s+(?:team|company|firm|organi[sz]ation|department))\s+(?:[a-z]+\s+){0,2}\Z",
    re.IGNORECASE,
)
_DOCUMENT_RE = re.compile(r"r[ée]sum[ée]|\bresumes?\b|\bCVs?\b|C\.V\.|curriculum", re.IGNORECASE)


def _sentence_at(text: str, pos: int, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        if start <= pos < end:
            return text[start:end]
    return text


def job_asks_and_mentions(
    text: str, *, lenient: bool = False, learning: re.Pattern[str] | None = None
) -> tuple[list[Span], list[Span]]:
    """Job words that ask for a job outright, and those that only name one (see above).

    `learning` replaces what counts as a sentence about learning (a thank-you narrows it).
    """
    learning = learning or _LEARN_FRAME_RE
    asks: list[Span] = []
    mentions: list[Span] = []
    bounds = sentences(text)
    for span in job_spans(text, lenient=lenient):
        found = text[span.start : span.end]
        sentence = _sentence_at(text, span.start, bounds)
        before = text[max(0, span.start - 40) : span.start]
        outright = _OUTRIGHT_ASK_RE.search(sentence) or _PITCH_RE.search(sentence)
        if _DOCUMENT_RE.search(found) or outright:
            asks.append(span)
        elif sentence.rstrip().endswith("?"):
            (mentions if _QUESTION_ADVICE_RE.search(sentence) else asks).append(span)
        elif learning.search(sentence) or _READER_SUBJECT_RE.search(before):
            mentions.append(span)
        else:
            asks.append(span)
    return asks, mentions


@rule(
    "request.mentions-job",
    stage="request",
    severity=Severity.PROBLEM,
    message="Leave out jobs, referrals and your résumé: asking a stranger for them turns a "
    "request for advice into an application, which most people turn down.",
    source=SEED_001,
    suggestion='Try: "How do people usually find their way into your team?"',
)
def mentions_job(text: str, context: CheckContext) -> Iterable[Span | None]:
    return job_asks_and_mentions(text)[0]


@rule(
    "request.names-job",
    stage="request",
    severity=Severity.TIP,
    message="Naming an opening or a hiring plan can make the request read like an application; "
    "some advisers would keep to what you want to learn.",
    source=DALTON,
    suggestion='Try: "I am exploring roles like this one and would value your view of the work."',
)
def names_job(text: str, context: CheckContext) -> Iterable[Span | None]:
    return job_asks_and_mentions(text)[1]


@rule(
    "request.connection-late",
    stage="request",
    severity=Severity.WARNING,
    message="Say how you are connected (who referred you, what you share) in the first two "
    "sentences: it is the reason a stranger reads on.",
    source=DALTON,
    suggestion='Try opening with it: "Ana Ruiz suggested I get in touch with you."',
)
def connection_late(text: str, context: CheckContext) -> Iterable[Span | None]:
    phrases = [p for p in (context.referrer_name, context.connection) if p and p.strip()]
    if not phrases:
        return
    _, window_end = opening_window(text)
    opening = text[:window_end]
    if any(first_mention(opening, p) for p in phrases):
        return
    later = [m for p in phrases if (m := first_mention(text, p))]
    yield min(later, key=lambda s: s.start) if later else None


_QUESTION_RE = re.compile(r"\?")
# "I was wondering whether you might have 15 minutes" is a question in indirect form.
_INDIRECT_QUESTION_RE = re.compile(
    r"\bi\s+(?:wonder|wondered|was\s+wondering|am\s+wondering)\s+(?:if|whether)\b", re.IGNORECASE
)
# A courteous statement that leaves the choice with the reader is an ask too: "I'd be grateful
# for 15–20 minutes of your time", "I would appreciate the opportunity to…". A plain wish or an
# instruction ("I'd like to set up a call. Please send me a time.") still leaves nothing to answer.
_STATEMENT_ASK_RE = re.compile(
    r"\bi(?:['’]d|\s+would|['’]ll|\s+will)\s+(?:be\s+)?(?:so\s+|very\s+|most\s+|truly\s+|really\s+"
    r"|sincerely\s+|deeply\s+|extremely\s+)?(?:grateful|thankful|appreciative|honou?red|delighted)"
    r"\s+(?:for|if|to)\b"
    r"|\bi(?:['’]d|\s+would)\s+(?:so\s+|very\s+much\s+|greatly\s+|truly\s+|really\s+|sincerely\s+)?"
    r"(?:appreciate|welcome|value)\s+(?:it\s+if|the\s+(?:chance|opportunity)|any|a\s+few|a\s+"
    r"(?:short|brief|quick)|some|\d|(?:ten|fifteen|twenty|thirty)\b|(?:\w+\s+)?minutes?\s+of"
    r"|your\s+(?:time|thoughts|advice|insights?|perspective))"
    # "…and would appreciate any insight you can share", the subject said earlier in the sentence.
    r"|\bwould\s+(?:really\s+|greatly\s+|so\s+|truly\s+)?appreciate\s+(?:any|your|it\s+if)\b"
    # "If you're open to a short call, I'd love to…": the choice is left with the reader.
    r"|\bif\s+you(?:['’]re|\s+are|\s+would\s+be)\s+(?:open|willing|available)\b"
    # "…seek any advice you might have": an offer the reader can take up or leave.
    r"|\bany\s+(?:advice|insights?|thoughts|suggestions|guidance|tips)\s+(?:that\s+)?you\s+"
    r"(?:might|may|could|can)\s+(?:have|share|offer|give)\b",
    re.IGNORECASE,
)


@rule(
    "request.no-question",
    stage="request",
    severity=Severity.WARNING,
    message='Make the ask a question (for example "Would you be open to…?"): a question '
    "invites a reply.",
    source=DALTON,
    suggestion='Try: "Would you be open to a short call?"',
)
def no_question(text: str, context: CheckContext) -> Iterable[Span | None]:
    if context.channel == Channel.LINKEDIN_NOTE:
        return  # a connection note's job is to connect, not to ask for a meeting
    if context.channel == Channel.PHONE:
        return  # said aloud, the ask gets its answer there and then, whatever its punctuation
    if _QUESTION_RE.search(text):
        return
    # An indirect question ("I was wondering whether you might have…") or a courteous
    # statement ask ("I'd be grateful for 15–20 minutes") still asks.
    if _INDIRECT_QUESTION_RE.search(text) or _STATEMENT_ASK_RE.search(text):
        return
    yield None


_NUMBER = r"(?:\d{1,2}|ten|fifteen|twenty|twenty[\s-]five|thirty|forty[\s-]five)"
TIME_ASK_RE = re.compile(
    rf"\b{_NUMBER}(?:\s*(?:-|–|—|to|or)\s*{_NUMBER})?[\s-]*(?:minutes?|mins?)\b"
    r"|\bhalf[\s-]an?[\s-]hour\b|\bhalf[\s-]hour\b"
    r"|\ba\s+few\s+minutes\b"
    r"|\b(?:quick|short|brief|small)\s+(?:\w+\s+)?"
    r"(?:call|chat|conversation|meeting|coffee|catch[\s-]up|video\s+call|phone\s+call|zoom)\b"
    r"|\bcoffee(?:\s+|-)(?:chat|break)\b"
    r"|\b(?:a|for|over|grab)\s+(?:a\s+)?coffee\b"
    r"|\bcup\s+of\s+(?:coffee|tea)\b",
    re.IGNORECASE,
)


# Words that ask to meet or talk (rather than for an answer in writing).
MEETING_RE = re.compile(
    r"\b(?:meet|meeting|meet-up|call|chat|talk|speak|conversation|coffee|zoom|interview|"
    r"catch[\s-]up|get\s+together|sit\s+down|phone|video)\b",
    re.IGNORECASE,
)


# An ask for an answer in writing: "any insight you can share", "a few questions by e-mail".
WRITTEN_ASK_RE = re.compile(
    r"\b(?:any|your)\s+(?:advice|insights?|thoughts|suggestions|guidance|tips)\s+(?:that\s+)?"
    r"you\s+(?:might|may|could|can)\s+(?:have|share|offer|give)\b"
    r"|\b(?:by|over|via|in\s+an?)\s+(?:e-?mail|writing|message|linkedin\s+message)\b",
    re.IGNORECASE,
)


@rule(
    "request.no-time-ask",
    stage="request",
    severity=Severity.WARNING,
    message="Ask for a specific, short amount of time, such as 20 minutes or a quick call.",
    source=SEED_003,
    suggestion='Try: "Would you be open to a 20-minute call in the next few weeks?"',
)
def no_time_ask(text: str, context: CheckContext) -> Iterable[Span | None]:
    if context.channel == Channel.LINKEDIN_NOTE:
        return
    # A request for advice in writing ("any insight you can share") asks for no meeting, so it
    # needs no length of meeting; careers guides offer it as the lighter ask (Carleton, Udacity).
    if WRITTEN_ASK_RE.search(text) and not MEETING_RE.search(text):
        return
    if not TIME_ASK_RE.search(text):
        yield None


EXIT_RE = re.compile(
    r"\bno\s+(?:worries|problem|pressure|obligation|need\s+to)\b"
    r"|\bif\s+(?:now|this|that|it)\s+(?:isn['’]t|is\s+not|doesn['’]t|does\s+not)\b"
    r"|\bif\s+(?:you['’]re|you\s+are)\s+(?:too\s+|very\s+|really\s+)?"
    r"(?:busy|swamped|not\s+able|unable|not\s+available|short)\b"
    r"|\bif\s+you\s+(?:can['’]t|cannot|don['’]t\s+have)\b"
    r"|\bnot\s+in\s+a\s+position\s+to\b"
    r"|\b(?:i|i['’]d|i\s+would|i['’]ll|i\s+will)\s+(?:completely\s+|totally\s+|fully\s+)?"
    r"understand\b"
    r"|\b(?:completely|totally|fully)\s+understand\b"
    r"|\bwork\s+around\s+your\b"
    r"|\b(?:fit|fits|suit|suits)\s+(?:around\s+|into\s+|with\s+)?your\s+(?:schedule|calendar|week)\b"
    r"|\b(?:whenever|whatever|any\s*time\s+that|what(?:ever)?\s+time)\s+(?:is|works|suits)\b"
    r"|\bat\s+your\s+convenience\b"
    r"|\bconvenient\s+(?:for\s+you|time)\b"
    r"|\b(?:in|over|during|within)\s+the\s+(?:next|coming)\s+(?:few\s+|couple\s+(?:of\s+)?|"
    r"\d+(?:\s*[-–]\s*\d+)?\s+|two\s+|three\s+|four\s+)?(?:weeks?|months?)\b"
    r"|\bflexib(?:le|ility)\b"
    r"|\b(?:email|e-mail|writing|a\s+few\s+lines)\s+(?:is|would\s+be|works)\s+"
    r"(?:just\s+as\s+good|fine|easier|great\s+too)\b"
    r"|\b(?:someone|anyone|somebody)\s+else\b"
    r"|\bpoint\s+me\s+(?:to|towards)\b"
    r"|\btimes?\s+that\s+(?:work|suit)s?\b"
    r"|\bwhat\s+works\s+(?:best\s+)?for\s+you\b"
    r"|\bhappy\s+to\s+(?:adjust|work\s+around|fit|go\s+with|move)\b"
    r"|\bany\s+(?:day|time|week)\s+(?:that|you)\b"
    r"|\bentirely\s+up\s+to\s+you\b",
    re.IGNORECASE,
)


@rule(
    "request.no-exit",
    stage="request",
    severity=Severity.TIP,
    message="Offer some flexibility or a graceful way out, such as a window of a few weeks or "
    '"no worries if now is not a good time".',
    source=SEED_002,
    suggestion='Try: "Any time in the next few weeks works; no worries if now is not a good time."',
)
def no_exit(text: str, context: CheckContext) -> Iterable[Span | None]:
    if context.channel == Channel.LINKEDIN_NOTE:
        return
    if not EXIT_RE.search(text):
        yield None


_ME_RE = re.compile(r"\b(?:i|me|my|mine|myself|i['’](?:m|ve|d|ll))\b", re.IGNORECASE)
_YOU_RE = re.compile(r"\b(?:you|your|yours|yourself|you['’](?:re|ve|d|ll))\b", re.IGNORECASE)


@rule(
    "request.about-me",
    stage="request",
    severity=Severity.TIP,
    message="More of this is about you than about them: people answer requests that show "
    "interest in their work.",
    source=DALTON,
    suggestion='Try: "Your move from consulting into city work is the path I am curious about."',
)
def about_me(text: str, context: CheckContext) -> Iterable[Span | None]:
    me = len(_ME_RE.findall(text))
    you = len(_YOU_RE.findall(text))
    if me > you:
        yield None


_HTML_TAGS = "a|b|i|p|br|hr|em|strong|div|span|ul|ol|li|html|body"
PLACEHOLDER_RE = re.compile(
    r"\[(?!\d+\])[^\[\]\n]{1,60}\](?!\()"  # [insert role], but not [1] or [text](link)
    r"|_{3,}"  # ____
    r"|\{\{?[^{}\n]{1,40}\}?\}"  # {name}, {{name}}
    rf"|<(?!/?(?:{_HTML_TAGS})>)[A-Za-z][A-Za-z _\-]{{0,40}}>"  # <company>
    r"|\b[Xx]{3,}\b"  # XXX
    r"|\b(?:TODO|TBD|FIXME)\b"
    r"|(?-i:\b[A-Z]{2,}_[A-Z_]{2,}\b)"  # FIRST_NAME, in capitals only
    # NAME, COMPANY… standing alone in capitals, as templates write them.
    r"|(?-i:\b(?:(?:FIRST|LAST|FULL)\s?NAME|NAME|COMPANY|ORGANI[SZ]ATION|ROLE|TITLE|SCHOOL|"
    r"TOPIC|FIELD|CITY|DATE)\b)"
    r"|\blorem\s+ipsum\b"
    r"|\binsert\s+(?:your\s+|their\s+|the\s+)?(?:name|company|role|title|organi[sz]ation|"
    r"field|topic|school|date|here)\b",
    re.IGNORECASE,
)


@rule(
    "request.placeholder",
    stage="request",
    severity=Severity.PROBLEM,
    message="A template placeholder is still in the text: fill it in, since a reader who sees "
    "one knows the message went to many people.",
    source=SEED_000,
)
def placeholder(text: str, context: CheckContext) -> Iterable[Span | None]:
    spans = []
    for m in PLACEHOLDER_RE.finditer(text):
        found = m.group(0)
        # Lower-case "todo"/"tbd" are ordinary words only rarely; keep them to capitals.
        if found.lower() in {"todo", "tbd", "fixme"} and not found.isupper():
            continue
        spans.append(Span(m.start(), m.end()))
    return spans


GENERIC_GREETING_RE = re.compile(
    r"\bto\s+whom\s+it\s+may\s+concern\b"
    r"|\bdear\s+(?:sirs?|madam)(?:\s*(?:/|or|and)\s*(?:madam|sir))?\b"
    r"|\bdear\s+(?:hiring\s+manager|recruiter|hiring\s+team|recruitment\s+team|team|"
    r"friend|colleague|professional|all)\b"
    r"|^[ \t]*(?:hi|hello|hey)\s+(?:there|all|everyone|team|friend)\b"
    r"|\b(?:hi|hello|hey|good\s+(?:morning|afternoon|evening)|greetings|respected)\s+"
    r"(?:sirs?|madam|ma['’]am)\b",
    re.IGNORECASE | re.MULTILINE,
)
# A greeting with no name at all ("Hello,"), looked for on the first line of the body only.
# "Hello, my name is…" greets and goes on; only a greeting alone on its line lacks the name.
BARE_GREETING_RE = re.compile(
    r"\s*((?:hi|hello|hey|dear|greetings)\s*[,!:])[ \t]*(?:\n|$)", re.IGNORECASE
)


@rule(
    "request.generic-greeting",
    stage="request",
    severity=Severity.WARNING,
    message="Greet the person by name: a generic greeting reads like a mass mailing.",
    source=SEED_000,
    suggestion='Try: "Hi Maria," or "Dear Ms. Okafor,"',
)
def generic_greeting(text: str, context: CheckContext) -> Iterable[Span | None]:
    spans = find_spans(GENERIC_GREETING_RE, text)
    bare = BARE_GREETING_RE.match(text, body_start(text))
    if bare:
        spans.append(Span(bare.start(1), bare.end(1)))
    return spans


# What makes a connection note specific: something the person did or said, a place you met, or
# someone or something you share. Without one, it is the default invitation in other words.
_NOTE_HOOK_RE = re.compile(
    r"\b(?:read|reading|watched|heard|listened|saw|enjoyed|loved)\b"
    r"|\byour\s+(?:post|article|talk|paper|book|podcast|panel|presentation|work\s+on|piece|thread"
    r"|research|study|project|newsletter|video|interview|session|keynote)\b"
    r"|\b(?:met|meeting|spoke|chatted)\b|\b(?:alum|alumna|alumnus|alumni|fellow|classmate)\b"
    r"|\b(?:mutual|referred|suggested|recommended|introduced)\b|\b(?:conference|event|meetup|webinar)\b"
    # a school, programme or employer you share, or their organisation's work you follow
    r"|\b(?:also|both)\s+(?:attended|studied|went\s+to|worked\s+at)\b|\badmire\b",
    re.IGNORECASE,
)
_NOTE_DEFAULT_RE = re.compile(
    r"\b(?:add|connect\s+with)\s+you\s+(?:to\s+my\s+(?:professional\s+)?network|on\s+linkedin)\b",
    re.IGNORECASE,
)


@rule(
    "request.note-generic",
    stage="request",
    severity=Severity.WARNING,
    message="This note would fit anyone: name one specific thing (their post or talk, where you "
    "met, a school or person you share), so they know why you want to connect.",
    source=DALTON,
    suggestion='Try: "I enjoyed your talk on X at Y and would be glad to connect."',
)
def note_generic(text: str, context: CheckContext) -> Iterable[Span | None]:
    if context.channel != Channel.LINKEDIN_NOTE:
        return
    default = _NOTE_DEFAULT_RE.search(text)
    if default and len(_word_matches(text)) <= 15:
        yield Span(default.start(), default.end())
    elif not _NOTE_HOOK_RE.search(text) and not (context.referrer_name or context.connection):
        yield None


PICK_BRAIN_RE = re.compile(
    r"\bpick\s+(?:your|his|her|their|someone['’]s)\s+brains?\b", re.IGNORECASE
)


@rule(
    "request.pick-brain",
    stage="request",
    severity=Severity.WARNING,
    message='"Pick your brain" says neither what you want to learn nor why from them, and many '
    "busy people read it as a favour with no end.",
    source=PICK_YOUR_BRAIN,
    suggestion='Try: "Could I ask you how you moved from consulting into municipal work?"',
)
def pick_brain(text: str, context: CheckContext) -> Iterable[Span | None]:
    return find_spans(PICK_BRAIN_RE, text)
