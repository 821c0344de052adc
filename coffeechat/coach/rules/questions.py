"""Rules for the questions a person plans to ask in an information interview (stage "question").

Each rule reads one question (a line of a plan); the rest of the plan arrives in
`context.other_questions`, and what the user knows about the person in `context.research_terms`,
`context.organisation`, `context.role` and `context.field`.

Decisions worth knowing:
- Yes/no: a question that opens with an auxiliary verb ("Do you…", "Is it…") invites a one-word
  answer. Polite invitations ("Could you tell me about…", "Would you describe…", "Can you walk me
  through…") are open, and so are the customary closing courtesies ("May I follow up with you?",
  "Is there anyone else I should talk to?"), which are requests for permission or names rather
  than interview questions.
- Job asks: asking *for* something (a job, an internship, a referral, "are you hiring?", a look at
  or a forward of the résumé) is a problem. Asking *how hiring works* is research, not an ask: seed
  004 lists "where is a job opening posted" among good questions, so "When your company has an
  opening, where is it advertised?" passes. "Who else should I talk to?" asks for names to learn
  from, not for a job, and passes too.
- Too personal: the person's own pay, age, family, health, religion or politics. Pay in the field
  ("What does an entry-level salary look like here?") is fair research (001 lists benefits among
  fair topics) and passes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from coffeechat.coach.engine import CheckContext, Severity, Span, rule
from coffeechat.coach.sources import BAD_PRESS, SEED_000, SEED_001, TIARA

_FLAGS = re.IGNORECASE


def _norm(text: str) -> str:
    """Straight apostrophes and single spaces, so patterns stay simple; length is preserved."""
    return text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")


def _first_match(patterns: Iterable[re.Pattern[str]], text: str) -> Iterator[Span]:
    """The span of the first pattern that matches the normalised text, if any: one finding per
    rule, however many of its patterns would match."""
    norm = _norm(text)
    for pattern in patterns:
        m = pattern.search(norm)
        if m:
            yield Span(m.start(), m.end())
            return


_SENTENCE_RE = re.compile(r"[^?.!]*(?:[?.!]+|$)")


_BULLET_RE = re.compile(r"^(?:[-*•–]+|\(?\d+[.)]|[a-z]\))\s*")


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; only sentences ending in "?" when the text has any.

    A list bullet or number in front of a question ("- ", "3) ") is not part of it.
    """
    found = []
    for m in _SENTENCE_RE.finditer(text):
        sentence = m.group().strip()
        at = m.start() + len(m.group()) - len(m.group().lstrip())
        bullet = _BULLET_RE.match(sentence)
        if bullet:
            at += bullet.end()
            sentence = sentence[bullet.end() :]
        if sentence and not re.fullmatch(r"[\d.)\s]+", sentence):
            found.append((at, sentence))
    asked = [(at, s) for at, s in found if s.endswith("?")]
    return asked or found


def _org_words(context: CheckContext) -> str:
    """A regex alternative for 'the organisation', including its name when known."""
    words = (
        r"(?:(?:your|the|this|that|their)\s+)(?:company|organi[sz]ation|org|firm|agency|employer"
        r"|business|corporation|startup|start-up|non-?profit|charity|institution)"
    )
    name = context.organisation.strip()
    if name:
        return rf"(?:{words}|{re.escape(name)})"
    return words


# ---------------------------------------------------------------------------------------------
# Yes/no questions

_AUX = (
    r"do|does|did|is|are|was|were|am|can|could|will|would|shall|should|have|has|had|may|might"
    r"|must|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|can't|couldn't|won't|wouldn't"
    r"|shouldn't|haven't|hasn't|hadn't"
)
_AUX_START_RE = re.compile(rf"^(?:{_AUX})\b", _FLAGS)
_OPEN_VERBS = (
    r"tell|describe|walk|talk|share|explain|give|take|help|elaborate|expand|outline|paint|recount"
    r"|reflect|say (?:a (?:bit|little) )?more|speak|point|suggest|recommend|name|list|think of"
    r"|show|offer|sketch|run me through|go through|unpack|comment|shed|refer me to|direct me to"
)
_OPEN_INVITATION_RE = re.compile(
    r"^(?:could|can|would|will|might)\s+you\s+(?:please\s+|possibly\s+|perhaps\s+|kindly\s+)?"
    rf"(?:(?:be\s+(?:able|willing)\s+to|mind)\s+)?(?:{_OPEN_VERBS})\w*\b(?!\s+me\s+(?:if|whether)\b)"
    # "Would you recommend law?" is yes/no; "Could you recommend a few books?" asks for names.
    r"(?<!recommend)(?<!suggest)(?<!recommending)(?<!suggesting)"
    r"|^(?:could|can|would|will|might)\s+you\s+(?:please\s+)?(?:recommend|suggest)\w*\s+(?:any|some"
    r"|a\s+few|a\s+couple|other|someone|anyone|people|who|where|what|which|how|ways?|resources"
    r"|books?)\b",
    _FLAGS,
)
_CLOSING_COURTESY_RE = re.compile(
    r"^(?:"
    r"(?:may|might|could|can)\s+i\s+(?:follow|contact|stay|keep|reach|get\s+back|email|e-mail"
    r"|write|check|ask|take\s+notes|mention|use\s+your\s+name|connect|send\s+you\s+a\s+note)"
    r"|(?:would\s+it\s+be|is\s+it)\s+(?:all\s*right|alright|ok|okay|fine|possible|helpful)\s+"
    r"(?:if\s+i|for\s+me|to\s+(?:connect|follow|contact|keep|stay|reach|email|e-mail|write|check"
    r"|mention|use\s+your\s+name|take\s+notes|send|call|get\s+back))\b"
    r"|(?:would|do)\s+you\s+mind\s+if\s+i\b"
    # a request to stay in touch is a courtesy, not an interview question
    r"|(?:would|will)\s+you\s+be\s+(?:open|willing|comfortable|happy|okay|ok)\s+to\s+(?:connect"
    r"|stay\s+in\s+touch|keep\s+in\s+touch|hear\s+from\s+me|follow\s+up)"
    r"|would\s+you\s+mind\s+\w+ing\b"
    r"|do\s+you\s+know\s+(?:of\s+)?(?:anyone|anybody|someone|any\s+other|other|others|people)\b"
    r"|is\s+there\s+(?:anyone|anybody|someone)\b"
    r"|is\s+there\s+anything(?:\s+else)?(?:\s+(?:that|which))?\s+(?:i|you)\b"
    r"|are\s+there\s+(?:any\s+)?(?:other\s+)?(?:people|colleagues|others)\s+(?:who|whom|that|i|you)\b"
    r"|did\s+i\s+(?:leave\s+out|miss|forget|overlook)\b"
    r"|(?:may|can|could)\s+i\s+(?:please\s+)?(?:have|get|take)\s+(?:one\s+of\s+)?your\s+(?:business\s+)?card"
    r")",
    _FLAGS,
)
_LEAD_WORD_RE = re.compile(
    r"^(?:and|so|also|but|then|now|okay|ok|well|finally|lastly)\b,?\s*", _FLAGS
)
_LEAD_CLAUSE_RE = re.compile(r"^[^,]{1,80},\s*")


def _question_start(sentence: str) -> tuple[int, str]:
    """Skip connectors and one short lead-in clause ("Looking back, …") before the question."""
    skipped = 0
    rest = sentence
    m = _LEAD_WORD_RE.match(rest)
    if m:
        skipped += m.end()
        rest = rest[m.end() :]
    if not _AUX_START_RE.match(rest) and not re.match(
        r"^(?:what|how|why|which|who|where|when)\b", rest, _FLAGS
    ):
        m = _LEAD_CLAUSE_RE.match(rest)
        if m and len(rest[: m.end()].split()) <= 12:
            skipped += m.end()
            rest = rest[m.end() :]
    return skipped, rest


_WH_START_RE = re.compile(r"^(?:what|how|why|which|who|where|when|tell|describe)\b", _FLAGS)


# Questions that start like yes/no but invite a list or a choice, as career centres use them:
# "Do you have any tips for someone starting out?", "Are there any courses you would recommend?",
# "Is there a usual route into this work?", "Is a graduate degree recommended?", "…alone, or with
# other people?".
_INVITES_LIST_RE = re.compile(
    r"^(?:do|did|would|could|can)\s+you\s+have\s+(?:any|some)\s+(?:\w+\s+){0,2}?(?:advice|tips"
    r"|suggestions|recommendations|thoughts|ideas|pointers|resources|words\s+of\s+(?:advice|wisdom)"
    r"|insights?|guidance|lessons)\b"
    r"|^(?:are|is)\s+there\s+(?:any|some)\b[^?]*\b(?:you|you'd)\s+(?:would\s+|might\s+|could\s+)?"
    r"(?:recommend|suggest|advise)"
    # "Are there common career paths…?", "Are there any additional certifications…?" ask for a list
    r"|^are\s+there\s+(?:any\s+)?(?:common|typical|usual|particular|specific|certain|other"
    r"|additional|main|key)\b"
    r"|^is\s+there\s+an?\s+(?:usual|typical|common|standard|traditional|best|good|normal|recommended)"
    r"\s+(?:route|path|way|road|entry\s+point|place\s+to\s+start|first\s+step)"
    r"|^(?:is|are)\s+(?:a|an|the)?\s*(?:[\w-]+\s+){1,3}(?:recommended|required|necessary|needed|expected"
    r"|essential|helpful|useful)\s*[?.!]*$",
    _FLAGS,
)
# "X, or Y?" asks for a choice, not a yes (but "…or not?" is still yes/no).
_ALTERNATIVE_RE = re.compile(r"\b(?:or|versus|vs\.?)\s+(?!not\b)\w+", _FLAGS)


@rule(
    "question.yes-no",
    stage="question",
    severity=Severity.WARNING,
    message=(
        "This can be answered with a yes or a no. Start with what, how or why, or invite a story "
        '("Could you tell me about…").'
    ),
    source=SEED_000,
    suggestion='Try: "How did you decide…?" or "What was it like when…?"',
)
def yes_no(text: str, context: CheckContext) -> Iterator[Span]:
    open_asked = False
    for at, sentence in _sentences(_norm(text)):
        skipped, rest = _question_start(sentence)
        m = _AUX_START_RE.match(rest)
        if not m:
            open_asked = open_asked or bool(_WH_START_RE.match(rest))
            continue
        if open_asked:
            # "Where do you see yourself in five years? Is there room for advancement?": a
            # yes/no follow-up to an open question narrows it; the answer will not stop at "yes".
            continue
        if _OPEN_INVITATION_RE.match(rest) or _CLOSING_COURTESY_RE.match(rest):
            open_asked = True
            continue
        if _INVITES_LIST_RE.match(rest) or _ALTERNATIVE_RE.search(rest):
            open_asked = True
            continue
        start = at + skipped
        yield Span(start, start + m.end())


# ---------------------------------------------------------------------------------------------
# Questions a web search answers


def _searchable_patterns(context: CheckContext) -> list[re.Pattern[str]]:
    org = _org_words(context)
    # The question ends here; "What's your role, and how does it fit…?" goes on to ask more.
    end = r"\s*(?:[?.!]|,(?!\s*(?:and|or|but|how|what|why|where|which|who)\b)|$)"
    return [
        # what the organisation does
        re.compile(
            rf"\bwhat\s+(?:exactly\s+)?(?:does|do)\s+{org}\s+(?:actually\s+|exactly\s+|really\s+)?"
            rf"do(?:\s+(?:exactly|as\s+an?\s+\w+|in\s+general|there|for\s+a\s+living))?{end}",
            _FLAGS,
        ),
        re.compile(rf"\bwhat\s+is\s+it\s+(?:that\s+)?{org}\s+(?:actually\s+)?does\b", _FLAGS),
        re.compile(
            r"\bwhat\s+(?:line\s+of\s+business|industry|sector|kind\s+of\s+business)\s+is\s+"
            rf"{org}\s+in\b",
            _FLAGS,
        ),
        re.compile(
            rf"\bwhat\s+(?:products|services|products\s+and\s+services)\s+(?:does|do)\s+{org}\s+"
            r"(?:offer|sell|provide|make|produce)\b",
            _FLAGS,
        ),
        # the person's job or title
        re.compile(
            r"\bwhat\s+(?:exactly\s+)?(?:do|did)\s+you\s+do(?:\s+(?:exactly|for\s+(?:a\s+living|work)"
            rf"|at\s+{org}|there|here|now|currently|these\s+days|in\s+your\s+job))?{end}",
            _FLAGS,
        ),
        re.compile(
            r"\bwhat(?:'s|\s+is|\s+was)\s+your\s+(?:current\s+|official\s+|exact\s+)?"
            r"(?:job|job\s+title|title|position|role|occupation|profession)"
            rf"(?:\s+(?:at|with)\s+{org}|\s+there|\s+now|\s+currently)?{end}",
            _FLAGS,
        ),
        # where it is
        re.compile(
            rf"\bwhere(?:'s|\s+is|\s+are)\s+(?:{org}|you)(?:'s)?\s+(?:headquarters|head\s+offices?"
            r"|main\s+offices?|offices?|hq|based|located|headquartered)\b",
            _FLAGS,
        ),
        re.compile(
            r"\bwhere(?:'s|\s+is)\s+(?:the|your|its)\s+(?:headquarters|head\s+office|main\s+office|hq)\b",
            _FLAGS,
        ),
        # how big it is
        re.compile(rf"\bhow\s+(?:big|large)\s+is\s+{org}", _FLAGS),
        re.compile(rf"\bwhat(?:'s|\s+is)\s+the\s+(?:size|headcount|revenue)\s+of\s+{org}", _FLAGS),
        re.compile(
            r"\bhow\s+many\s+(?:employees|staff|people|workers|offices|locations|branches|sites"
            rf"|countries)\b[^?.!]{{0,40}}?(?:{org}|\bemploy|\bwork\s+(?:at|for)\s+(?:you|it)\b)",
            _FLAGS,
        ),
        # when it was founded and who runs it
        re.compile(
            rf"\b(?:when|what\s+year|how\s+long\s+ago)\s+(?:was|were|did)\s+{org}\s+(?:founded"
            r"|established|started|created|incorporated|set\s+up|formed|launched|start|begin|open)\b",
            _FLAGS,
        ),
        re.compile(rf"\bhow\s+old\s+is\s+{org}", _FLAGS),
        re.compile(rf"\bwho\s+(?:founded|started|owns|runs)\s+{org}", _FLAGS),
        re.compile(r"\bwho(?:'s|\s+is)\s+(?:the|your)\s+(?:ceo|founder|president)\b", _FLAGS),
        # what a whole occupation or field is: "What does an actuary do, exactly?"
        re.compile(
            r"^(?:so,?\s+)?what\s+(?:exactly\s+)?(?:does|do)\s+(?:an?|the)\s+(?!typical\b|usual\b"
            r"|normal\b|average\b|day\b|week\b)(?:[\w-]+\s+){1,3}(?:actually\s+|really\s+|exactly\s+)?"
            rf"do(?:,?\s+(?:exactly|all\s+day|for\s+a\s+living|in\s+general))?{end}",
            _FLAGS,
        ),
        re.compile(
            r"\bwhat\s+(?:degree|degrees|qualifications?|certifications?|licen[cs]e)\s+(?:do|does|would)\s+"
            r"(?:you|one|i|someone|people)\s+need\s+(?:to\s+(?:get\s+into|become|work\s+(?:in|as))|for)\b",
            _FLAGS,
        ),
    ]


@rule(
    "question.searchable",
    stage="question",
    severity=Severity.PROBLEM,
    message=(
        "A quick web search answers this. Look it up beforehand and ask something only this "
        "person can tell you."
    ),
    source=SEED_001,
    suggestion='Try: "I read that your team moved into X; what changed for you when it did?"',
)
def searchable(text: str, context: CheckContext) -> Iterator[Span]:
    yield from _first_match(_searchable_patterns(context), text)


# ---------------------------------------------------------------------------------------------
# Asking for a job, an internship, a referral or a résumé review

_JOB = (
    r"(?:job|jobs|position|positions|role|roles|opening|openings|vacancy|vacancies|internship"
    r"|internships|placement|work)"
)
_CV = r"(?:resume|résumé|cv|c\.v\.|cover\s+letter|application)"


def _job_patterns(context: CheckContext) -> list[re.Pattern[str]]:
    org = _org_words(context)
    team = rf"(?:{org}|(?:your|the)\s+(?:team|department|group|office|unit|lab))"
    return [
        re.compile(
            rf"\b(?:are|is)\s+(?:you|they|{team}|anyone\s+(?:on|in)\s+{team})"
            r"(?:\s+(?:currently|still|now|actively))?\s+hiring\b",
            _FLAGS,
        ),
        re.compile(r"\b(?:know|tell\s+me)\s+(?:if|whether)\b[^?.!]{0,40}\bhiring\b", _FLAGS),
        re.compile(
            rf"\b(?:do|does)\s+(?:you|{team})\s+(?:have|has|know\s+of)\s+(?:any\s+)?"
            rf"(?:job\s+|open\s+|current\s+)?(?:openings|vacancies|positions|jobs|internships"
            r"|roles\s+open|spots|opportunities\s+for\s+me)\b",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:are|is)\s+there\s+(?:any|an?)\s+(?:job\s+|open\s+|current\s+)?(?:openings?"
            r"|vacanc(?:y|ies)|positions?|jobs?|internships?|spots?)(?:\s+(?:open|available))?"
            rf"\s+(?:at|on|in|with)\s+{team}",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:is\s+there|are\s+there)\s+(?:a|any)\s+(?:job|position|role|place|opening|spot"
            r"|internship)s?\s+(?:for\s+me|i\s+could)\b",
            _FLAGS,
        ),
        re.compile(r"\b(?:hire|employ|recruit|take\s+on)\s+me\b", _FLAGS),
        re.compile(
            r"\b(?:give|offer|get|find|land)\s+me\s+(?:a|an|any|some)\s+"
            # "give me a few roles to look at" asks for names, not for a job
            r"(?:(?!few\b|couple\b|list\b|sense\b|idea\b|overview\b|example\b|picture\b|feel\b)"
            rf"\w+\s+)?{_JOB}\b",
            _FLAGS,
        ),
        re.compile(r"\bconsider\s+me\s+for\b|\bkeep\s+me\s+in\s+mind\b", _FLAGS),
        re.compile(
            # "refer me to a good book" is fine; "refer me for the opening" is not
            r"\brefer\s+me\s+(?:for\b|on\b|internally\b|to\s+(?:the|a|an|your)\s+(?:hiring|recruit"
            r"|hr\b|job|position|role|opening|internship))|\brefer\s+me\s*[?.!]*$"
            r"|\b(?:put|put\s+in)\s+(?:in\s+)?a\s+(?:good\s+)?word\s+(?:in\s+)?for\s+me\b",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:give|get|provide|offer|write)(?:\s+me)?\s+(?:a|an)\s+(?:\w+\s+)?referral\b"
            r"|\breferral\s+for\s+me\b",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:recommend|introduce|put)\s+me\s+(?:to|for|forward\s+(?:to|for))\s+(?:a|an|the|your"
            r"|any)\s+(?:hiring\s+manager|recruiter|hr|job|position|role|opening|internship)",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:can|could|may)\s+i\s+(?:intern\b|work\s+for\s+you\b|join\s+your\s+team\b"
            r"|apply(?:\s+(?:for|to)\s+(?:a|an|the|your|this|that|any)?\s*(?:job|position|role"
            r"|opening|internship|team|company|organi[sz]ation|firm)\b|\s*[?.!]*$))",
            _FLAGS,
        ),
        re.compile(
            r"\bhow\s+(?:can|do|could|should)\s+i\s+(?:get|land|secure)\s+(?:a\s+job|a\s+position"
            rf"|an\s+internship|hired|in)\s+(?:at|with|on|into)\s+{team}",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:help|assist)\s+me\s+(?:to\s+)?(?:get|land|find|secure)\s+(?:a|an)\s+(?:job"
            r"|position|role|internship|placement)\b",
            _FLAGS,
        ),
        re.compile(
            r"\blet\s+me\s+know\s+(?:if|when|of|about)\b[^?.!]{0,30}\b(?:openings?|positions?"
            r"|vacanc(?:y|ies)|jobs?|internships?)\b",
            _FLAGS,
        ),
        # the résumé: looking at it, or passing it on
        re.compile(
            r"\b(?:look(?:ing)?\s+(?:at|over|through)|glance\s+(?:at|over)|review|critique|check"
            r"|edit|feedback\s+on|thoughts\s+on|comments\s+on|opinion\s+(?:of|on)|think\s+of"
            r"|pass(?:\s+along|\s+on)?|forward|send|share|give\s+(?:you|them|him|her)|submit|hand"
            r"|circulate|show\s+you"
            rf"|take\s+a\s+look\s+at)\b[^?.!]{{0,25}}\bmy\s+{_CV}",
            _FLAGS,
        ),
        re.compile(r"\b(?:resume|résumé|cv)\s+(?:review|critique)\b", _FLAGS),
        # a chance of a job, an interview, a reference
        re.compile(
            r"\b(?:job|position|role|internship|opening|place|spot|placement)\s+for\s+me\b", _FLAGS
        ),
        re.compile(
            r"(?:\bi\s+(?:get|land|have)|\b(?:get|arrange|set\s+up|line\s+up)\s+me)\s+(?:a|an)\s+"
            r"(?:job\s+)?interview\b",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:be|act\s+as|serve\s+as)\s+(?:a|my)\s+reference\b|\b(?:give|write|provide)\s+me\s+"
            r"(?:a\s+)?(?:reference|recommendation\s+letter|letter\s+of\s+recommendation)\b",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:anyone|anybody|someone|any\s+(?:companies|firms|organi[sz]ations|teams|employers))"
            r"\s+(?:who|that)\s+(?:is|are|might\s+be|may\s+be)\s+hiring\b",
            _FLAGS,
        ),
        # hired or an offer, said of oneself: "How do I get hired here?", "How would I get
        # an offer on your team?" ("How do people get hired here?" asks how hiring works: it passes)
        re.compile(
            r"\b(?:i|me)\b[^?.!]{0,25}?\b(?:get|be|getting|being)\s+(?:hired|taken\s+on|an?\s+(?:job\s+)?offer"
            r"|a\s+place)\b",
            _FLAGS,
        ),
        re.compile(r"\b(?:my|me\s+a|me\s+my)\s+foot\s+in\s+the\s+door\b", _FLAGS),
        re.compile(
            r"\bput\s+in\s+a\s+(?:good\s+)?word\b|\bput\s+a\s+(?:good\s+)?word\s+in\b", _FLAGS
        ),
        re.compile(
            r"\banything\s+(?:opening|coming|open)\s+up\b|\b(?:any|anything)\s+(?:open|available)"
            r"\s+(?:now|at\s+the\s+moment|right\s+now|soon)\b",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:any|some)\s+(?:open\s+|available\s+|current\s+)?(?:positions|openings|vacancies|job"
            r"\s+openings)\b(?!\s+(?:like|such\s+as)\b)",
            _FLAGS,
        ),
        re.compile(
            r"\b(?:are|is)\s+there\s+(?:any|an?)\s+(?:job\s+|open\s+|current\s+)?(?:openings?"
            r"|vacanc(?:y|ies)|positions?(?:\s+(?:open|available)))(?:\s+(?:right\s+)?now"
            r"|\s+at\s+the\s+moment|\s+currently)?\s*[?.!]*$",
            _FLAGS,
        ),
        # which jobs are free now or soon: "What jobs are open?", "What roles are on the
        # horizon?", "Which positions are coming up on your team?" ("What kind of development
        # opportunities are available to you?" asks about growth, not vacancies, and passes)
        re.compile(
            r"\b(?:what|which|any)\s+(?:(?:new|open|current|job)\s+)?(?:jobs|positions|roles"
            rf"|openings|vacancies|internships)\s+(?:(?:do|does)\s+(?:you|they|{team})\s+have\s+"
            r"(?:open|available|coming\s+up)|(?:are|will\s+be|might\s+be)\s+(?:\w+\s+)?(?:open\b"
            r"|available|coming\s+up|opening\s+up|on\s+the\s+horizon|in\s+the\s+pipeline))"
            # "What roles are open to someone with a history degree?" asks what the field offers
            r"(?!\s+(?:to|for|in)\s+(?:someone|people|anyone|graduates|newcomers|this|the\s+field))",
            _FLAGS,
        ),
    ]


@rule(
    "question.job-ask",
    stage="question",
    severity=Severity.PROBLEM,
    message=(
        "This asks for a job, an internship, a referral or a résumé review. An information "
        "interview is for learning; ask how people get in, not to be let in."
    ),
    source=SEED_001,
    suggestion='Try: "How do people usually find their way into your team?"',
)
def job_ask(text: str, context: CheckContext) -> Iterator[Span]:
    yield from _first_match(_job_patterns(context), text)


# ---------------------------------------------------------------------------------------------
# Prying into the person's own life

_PAY = (
    r"(?:salary|income|pay|paycheck|paycheque|compensation|wage|wages|earnings|bonus|net\s+worth"
    r"|pay\s+package|hourly\s+rate|day\s+rate|take-home)"
)
_PERSONAL_PATTERNS = [
    # pay
    re.compile(
        r"\bhow\s+much\s+(?:money\s+)?(?:do|did|does|will)\s+you\s+(?:make|earn|get\s+paid|take"
        r"\s+home|bring\s+(?:home|in))\b",
        _FLAGS,
    ),
    re.compile(r"\bwhat\s+(?:do|did)\s+you\s+(?:make|earn)\b(?!\s+of\b)", _FLAGS),
    re.compile(
        r"\b(?:what(?:'s|\s+is|\s+was)|how\s+much\s+is|how\s+high\s+is)\s+your\s+(?:own\s+|current\s+"
        rf"|annual\s+|yearly\s+|starting\s+|base\s+)?{_PAY}\b",
        _FLAGS,
    ),
    re.compile(r"\bhow\s+much\s+(?:does|did)\s+your\s+(?:job|role|position)\s+pay\b", _FLAGS),
    re.compile(
        r"^(?!.*negotiat).*?\byour\s+(?:own\s+|current\s+|annual\s+|starting\s+)?(?:salary|income"
        r"|paycheck|paycheque|earnings|net\s+worth|bonus)\b",
        _FLAGS,
    ),
    # age, now or then ("How old were you when you started here?")
    re.compile(r"\bhow\s+old\s+(?:are|were)\s+you\b|\byour\s+age\b", _FLAGS),
    # where they live
    re.compile(
        r"\bwhere\s+(?:do|did)\s+you\s+(?:live|reside|stay)\b|\b(?:which|what)\s+(?:part|area|neighbou?rhood"
        r"|suburb|district|side|street)\s+(?:of\s+(?:town|the\s+city|[\w\s]{1,20}?)\s+)?(?:do|did)\s+you\s+"
        r"(?:live|reside)\b|\byour\s+(?:home\s+)?address\b",
        _FLAGS,
    ),
    # party-game icebreakers, which have no place in a short professional meeting
    re.compile(
        r"\bif\s+you\s+(?:were|could\s+be)\s+(?:an?\s+)?(?:animal|fruit|vegetable|colou?r|superhero|kitchen"
        r"\s+appliance|tree|car|cartoon|dessert|song|movie\s+character)\b|\bspirit\s+animal\b"
        r"|\b(?:desert|deserted)\s+island\b|\bwhat\s+(?:super\s*power|superpower)\b"
        r"|\bwould\s+you\s+rather\b"
        # "Which person, living or dead, would you have dinner with?"
        r"|\b(?:living\s+or\s+dead|dead\s+or\s+alive)\b|\bdinner\s+with\s+(?:anyone|anybody|any\s+person)\b"
        # probes of the self that a stranger has no claim to: "What makes you smile when you get
        # up?", "What's the most important thing I should know about you?"
        r"|\bwhat\s+makes\s+you\s+(?:smile|laugh|cry)\b(?!\s+(?:at|about|in)\s+(?:work|your\s+(?:job|work"
        r"|role)))"
        r"|\b(?:most\s+important|most\s+interesting|one)\s+thing\s+(?:i\s+should|to)\s+know\s+about\s+you\b"
        # the ice-breaker that makes a person perform: "something interesting about yourself"
        r"|\b(?:something|anything|one\s+thing|the\s+most)\s+(?:interesting|fun|surprising|unusual|quirky)"
        r"\s+(?:thing\s+)?about\s+(?:you|yourself)\b"
        r"|\bnicest\s+thing\s+anyone'?s?\s+(?:has\s+)?ever\s+said\s+about\s+you\b",
        _FLAGS,
    ),
    re.compile(
        r"\b(?:what\s+year|when|where)\s+were\s+you\s+born\b|\byour\s+(?:date\s+of\s+birth|birth\s*date"
        r"|birthday|year\s+of\s+birth)\b|\b(?:maiden|married)\s+name\b"
        # a school-leaving year gives the age away
        r"|\bwhen\s+did\s+you\s+(?:graduate|finish)\s+(?:from\s+)?(?:high\s+school|secondary\s+school)\b",
        _FLAGS,
    ),
    # origin and identity: nationality, race, heritage, mother tongue, citizenship
    re.compile(
        r"\b(?:what|which)\s+(?:nationality|race|ethnicity|ethnic\s+(?:group|background)|heritage"
        r"|religion|faith|denomination|citizenship)\s+(?:are|is|do|were)\s+you\b"
        r"|\bwhat(?:'s|\s+is)\s+your\s+(?:nationality|race|ethnicity|heritage|native\s+(?:tongue"
        r"|language)|mother\s+tongue|first\s+language|ethnic\s+(?:background|origin)|religion"
        r"|citizenship)\b|\bwhere\s+(?:are|were|is)\s+your\s+(?:parents|family|folks)\s+from\b"
        r"|\bare\s+you\s+an?\s+(?:[\w.]+\s+)?(?:citizen|immigrant|foreigner|native)\b",
        _FLAGS,
    ),
    # politics: the party they belong to or vote for
    re.compile(
        r"\b(?:what|which)\s+(?:political\s+)?party\s+(?:do|did|will|would)\s+you\s+(?:belong"
        r"|support|vote|back|side|lean)|\bwhat\s+(?:are|is)\s+your\s+politics\b",
        _FLAGS,
    ),
    # body, habits, records and money troubles, which an employer may not even ask
    re.compile(
        r"\bhow\s+(?:tall|heavy)\s+are\s+you\b|\bhow\s+much\s+do\s+you\s+weigh\b|\byour\s+weight\b"
        r"|\b(?:do|did)\s+you\s+(?:smoke|drink\s+alcohol|use\s+drugs)\b"
        r"|\b(?:done|tried|taken|used|smoked)\s+(?:any\s+)?(?:drugs|magic\s+mushrooms|mushrooms|cocaine"
        r"|weed|marijuana|cannabis|lsd|acid|ecstasy|psychedelics)\b"
        r"|\bhave\s+you\s+(?:ever\s+)?been\s+(?:arrested|convicted|jailed|to\s+prison|in\s+prison"
        r"|bankrupt)|\b(?:declared|filed\s+for)\s+bankruptcy\b|\bwages\s+(?:ever\s+)?been\s+garnished\b"
        r"|\byour\s+(?:criminal\s+record|credit\s+(?:score|history|record)|debts?)\b",
        _FLAGS,
    ),
    # the end of their working life, which is theirs to raise
    re.compile(
        r"\b(?:when|how\s+long)\s+(?:do|will|would)\s+you\s+(?:plan\s+(?:to|on)\s+)?(?:\w+\s+){0,3}?"
        r"(?:until|before)\s+you\s+retire\b|\bwhen\s+(?:do|will)\s+you\s+(?:plan\s+(?:to|on)\s+)?retir"
        r"(?:e|ing)\b",
        _FLAGS,
    ),
    # family and relationships
    re.compile(
        r"\bare\s+you\s+(?:still\s+|currently\s+|now\s+)?(?:married|single|divorced|engaged|dating"
        r"|seeing\s+anyone|pregnant"
        r"|expecting)\b",
        _FLAGS,
    ),
    re.compile(
        r"\b(?:do|did)\s+you\s+(?:have|plan\s+to\s+have|want)\s+(?:any\s+)?(?:kids|children"
        r"|a\s+family|a\s+partner|a\s+spouse|a\s+boyfriend|a\s+girlfriend)\b",
        _FLAGS,
    ),
    re.compile(r"\bhow\s+many\s+(?:kids|children)\s+(?:do|did)\s+you\s+have\b", _FLAGS),
    re.compile(
        r"\b(?:who|whom)\s+do\s+you\s+live\s+with\b|\bwith\s+whom\s+do\s+you\s+live\b"
        r"|\b(?:plan|plans|planning|want)\s+(?:to|on)\s+(?:get|getting|become|becoming)\s+pregnant\b"
        r"|\bbirth\s+control\b|\b(?:you're|you\s+are)\s+(?:having\s+a\s+baby|expecting)\b",
        _FLAGS,
    ),
    re.compile(
        r"\b(?:planning|plan|plans)\s+(?:to|on)\s+(?:have|having|start|starting)\s+(?:kids|children"
        r"|a\s+family)\b",
        _FLAGS,
    ),
    re.compile(
        # not "partner": law and accounting firms have partners
        r"\byour\s+(?:wife|husband|spouse|boyfriend|girlfriend|kids|children|divorce"
        r"|marriage|pregnancy|dating\s+life|love\s+life)\b(?!\s+(?:organi[sz]ations?|firms?"
        r"|companies|agencies))",
        _FLAGS,
    ),
    # health
    re.compile(
        r"\b(?:are|were)\s+you\s+(?:sick|ill|disabled|in\s+therapy|on\s+medication)\b", _FLAGS
    ),
    re.compile(
        r"\byou\s+(?:have|had|experienced|suffered)\s+(?:a|any)\s+(?:serious\s+|chronic\s+)?"
        r"(?:disabilit(?:y|ies)|illness(?:es)?|medical\s+conditions?|health\s+(?:issue|problem"
        r"|condition)s?|diagnos[ie]s)\b",
        _FLAGS,
    ),
    re.compile(
        r"\byour\s+(?:disability|illness|diagnosis|medication|therapist|health\s+(?:problems?"
        r"|issues?|conditions?)|medical\s+(?:history|condition|issues?)|mental\s+health\s+"
        r"(?:history|condition|issues?|problems?))\b",
        _FLAGS,
    ),
    # beliefs and identity
    re.compile(
        r"\byour\s+(?:religion|religious\s+(?:beliefs|views)|faith(?!\s+in\b)|political\s+(?:views|beliefs"
        r"|leanings|affiliation|party)|politics|sexual\s+orientation|sexuality|ethnicity"
        r"|immigration\s+status|visa\s+status)\b",
        _FLAGS,
    ),
    # beliefs named together ("your political and religious beliefs", "your religious or
    # political views")
    re.compile(
        r"\byour\s+(?:political|religious|spiritual)\s*(?:,|and|or|&|/)\s*(?:political|religious"
        r"|spiritual)\s+(?:views|beliefs|leanings|opinions|affiliations?)\b",
        _FLAGS,
    ),
    re.compile(
        r"\bare\s+you\s+(?:religious|christian|muslim|jewish|hindu|buddhist|catholic|atheist|gay"
        r"|straight|a\s+citizen)\b",
        _FLAGS,
    ),
    re.compile(
        r"\bwho\s+(?:did|do|will|would)\s+you\s+vote\s+for\b|\bwho\s+are\s+you\s+(?:going\s+to\s+vote"
        r"|voting)\s+for\b|\b(?:which|what)\s+(?:church|mosque|synagogue|temple|party)\s+do\s+you\b"
        r"|\b(?:which|what)\s+(?:party|candidate)\s+(?:did|will|would)\s+you\s+(?:vote|support|back)\b"
        r"|\b(?:attend|go\s+to)\s+(?:church|mass|mosque|synagogue|temple|religious\s+services)\b",
        _FLAGS,
    ),
]


@rule(
    "question.too-personal",
    stage="question",
    severity=Severity.PROBLEM,
    message=(
        "This pries into the person's own life (pay, age, home, family, health, origin or "
        "beliefs) or plays a party game, which a short professional meeting has no room for."
    ),
    # No seed discusses personal life; TIARA keeps every question on the work itself.
    source=TIARA,
    # One rewrite per kind it catches: pay in the field for their pay, the work for their life.
    suggestion=(
        'Try: "What does pay usually look like for someone starting in this field?" for pay, or '
        '"What do you wish you had known when you started out?" for the rest.'
    ),
)
def too_personal(text: str, context: CheckContext) -> Iterator[Span]:
    yield from _first_match(_PERSONAL_PATTERNS, text)


# ---------------------------------------------------------------------------------------------
# Several questions in one

_WH = r"(?:what|how|why|where|when|who|which)"
_STACK_AUX = r"(?:is|are|was|were|do|does|did|has|have|had|can|could|would|will|should|might|may)"
_PRONOUNS = r"(?:you|i|we|they|he|she|it|people|someone|one|this|that)"
STACK_PAIR_WORDS = 24
# "…and which would you recommend?" or "…, and how does it fit…?" points back at what was just
# asked (a bare "which", or "it"/"that" after the verb): one question with a follow-up, not two.
_STACKED_JOIN_RE = re.compile(
    rf"\band\s+(?!which\s+{_STACK_AUX}\b){_WH}\b(?:\s+(?!{_PRONOUNS}\b)\w+){{0,2}}\s+"
    rf"{_STACK_AUX}\b(?!\s+(?:it|that|this|they|those|these)\b)",
    _FLAGS,
)


# A question that rates two things at once (the survey writer's "double-barrelled" question):
# "How much do you enjoy collecting and analysing data?" has one answer for two activities.
_DOUBLE_BARREL_RE = re.compile(
    r"^how\s+(?:much|satisfied|happy|important|often|well)\b[^?,;]*?\b(?:\w+ing\s+(?:and|&)\s+\w+ing"
    r"|(?:your|the)\s+\w+\s+(?:and|&)\s+(?:your|the)\s+\w+)\b",
    _FLAGS,
)


@rule(
    "question.stacked",
    stage="question",
    severity=Severity.WARNING,
    message=(
        "Several questions are packed into one; the person will answer only one of them. Split "
        "them and keep the one that matters most."
    ),
    # 001: ponder each question so it keeps the meeting focused and short.
    source=SEED_001,
    suggestion="Keep the first question; save the rest for a follow-up if time allows.",
)
def stacked(text: str, context: CheckContext) -> Iterator[Span]:
    norm = _norm(text)
    # Career centres often pair a question with a short follow-up ("What do you like best? Least?",
    # "What is an average day like? What are your major responsibilities?"); a person answers such
    # a pair in one go. Three full questions, or two long ones, are a stack.
    parts = [p for p in re.split(r"(?<=[?;])", norm) if p.strip()]
    full = [
        p
        for p in parts
        if p.rstrip().endswith(("?", ";"))
        and re.match(rf"\s*(?:(?:and|but|so|also|or|then)\s+)?(?:{_WH}|{_AUX})\b", p, _FLAGS)
    ]
    if len(full) >= 3 or (len(full) == 2 and len(norm.split()) > STACK_PAIR_WORDS):
        first = norm.find(full[0]) + len(full[0])
        yield Span(first, len(norm.rstrip()))
        return
    for at, sentence in _sentences(norm):
        m = _DOUBLE_BARREL_RE.search(sentence)
        if m:
            yield Span(at + m.start(), at + m.end())
            return
        # "How and why did you…" asks one thing twice over; it is not a stack.
        body = re.sub(rf"^{_WH}\s+and\s+{_WH}\b", "", sentence, flags=_FLAGS)
        m = _STACKED_JOIN_RE.search(body)
        if m:
            start = norm.find(m.group())
            yield Span(start, start + len(m.group()))
            return


# ---------------------------------------------------------------------------------------------
# Vague questions

_VAGUE_PATTERNS = [
    re.compile(
        r"^what(?:'s|\s+is)\s+(?:the|your)\s+(?:job|work|company|industry|field)\s+(?:really\s+)?"
        r"like\s*[?.!]*$",
        _FLAGS,
    ),
    re.compile(r"^what\s+(?:should|do)\s+i\s+(?:need\s+to\s+)?know\s*[?.!]*$", _FLAGS),
    re.compile(
        r"\btell\s+me\s+(?:everything|all|anything)(?:\s+(?:there\s+is|you\s+know|you\s+can))?"
        r"\s+(?:about|on)\b",
        _FLAGS,
    ),
    re.compile(
        r"\beverything\s+(?:there\s+is\s+)?(?:to\s+know|i\s+(?:need|should)\s+to\s+know"
        r"|i\s+should\s+know)\b",
        _FLAGS,
    ),
    re.compile(
        r"^(?:so,?\s+)?what(?:'s|\s+is)\s+it\s+(?:really\s+)?like(?:\s+(?:there|then|now|overall"
        r"|in\s+general))?\s*[?.!]*$",
        _FLAGS,
    ),
    re.compile(
        r"^(?:so,?\s+)?(?:any|got\s+any|have\s+any|do\s+you\s+have\s+any)\s+(?:advice|tips|thoughts"
        r"|suggestions|words\s+of\s+wisdom|pointers|insights)(?:\s+for\s+me)?\s*[?.!]*$",
        _FLAGS,
    ),
    re.compile(r"^(?:what|how)\s+about\s+(?:it|that|this|things|everything|you)\s*[?.!]*$", _FLAGS),
    # asking for everything at once: "Can I pick your brain?", "What should I do?", "What advice
    # do you have for me?" (advice for "someone starting out in this field" names a situation)
    re.compile(r"\bpick\s+your\s+brains?\b", _FLAGS),
    re.compile(r"^what\s+(?:should|would|do)\s+i\s+(?:do|try)\s*[?.!]*$", _FLAGS),
    re.compile(
        r"^what\s+(?:advice|tips|suggestions)\s+(?:do|would|can|could)\s+you\s+(?:have|give|offer)"
        r"(?:\s+(?:for|to)?\s*me)?\s*[?.!]*$",
        _FLAGS,
    ),
    re.compile(
        r"^(?:can\s+you\s+|could\s+you\s+)?tell\s+me\s+about\s+(?:yourself|your\s+(?:job|work"
        r"|career|company|organi[sz]ation|life|day|industry|field)|(?:the|this)\s+(?:job|industry"
        r"|field|company))\s*[?.!]*$",
        _FLAGS,
    ),
    re.compile(
        r"^what\s+(?:can|could)\s+you\s+tell\s+me\s+about\s+(?:yourself|your\s+(?:job|work|career"
        r"|company|organi[sz]ation|industry|field)|(?:the|this)\s+(?:job|industry|field|company))"
        r"\s*[?.!]*$",
        _FLAGS,
    ),
    re.compile(
        r"^what\s+do\s+you\s+think\s+(?:about|of)\s+(?:it|that|this|things|everything|the\s+"
        r"(?:industry|field|job|company))\s*[?.!]*$",
        _FLAGS,
    ),
    re.compile(
        r"^how(?:'s|\s+is)\s+(?:it|work|everything|the\s+job|life)\s+(?:going\s*)?[?.!]*$", _FLAGS
    ),
]
_MIN_WORDS = 4


@rule(
    "question.vague",
    stage="question",
    severity=Severity.WARNING,
    message=(
        "This is too broad to answer well. Name the part you care about (a project, a skill, a "
        "decision) so the person knows where to start."
    ),
    source=SEED_000,
    suggestion='Try: "What does a hard week in your role look like?"',
)
def vague(text: str, context: CheckContext) -> Iterator[Span | None]:
    norm = _norm(text).strip()
    if len(re.findall(r"[\w']+", norm)) < _MIN_WORDS:
        yield None
        return
    found = _sentences(norm)
    hits = []
    for at, sentence in found:
        for pattern in _VAGUE_PATTERNS:
            m = pattern.search(sentence)
            if m:
                hits.append(Span(at + m.start(), at + m.end()))
                break
    # "What is your job like? A typical day? What share of your time goes where?": the later
    # sentences name what the broad opener means, so the item as a whole is not vague.
    if hits and len(hits) == len(found):
        yield hits[0]


# ---------------------------------------------------------------------------------------------
# Near-duplicates within a plan


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS = _word_set(
    """a about after all also am an and any are as at be been before being but by can could did do
    does doing for from had has have how i if in into is it its me my of on or our so than that the
    their them then there these they this those to up us was we were what when where which who whom
    why will with would you your yours you've you'd you're i'd i'm i've it's what's how's"""
)
_SYNONYMS = {
    "enjoy": "like",
    "love": "like",
    "favourite": "like",
    "favorite": "like",
    "best": "most",
    "job": "work",
    "role": "work",
    "position": "work",
    "career": "work",
    "hard": "difficult",
    "challenging": "difficult",
    "tough": "difficult",
    "hardest": "difficult",
    "toughest": "difficult",
    "challenge": "difficult",
    "challenges": "difficult",
    "organization": "organisation",
    "company": "organisation",
    "firm": "organisation",
    "employer": "organisation",
    "field": "industry",
    "sector": "industry",
    "profession": "industry",
    "typical": "usual",
    "average": "usual",
    "normal": "usual",
    "recommend": "suggest",
    "advise": "suggest",
    "advice": "suggest",
    "start": "begin",
    "started": "begin",
    "starting": "begin",
    "beginning": "begin",
    "skill": "skills",
    "abilities": "skills",
    "ability": "skills",
    "future": "next",
    "coming": "next",
    "ahead": "next",
    "worst": "least",
    "dislike": "unlike",
    "easiest": "easy",
}
# Questions that differ by one of these pairs ask opposite things ("most" against "least").
_OPPOSITES = [
    ("most", "least"),
    ("like", "unlike"),
    ("easy", "difficult"),
    ("first", "last"),
    ("more", "less"),
    ("early", "late"),
    ("biggest", "smallest"),
    ("begin", "end"),
    ("advantage", "disadvantage"),
    ("pro", "con"),
]


def _tokens(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[\w']+", _norm(text).lower()):
        word = word.removesuffix("'s")
        if word in _STOPWORDS:
            continue
        word = _SYNONYMS.get(word, word)
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return out


def _flat(text: str) -> str:
    return " ".join(re.findall(r"[\w']+", _norm(text).lower()))


DUPLICATE_JACCARD = 0.7
DUPLICATE_RATIO = 0.9


# A plan of n questions compares n × (n − 1) pairs each time it is shown, and most pairs share
# few words: the cheap word overlap settles them before difflib's costly ratio, and pairs seen
# before (every page view, every change on the plan page) are answered from the cache.
@lru_cache(maxsize=8192)
def near_duplicate(a: str, b: str) -> bool:
    """Two questions ask the same thing: the same words once normalised, or nearly the same text."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return _flat(a) == _flat(b)
    for x, y in _OPPOSITES:
        if (x in ta - tb and y in tb - ta) or (y in ta - tb and x in tb - ta):
            return False
    jaccard = len(ta & tb) / len(ta | tb)
    if jaccard >= DUPLICATE_JACCARD:
        return True
    if jaccard < 0.5:
        return False
    matcher = difflib.SequenceMatcher(None, _flat(a), _flat(b))
    # quick_ratio() is an upper bound of ratio(), at a fraction of its cost.
    return matcher.quick_ratio() >= DUPLICATE_RATIO and matcher.ratio() >= DUPLICATE_RATIO


@rule(
    "question.duplicate",
    stage="question",
    severity=Severity.WARNING,
    message="Another question in this plan asks nearly the same thing. Keep the better one.",
    # 001: "you only have 12 to 14 questions" — none to spend twice.
    source=SEED_001,
)
def duplicate(text: str, context: CheckContext) -> Iterator[None]:
    if not text.strip():
        return
    for other in context.other_questions:
        if other.strip() and near_duplicate(text, other):
            yield None
            return


# ---------------------------------------------------------------------------------------------
# Untargeted questions (only when there is research to target)

_GENERIC = _STOPWORDS | _word_set(
    """senior junior lead head chief principal associate assistant manager director officer
    staff team group inc ltd llc co corp company organisation organization the new"""
)


def _target_words(context: CheckContext) -> tuple[list[str], set[str]]:
    phrases = [
        t
        for t in [*context.research_terms, context.organisation, context.role, context.field]
        if t and t.strip()
    ]
    words = set()
    for phrase in phrases:
        for word in re.findall(r"[\w']+", _norm(phrase).lower()):
            if len(word) >= 3 and word not in _GENERIC:
                words.add(word)
    return phrases, words


@rule(
    "question.untargeted",
    stage="question",
    severity=Severity.TIP,
    message=(
        "Nothing here is specific to this person, their organisation or field. Weave in something "
        "from your research so the question could only be asked of them."
    ),
    source=SEED_000,
)
def untargeted(text: str, context: CheckContext) -> Iterator[None]:
    phrases, target = _target_words(context)
    if not phrases or not text.strip():
        return
    lowered = _norm(text).lower()
    if any(_norm(p).lower().strip() in lowered for p in phrases):
        return
    words = set(re.findall(r"[\w']+", lowered))
    stems = {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words}
    if target & (words | stems):
        return
    yield None


# ---------------------------------------------------------------------------------------------
# Asking a stranger for a standing relationship at the first meeting

_MENTOR_RE = re.compile(
    r"\b(?:be|become|act\s+as)\s+(?:my|a)\s+mentor\b(?!\s+to\s+(?:others|someone|people|juniors))"
    # "Are you my mentor?" (the question Sandberg's Lean In warns against)
    r"|\b(?:are|will)\s+you\s+(?:be\s+)?my\s+mentor\b"
    r"|\bmentor\s+me\b|\btake\s+me\s+(?:on\s+)?(?:as\s+)?(?:a|your)\s+(?:mentee|protégé|protege)\b",
    _FLAGS,
)


@rule(
    "question.mentorship",
    stage="question",
    severity=Severity.PROBLEM,
    message=(
        "Asking someone you have just met to be your mentor asks for months of their time at "
        "once; advisers call it out of bounds. Ask for one piece of advice, and let a relationship "
        "grow from follow-ups."
    ),
    source=SEED_001,
    suggestion='Try: "What is one thing you wish you had known at my stage?"',
)
def mentorship(text: str, context: CheckContext) -> Iterator[Span]:
    m = _MENTOR_RE.search(_norm(text))
    if m:
        yield Span(m.start(), m.end())


# ---------------------------------------------------------------------------------------------
# The person's public record (their profile answers it)

_PUBLIC_RECORD_RE = re.compile(
    r"\bwhere\s+did\s+you\s+(?:go\s+to|attend|complete|finish|do|get|earn|take)\s+(?:your\s+)?"
    r"(?:school|college|university|uni|undergrad\w*|grad\s+school|degree|bachelor'?s|master'?s|mba"
    r"|phd|studies|law\s+school|med\w*\s+school)\b"
    r"|\bwhere\s+did\s+you\s+(?:study|graduate)\b(?!\s+\w+\s+(?:most|best))"
    r"|\b(?:which|what)\s+(?:school|college|university|uni)\s+did\s+you\s+(?:go\s+to|attend|graduate"
    r"|study)\b"
    r"|\bwhere\s+(?:did|have)\s+you\s+worked?\s+before\b"
    # their work history ("What other roles have you worked in?"), which the profile lists
    r"|\b(?:what|which)\s+(?:other\s+)?(?:roles|jobs|positions|companies|organi[sz]ations|employers"
    r"|firms)\s+(?:have|did)\s+you\s+(?:worked|work|held|hold|had|have)\b"
    r"|\bwhere\s+else\s+(?:have|did)\s+you\s+work(?:ed)?\b"
    r"|\bwhat\s+(?:was|were)\s+your\s+(?:previous|past|prior|former)\s+(?:jobs?|roles?|positions?"
    r"|employers?|companies)\b"
    r"|\bhow\s+long\s+have\s+you\s+(?:been\s+)?work(?:ed|ing)\s+(?:at|for|with|here|there)\b",
    _FLAGS,
)


@rule(
    "question.public-record",
    stage="question",
    severity=Severity.WARNING,
    message=(
        "Their profile already says where they studied and worked; asking shows you skipped the "
        "homework. Build on it instead, such as why they chose that path."
    ),
    source=SEED_000,
    suggestion='Try: "What made you choose that programme, and would you choose it again?"',
)
def public_record(text: str, context: CheckContext) -> Iterator[Span]:
    m = _PUBLIC_RECORD_RE.search(_norm(text))
    if m:
        yield Span(m.start(), m.end())


# ---------------------------------------------------------------------------------------------
# Bad news put to the person: a scandal, a lawsuit, lay-offs

_BAD_NEWS = (
    r"(?:scandal|breach|hack|layoffs?|lay-offs?|redundanc(?:y|ies)|lawsuits?|fraud|investigation"
    r"|recall|bankruptcy|allegations?|accusations?|firings|strike|controvers(?:y|ies)|fine|fines"
    r"|bad\s+press|misconduct|cover-?up)"
)
_CONTROVERSY_PATTERNS = [
    # "why" put as blame: "Why have you been accused of…?", "Why did you lay off people?"
    re.compile(
        r"\bwhy\s+(?:have|has|had|did|were|was|is|are|do|does)\s+(?:you|they|your\s+(?:company"
        r"|organi[sz]ation|firm|employer|team|boss|manager|ceo|leaders(?:hip)?|bosses))\b[^?.!]{0,60}?"
        r"\b(?:accused|sued|fined|charged|investigated|indicted|laid\s+off|lay\s+off|let\s+\w+\s+go"
        r"|fire|fired|cut\s+jobs|go\s+bankrupt|went\s+bankrupt|cover\s+(?:it|this|that)\s+up"
        r"|caught)\b",
        _FLAGS,
    ),
    # "Tell me about the recent data breach at your company", "What happened with the lay-offs?"
    re.compile(
        r"\b(?:about|with|behind|of|on)\s+(?:the|your|its|those|these|all\s+the|that)\s+(?:recent\s+"
        rf"|latest\s+|big\s+|huge\s+|public\s+)?(?:data\s+|security\s+|accounting\s+)?{_BAD_NEWS}\b"
        # "the layoffs I read about, and how your team adapted" names it and asks about the work
        r"(?![^?]*\b(?:how|what)\b[^?]*\b(?:adapt|change|learn|affect|respond|handle))",
        _FLAGS,
    ),
]


@rule(
    "question.controversy",
    stage="question",
    severity=Severity.WARNING,
    message=(
        "This puts the person on the spot about bad news (a scandal, a lawsuit, lay-offs), which "
        "they may not be free to discuss; ask how it changed their work, without blame."
    ),
    # A career counsellor: raise bad press gently and without accusation, by asking for the
    # company's perspective on what you read.
    source=BAD_PRESS,
    suggestion=(
        'Try: "I read about the recent news at your company; how has it changed the work '
        'on your team?"'
    ),
)
def controversy(text: str, context: CheckContext) -> Iterator[Span]:
    yield from _first_match(_CONTROVERSY_PATTERNS, text)
