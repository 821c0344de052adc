"""Each kind of mistake the coach looks for, shown on published text from three or more sources.

Questions are quoted as the sources give them (the same items, with their URLs, are in
coffeechat/coach/data/questions_published.jsonl); requests and thank-you notes are read from the
data files by source, so a test quotes exactly what was gathered. A test fails if a rule stops
catching a kind on real text, and `test_every_kind_has_three_sources` fails if a kind is left
with fewer than three sources.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coffeechat.coach.engine import CheckContext, Severity, check, has_problem

DATA = Path(__file__).resolve().parent.parent / "data"

RECRUITERS_COUCH = (
    "https://recruiterscouch.com/2021/09/02/how-to-make-the-most-of-an-information-interview-3/"
)
GOVLOOP = (
    "https://www.govloop.com/community/blog/informational-interview-faux-pas-and-how-to-avoid-it/"
)
HUFFPOST = "https://www.huffingtonpost.ca/shannon-kelly/coffee-chat_b_7096430.html"
WATCH_HER_WORK = "https://watchherwork.com/no-dont-want-mentor-let-tell/"
ALICIA_MORGA = "https://www.aliciamorga.com/blog/tag/career"
CHRIS_MARR = "https://www.chrismarr.co.uk/category/business-networking/"
DIGGING_IN_TWO = (
    "https://diggingintwo.blogspot.com/2019/01/the-business-networking-event-question.html"
)
COFFEE_LUNCH_COFFEE = "https://blog.coffeelunchcoffee.com/2019/11/q-is-for-questions/?share=email"
QMIX = "http://www.qmix.com/top-3-things-small-talk-edition/"
HARD_SKILLS = (
    "https://hard-skills.com/manager/SR1906560/what-to-watch-out-for-during-small-talk-id-1906560"
)
UDACITY = (
    "https://github.com/KendrickPC/Udacity_Data_Structures_-_Algorithms/blob/master/"
    "5_company_research/debrief_2.md"
)
CHIC_CROSSINGS = "https://chiccrossings.com/avoid-these-topics-when-meeting-new-people"
LLERO = "http://www.llero.net/proper-etiquette-for-lunch-meeting-networking-effective-networking-for-lunch/2"
LUKAS_LIEBICH = "https://lukasliebich.com/2018/04/15/would-you-be-my-mentor/"
ALEXIS_COLLADO = (
    "https://www.alexiscollado.com/post/why-you-should-stop-asking-can-you-be-my-mentor"
)
MEREDI = "http://www.meredi.com/tag/mentorship-2/"
PAUL_MCLAUGHLIN = "http://paulmclaughlin.ca/2016/06/the-most-common-interviewing-mistake/"
TURNKEY = "https://social.turnkeywebsitesales.com/?p=23218"
YOU_CAN_COACH = "https://www.youcancoachtalent.com/p/double-barrelled-questions"
HUNTSMAN = "https://huntsman.usu.edu/start/resources/career/informational-interviews"
EASTERN = "https://www.eastern.edu/student-life/center-career-development/information-interview"
CAREER_SOLUTIONS = (
    "http://www.careersolutionsgroup.net/master-an-effective-informational-interview-and-increase-"
    "your-career-change-success/"
)
KU = "https://career.ku.edu/informational-interviewing"

# kind -> (rule that must fire, [(source, question as published)])
QUESTION_KINDS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "job ask in any phrasing": (
        "question.job-ask",
        [
            (RECRUITERS_COUCH, "How do I get hired here?"),
            (GOVLOOP, "Do you think that you will be able to find me a job in your unit?"),
            (HUFFPOST, "Can you help me get my foot in the door?"),
        ],
    ),
    "researchable basics": (
        "question.searchable",
        [
            (WATCH_HER_WORK, "What does a copy editor do?"),
            (WATCH_HER_WORK, "What degree do you need to get into advertising?"),
            (WATCH_HER_WORK, "How many employees does your company have?"),
            (ALICIA_MORGA, "What does your company do?"),
            (CHRIS_MARR, "What do you do?"),
        ],
    ),
    "intrusive personal question": (
        "question.too-personal",
        [
            (DIGGING_IN_TWO, "What church do you go to?"),
            (COFFEE_LUNCH_COFFEE, "Do you have children?"),
            (QMIX, "How are you still single?"),
            (HARD_SKILLS, "Are you married?"),
            # beliefs named together, not one at a time
            (CHIC_CROSSINGS, "What are your political and religious beliefs?"),
        ],
    ),
    "salary of the person": (
        "question.too-personal",
        [
            (UDACITY, "How much do you make?"),
            (CHIC_CROSSINGS, "How much money do you make?"),
            (LLERO, "What is your salary?"),
        ],
    ),
    "mentorship asked at once": (
        "question.mentorship",
        [
            (RECRUITERS_COUCH, "Will you be my mentor?"),
            (LUKAS_LIEBICH, "Dolores, I think you're great. Would you be my mentor?"),
            (ALEXIS_COLLADO, "Can you be my mentor?"),
            (MEREDI, "Are you my mentor?"),
        ],
    ),
    "stacked questions": (
        "question.stacked",
        [
            (
                PAUL_MCLAUGHLIN,
                "When did you arrive at this opinion? What effect did it have on your life? And "
                "would you have done it differently if you could have?",
            ),
            (
                TURNKEY,
                "When did you finally decide to do that, and what inspired you in the first place? "
                "And did it end up being as great as you hoped, or were there parts that didn't "
                "measure up?",
            ),
            (
                YOU_CAN_COACH,
                "If it does end up being Biden vs. Trump again, do you know what you would do? "
                "Would you donate? Would you vote Trump? Do you know?",
            ),
        ],
    ),
}

QUESTION_CASES = [
    pytest.param(rule_id, text, id=f"{kind}: {source}")
    for kind, (rule_id, examples) in QUESTION_KINDS.items()
    for source, text in examples
]


@pytest.mark.parametrize(("rule_id", "text"), QUESTION_CASES)
def test_a_published_dont_ask_question_gets_its_rule(rule_id: str, text: str) -> None:
    findings = check("question", text)
    assert rule_id in {f.rule for f in findings}, [f.rule for f in findings]
    # Every finding says why in one sentence; the problem-level kinds also offer a rewrite.
    for finding in findings:
        assert finding.message.strip()
        if finding.severity is Severity.PROBLEM:
            assert finding.suggestion.startswith("Try:")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("What salary can someone expect at an entry level?", id=HUNTSMAN),
        pytest.param("What is a typical starting salary?", id=EASTERN),
        pytest.param(
            "What are typical pay ranges for entry level, mid level, and senior level experience?",
            id=CAREER_SOLUTIONS,
        ),
    ],
)
def test_pay_in_the_field_is_research_not_the_persons_salary(text: str) -> None:
    assert "question.too-personal" not in {f.rule for f in check("question", text)}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("What do you like best about your work? Least?", id=HUNTSMAN),
        pytest.param("What is an average day like? What are your major responsibilities?", id=KU),
        pytest.param(
            "Where do you see yourself in five years? Is there room for advancement?", id=EASTERN
        ),
    ],
)
def test_a_career_centres_question_with_its_follow_up_is_not_a_stack(text: str) -> None:
    rules = {f.rule for f in check("question", text)}
    assert not rules & {"question.stacked", "question.yes-no"}, rules


# --- requests, by channel ---------------------------------------------------------------------


def _published(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


REQUESTS = _published("requests_published.jsonl")
THANK_YOUS = _published("thankyous_published.jsonl")


def _request(source: str, *, good: bool, channel: str) -> list[dict]:
    return [
        r
        for r in REQUESTS
        if r["source"] == source and r["good"] is good and r["channel"] == channel
    ]


def _request_context(row: dict) -> CheckContext:
    return CheckContext(channel=row["channel"], connection=row.get("connection", ""))


REQUEST_KINDS: dict[str, tuple[str, bool, list[str]]] = {
    # kind -> (channel, good, sources)
    "connection note judged as a note": (
        "linkedin-note",
        True,
        [
            "https://nigelpdaly.com/?p=666",
            "https://accentkit.com/blog/linkedin-connection-request-that-gets-accepted/",
            "https://www.jfinder.co.nz/Blog/blogdetails/25",
            "https://github.com/turingschool/launch-curriculum/blob/main/module4/lessons/Week3/"
            "CoffeeChatPD.md",
        ],
    ),
    "phone script judged as a script": (
        "phone",
        True,
        [
            "http://www.ncsu.edu/career/major/infointerview.php",
            "https://career.ku.edu/informational-interviewing",
            "https://issuhub.com/view/index?id=5854&pageIndex=61",
            "https://slideplayer.com./amp/6934217",
        ],
    ),
    "generic connection note": (
        "linkedin-note",
        False,
        [
            "https://nigelpdaly.com/?p=666",
            "https://accentkit.com/blog/linkedin-connection-request-that-gets-accepted/",
            "https://www.syedahmed.net/blog/category/social-media/",
            "http://areteexecutive.com.au/why-you-should-never-use-linkedins-default-connection-reques/",
        ],
    ),
}


def _request_cases(kind: str) -> list:
    channel, good, sources = REQUEST_KINDS[kind]
    return [
        pytest.param(row, id=f"{row['id']}: {source}")
        for source in sources
        for row in _request(source, good=good, channel=channel)
    ]


@pytest.mark.parametrize("row", _request_cases("connection note judged as a note"))
def test_a_published_connection_note_is_not_asked_for_a_meeting(row: dict) -> None:
    findings = check("request", row["text"], _request_context(row))
    assert not has_problem(findings)
    assert not {f.rule for f in findings} & {"request.no-question", "request.no-time-ask"}


@pytest.mark.parametrize("row", _request_cases("phone script judged as a script"))
def test_a_published_phone_script_passes_with_at_most_one_warning(row: dict) -> None:
    findings = check("request", row["text"], _request_context(row))
    assert not has_problem(findings), [f.rule for f in findings]
    assert sum(f.severity is Severity.WARNING for f in findings) <= 1, [f.rule for f in findings]
    assert "request.no-question" not in {f.rule for f in findings}


@pytest.mark.parametrize("row", _request_cases("generic connection note"))
def test_a_criticised_connection_note_is_called_generic(row: dict) -> None:
    findings = check("request", row["text"], _request_context(row))
    assert "request.note-generic" in {f.rule for f in findings}


@pytest.mark.parametrize(
    "source",
    [
        "http://www.dominicv.net/email-potential-employers-like-get-cozy-unemployment-line/",
        "http://needlesearch.blogspot.com/2007/07/thats-nice-who-are-you.html",
        GOVLOOP,
    ],
)
def test_a_criticised_request_that_asks_for_a_job_is_a_problem(source: str) -> None:
    rows = [r for r in REQUESTS if r["source"] == source and not r["good"]]
    assert rows
    for row in rows:
        findings = check("request", row["text"], _request_context(row))
        mentions = [f for f in findings if f.rule == "request.mentions-job"]
        assert mentions and mentions[0].severity is Severity.PROBLEM


# A courteous statement that leaves the choice to the reader is an ask, question mark or not.
STATEMENT_ASKS = [
    # the Ripple template's request, as gathered (the ask: "I'd be grateful for 15–20 minutes…")
    pytest.param(
        next(
            r["text"]
            for r in REQUESTS
            if r["source"].startswith("https://github.com/abbywylie/Ripple/")
        ),
        id="github.com/abbywylie/Ripple",
    ),
    pytest.param(
        "If you have time for a 20-minute phone call, I would appreciate the opportunity to learn "
        "more about the company.",
        id="github.com/KendrickPC/Udacity_Data_Structures_-_Algorithms/5_company_research/debrief.md",
    ),
    # needlesearch's criticised note is criticised for its job pitch, not for how it asks
    pytest.param(
        next(r["text"] for r in REQUESTS if r["id"] == "pub-22"),
        id="needlesearch.blogspot.com",
    ),
]


@pytest.mark.parametrize("text", STATEMENT_ASKS)
def test_a_published_ask_stated_without_a_question_mark_is_still_an_ask(text: str) -> None:
    assert "?" not in text
    rules = {f.rule for f in check("request", text, CheckContext(channel="email"))}
    assert "request.no-question" not in rules, rules


def test_a_wish_or_an_instruction_is_not_an_ask() -> None:
    for text in (
        "Hi Kai, I'd like to set up a 20-minute call. Please send me a time.",
        "I want to learn about your team. Call me on Friday.",
    ):
        assert "request.no-question" in {f.rule for f in check("request", text)}, text


# --- thank-you notes ------------------------------------------------------------------------

ALBRIGHT = "https://albrightelcdc.wordpress.com/2014/05/28/the-cherry-on-top-a-thank-you-note/"
COOL_AVENUES = "http://www.coolavenues.com/career_resou/network_followup.php3"
INDIANA = "https://apps.ovpue.indiana.edu/cdc-guides/informational-interview/after"
YALE = "https://postdocs.yale.edu/book/export/html/741"
WORKING_WORLD = "http://workingworldcareers.com/2009/01/21/a-word-of-thanks/"


def _thank_you(source: str) -> str:
    return next(t["text"] for t in THANK_YOUS if t["source"] == source)


THANK_YOU_KINDS: dict[str, list[tuple[str, str]]] = {
    # A note that could go to anyone: a criticised note as published, the stock line rcelconnect
    # says a note must go beyond ("I appreciate your taking the time…", completed), and the
    # "level 1" thanks businesslawprofessors calls not worth much.
    "generic": [
        (COOL_AVENUES, _thank_you(COOL_AVENUES)),
        (
            "https://rcelconnect.org/rcel-tip-tuesday-whats-next-exploring-your-next-job-part-2",
            "I appreciate your taking the time to speak with me.",
        ),
        (
            "https://www.businesslawprofessors.com/2016/07/thank-you-letters/",
            "Thanks for the time and insight.",
        ),
    ],
    # Job-interview thank-yous as their sources print them; after an information interview the
    # same pitch asks for a job.
    "asks for a job": [
        (ALBRIGHT, _thank_you(ALBRIGHT)),
        (
            "https://stage11.ombudev.com/sample-thank-you-note",
            "Thank you for meeting with me this morning to discuss the internship position at A1 "
            "Computing. It was very interesting learning about the company and the software "
            "programs it creates.\n\nI would very much look forward to working with A1 Computing "
            "and appreciate your consideration.",
        ),
        (
            "https://www.eastern.edu/student-life/careers-calling/how-write-thank-you-letter",
            "Dear Ms. Smith:\n\nThank you for taking the time yesterday to speak with me about "
            "the opening for a Dreamer at the Best Bedding Company.\n\nI am very interested in "
            "the position.",
        ),
    ],
}


@pytest.mark.parametrize(
    ("rule_id", "text"),
    [
        pytest.param("thankyou.generic", text, id=f"generic: {source}")
        for source, text in THANK_YOU_KINDS["generic"]
    ]
    + [
        pytest.param("thankyou.mentions-job", text, id=f"job: {source}")
        for source, text in THANK_YOU_KINDS["asks for a job"]
    ],
)
def test_a_published_thank_you_mistake_gets_its_rule(rule_id: str, text: str) -> None:
    assert rule_id in {f.rule for f in check("thankyou", text)}


# Sources that put a limit on when thanks are late; each calls a week late (or worse).
LATE_SOURCES = [
    "https://careerservices5.wixsite.com/mticareerservices/post/5-ways-your-thank-you-note-could-lose-you-the-job",
    "https://www.theadvancegroupjobs.com/2015/01/13/thank-notes-hinder-interview-process/",
    "https://www.jobma.com/blog/thank-you-note-dos-and-donts/",
    "http://themediachronicles.com/2014/03/05/thats-always-leave-note/",
]


@pytest.mark.parametrize("source", LATE_SOURCES)
def test_a_good_published_note_sent_a_week_later_is_late(source: str) -> None:
    ended = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    text = _thank_you(INDIANA)
    late = CheckContext(meeting_ended_at=ended, now=ended + timedelta(days=7))
    prompt = CheckContext(meeting_ended_at=ended, now=ended + timedelta(hours=3))
    assert "thankyou.late" in {f.rule for f in check("thankyou", text, late)}, source
    assert "thankyou.late" not in {f.rule for f in check("thankyou", text, prompt)}, source


# Sources that keep a thank-you short: under 150 words (collegecentral), one screen
# (uwaterloo), short for an information interview (hireosugrads, uwaterloo).
LENGTH_SOURCES = [
    "https://www.collegecentral.com/Article.cfm?CatID=CAR&ArticleID=2558",
    "https://careerhub.uwaterloo.ca/sections/Marketing/thank-you-letters.html",
    "http://hireosugrads.com/StudentsAlumni/ResumeCoverLetter-ThankYouNote.aspx",
]


@pytest.mark.parametrize("source", LENGTH_SOURCES)
def test_three_published_notes_run_together_are_too_long(source: str) -> None:
    # Each note alone is short enough; sent as one they pass the limit these sources set.
    parts = [_thank_you(INDIANA), _thank_you(YALE), _thank_you(WORKING_WORLD)]
    for part in parts:
        assert "thankyou.too-long" not in {f.rule for f in check("thankyou", part)}, source
    joined = "\n\n".join(parts)
    assert "thankyou.too-long" in {f.rule for f in check("thankyou", joined)}, source


def test_every_kind_has_three_sources() -> None:
    for kind, (_rule, examples) in QUESTION_KINDS.items():
        assert len({source for source, _text in examples}) >= 3, kind
    for kind in REQUEST_KINDS:
        assert len({p.id.split(": ", 1)[1] for p in _request_cases(kind)}) >= 3, kind
    for kind, examples in THANK_YOU_KINDS.items():
        assert len({source for source, _text in examples}) >= 3, kind
    assert len(STATEMENT_ASKS) >= 3
    assert len(LATE_SOURCES) >= 3
    assert len(LENGTH_SOURCES) >= 3


# --- a job named while asking to learn, or asked for outright (added with request.names-job) ---

NEEDLESEARCH = "http://needlesearch.blogspot.com/2007/07/thats-nice-who-are-you.html"
FORGE_TOMORROW = "https://github.com/ObywanKenoby309/forgetomorrow"


def _row(row_id: str) -> dict:
    return next(r for r in REQUESTS if r["id"] == row_id)


NAMED_JOBS = [
    # the blogger's good rewrite names the open position it asks advice about
    pytest.param(_row("pub-23")["text"], "linkedin-message", id=NEEDLESEARCH),
    # the platform's script for an opening at a contact's company
    pytest.param(_row("pub-49")["text"], "linkedin-message", id=FORGE_TOMORROW),
    # a connection-note template, its blanks filled: "Saw [Company] is [hiring for X]"
    pytest.param(
        "Hi Dana, I'm a data analyst with 4 years in logistics. Saw Harbourline is hiring for "
        "data engineering. Would love to connect and learn more.",
        "linkedin-note",
        id="github.com/vijaykpatel/favorite_skills_and_plugins/skills/cold-outreach",
    ),
]


@pytest.mark.parametrize(("text", "channel"), NAMED_JOBS)
def test_a_published_request_that_names_a_job_to_learn_about_it_is_a_tip(
    text: str, channel: str
) -> None:
    findings = check("request", text, CheckContext(channel=channel))
    assert "request.names-job" in {f.rule for f in findings}
    assert not has_problem(findings), [f.rule for f in findings]
    assert sum(f.severity is Severity.WARNING for f in findings) <= 1, [f.rule for f in findings]


def test_the_criticised_note_asks_for_the_job_and_its_published_rewrite_does_not() -> None:
    criticised = check("request", _row("pub-22")["text"], CheckContext(channel="linkedin-message"))
    rewrite = check("request", _row("pub-23")["text"], CheckContext(channel="linkedin-message"))
    assert "request.mentions-job" in {f.rule for f in criticised if f.severity.rank == 2}
    assert "request.mentions-job" not in {f.rule for f in rewrite}


# --- "pick your brain" ------------------------------------------------------------------------

PICK_BRAIN = [
    pytest.param(_row("pub-43")["text"], id="bernoff.com/blog/can-i-pick-your-brain"),
    pytest.param(
        "Can I buy you coffee and pick your brain?",
        id="creators.com/read/work-daze/03/19/picky-picky",
    ),
    pytest.param(
        "I'd love to pick your brain.", id="thelongandtheshortpodcast.com/34-picking-brains"
    ),
]


@pytest.mark.parametrize("text", PICK_BRAIN)
def test_a_published_pick_your_brain_request_gets_its_warning(text: str) -> None:
    findings = [f for f in check("request", text) if f.rule == "request.pick-brain"]
    assert findings and findings[0].severity is Severity.WARNING and findings[0].suggestion


def test_the_published_rewrite_of_pick_your_brain_is_not_flagged() -> None:
    rewrite = _row("pub-42")
    findings = check("request", rewrite["text"], CheckContext(channel=rewrite["channel"]))
    assert "request.pick-brain" not in {f.rule for f in findings}
    assert not has_problem(findings)


# --- an ask for advice in writing needs no meeting length ---------------------------------------

WRITTEN_ASKS = [
    pytest.param(_row("pub-49")["text"], id=FORGE_TOMORROW),
    # carleton.edu: ask "if she is willing to answer a few of your questions via e-mail"
    pytest.param(
        "Would you be willing to answer a few of my questions via e-mail?",
        id="carleton.edu/career/students/networking/process",
    ),
    # the Udacity course: the contact "may be still willing to answer some questions over email"
    pytest.param(
        "Would you be willing to answer some questions over email or LinkedIn?",
        id="github.com/KendrickPC/Udacity_Data_Structures_-_Algorithms",
    ),
]


@pytest.mark.parametrize("text", WRITTEN_ASKS)
def test_a_published_ask_for_advice_in_writing_is_not_asked_for_a_meeting_length(
    text: str,
) -> None:
    rules = {f.rule for f in check("request", text, CheckContext(channel="linkedin-message"))}
    assert "request.no-time-ask" not in rules, rules


# --- good published thank-you notes, from several sources, pass ---------------------------------

GOOD_THANK_YOUS = [
    "https://apps.ovpue.indiana.edu/cdc-guides/informational-interview/after",
    "https://github.com/Drawiin/Drawiin/blob/main/jobseekerhero/messages/thank-you/"
    "after-networking-thank-you.md",
    "https://github.com/abbywylie/Ripple/blob/main/backend/knowledge_base/templates/follow-ups/"
    "thank_you_email_informational.md",
    "https://recocards.com/blog/thank-you/thank-you-message-for-mentor/",
]


@pytest.mark.parametrize("source", GOOD_THANK_YOUS)
def test_a_good_published_thank_you_gets_no_problem_and_is_not_called_generic(source: str) -> None:
    rows = [t for t in THANK_YOUS if t["source"] == source and t["good"]]
    assert rows
    for row in rows:
        context = CheckContext(note_points=row.get("note_points") or [])
        findings = check("thankyou", row["text"], context)
        assert not has_problem(findings), [f.rule for f in findings]
        assert "thankyou.generic" not in {f.rule for f in findings}


def test_the_new_request_and_thank_you_kinds_have_three_sources_each() -> None:
    for cases in (NAMED_JOBS, PICK_BRAIN, WRITTEN_ASKS):
        assert len({p.id for p in cases}) >= 3
    assert len(GOOD_THANK_YOUS) >= 3
