"""The built-in question bank: open questions for information interviews, written for Coffeechat.

Every question has a stable slug (plans keep a reference to it), a topic, a TIARA letter and, for
the questions that end a conversation, `closing=True`. Texts may hold placeholders that
`PLACEHOLDERS.fill_sentence` completes from the contact; when a value is unknown a generic phrase
takes its place, so a filled question never shows a literal `{...}`.

The planner reads the bank through `by_slug`, `by_topic`, `by_tiara` and `closing_questions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coffeechat.core.placeholders import Placeholder, Placeholders

TOPICS: list[tuple[str, str]] = [
    ("career_path", "Career path and background"),
    ("day_to_day", "Day-to-day work"),
    ("skills", "Skills and training"),
    ("trends", "Industry trends and outlook"),
    ("organisation", "The organisation and its culture"),
    ("challenges", "Challenges"),
    ("advice", "Advice"),
    ("resources", "Resources and people"),
    ("next_steps", "Next steps"),
]
TOPIC_LABELS: dict[str, str] = dict(TOPICS)

# TIARA (Steve Dalton): Trends, Insights, Advice, Resources, Assignments.
TIARA: list[str] = ["trends", "insights", "advice", "resources", "assignments"]
TIARA_LABELS: dict[str, str] = {key: key.capitalize() for key in TIARA}


def _role(value: str) -> str:
    # "the Data Analyst role", but "the Product Owner position" rather than "position role".
    if re.search(r"\b(?:role|position|job)$", value, re.IGNORECASE):
        return f"the {value}"
    return f"the {value} role"


# `{role}` reads as "the Data Analyst role" or "your role", so sentences work either way.
PLACEHOLDERS = Placeholders(
    Placeholder("role", "the contact's role", _role, "your role"),
    Placeholder("organisation", "the contact's organisation", fallback="your organisation"),
    Placeholder("industry", "the organisation's industry", fallback="your industry"),
    Placeholder("field", "the field you are exploring", fallback="your field"),
    Placeholder("first_name", "the contact's first name"),
)


@dataclass(frozen=True)
class BankQuestion:
    slug: str
    text: str
    topic: str
    tiara: str
    closing: bool = False

    @property
    def topic_label(self) -> str:
        return TOPIC_LABELS[self.topic]

    @property
    def placeholders(self) -> list[str]:
        return PLACEHOLDERS.names_in(self.text)

    def filled(self, values: dict[str, Any] | None = None) -> str:
        return PLACEHOLDERS.fill_sentence(self.text, values or {})


def values_for_contact(contact: Any, *, field: str = "", industry: str = "") -> dict[str, str]:
    """Placeholder values from a contact (duck-typed, so the bank needs no database)."""
    organisation = getattr(contact, "organisation", None)
    return {
        "first_name": getattr(contact, "first_name", "") or "",
        "role": getattr(contact, "role", "") or "",
        "organisation": getattr(organisation, "name", "") if organisation else "",
        "field": field,
        "industry": industry,
    }


def _topic(topic: str, *rows: tuple) -> list[BankQuestion]:
    return [BankQuestion(row[0], row[2], topic, row[1], *row[3:]) for row in rows]


# (slug, TIARA key, text[, closing])
BANK: list[BankQuestion] = [
    *_topic(
        "career_path",
        ("career-first-pull", "insights", "What first pulled you toward {field}?"),
        (
            "career-turning-point",
            "insights",
            "Which decision in your career mattered more than you realised at the time?",
        ),
        (
            "career-earlier-jobs",
            "insights",
            "How have your earlier jobs shaped the way you approach {role} today?",
        ),
        (
            "career-by-chance",
            "insights",
            "Which parts of your path happened by chance rather than by plan?",
        ),
        (
            "career-start-again",
            "advice",
            "If you were starting out in {field} today, what would you do differently in your "
            "first two years?",
        ),
        (
            "career-education-use",
            "insights",
            "Which parts of your education do you still draw on in your work?",
        ),
        ("career-move-into-role", "insights", "How did you make the move into {role}?"),
        (
            "career-road-not-taken",
            "insights",
            "What other career were you seriously weighing before you settled on {field}?",
        ),
        (
            "career-outside-edge",
            "insights",
            "What from your life outside {field} has turned out to be an advantage in it?",
        ),
        (
            "career-early-influences",
            "insights",
            "What did the people who shaped your early career teach you?",
        ),
        (
            "career-why-stay",
            "insights",
            "What has kept you in {field} when other options came along?",
        ),
        (
            "career-detour",
            "insights",
            "Looking back, which detour in your career taught you the most?",
        ),
        ("career-routes-in", "insights", "Which routes into {role} tend to work out best?"),
        (
            "career-after-role",
            "trends",
            "Where do people usually go after a few years in {role}?",
        ),
        (
            "career-first-year-surprise",
            "insights",
            "What caught you off guard in your first year working in {field}?",
        ),
    ),
    *_topic(
        "day_to_day",
        ("day-typical-week", "insights", "Could you walk me through a typical week in {role}?"),
        (
            "day-time-split",
            "insights",
            "How is your time usually divided between meetings, focused work and everything else?",
        ),
        ("day-look-forward", "insights", "Which part of your day do you look forward to most?"),
        (
            "day-hand-off",
            "insights",
            "Which tasks in your week would you happily hand to someone else?",
        ),
        (
            "day-current-project",
            "assignments",
            "What project has most of your attention at the moment?",
        ),
        (
            "day-best-work",
            "assignments",
            "Which piece of work from the last few years would you point to as your best?",
        ),
        (
            "day-closest-colleagues",
            "insights",
            "Which people or teams do you work with most closely from day to day?",
        ),
        (
            "day-tools",
            "insights",
            "What tools or methods do you lean on most in an ordinary week?",
        ),
        (
            "day-unseen-work",
            "insights",
            "What does the work involve that people outside {field} rarely get to see?",
        ),
        (
            "day-yearly-rhythm",
            "insights",
            "How does the rhythm of your work shift across the year?",
        ),
        ("day-decisions", "insights", "What kinds of decisions are yours to make in {role}?"),
        ("day-good-day", "insights", "What does a really good day at work look like for you?"),
        (
            "day-remote-balance",
            "insights",
            "How has your team settled the balance between remote and in-person work?",
        ),
        (
            "day-first-month-task",
            "assignments",
            "What sort of assignment might a newcomer in {role} be handed in their first month?",
        ),
        (
            "day-measured",
            "insights",
            "How do you and your manager judge whether your work in {role} is going well?",
        ),
    ),
    *_topic(
        "skills",
        (
            "skills-difference-maker",
            "insights",
            "Which skills separate people who do {role} well from those who merely get by?",
        ),
        (
            "skills-underrated",
            "insights",
            "What skill do people trying to enter {field} tend to underrate?",
        ),
        (
            "skills-learned-on-job",
            "insights",
            "What did you have to learn on the job that no course prepared you for?",
        ),
        (
            "skills-credentials-weight",
            "insights",
            "How much weight do employers in {industry} give to formal credentials compared "
            "with experience?",
        ),
        (
            "skills-practise-now",
            "assignments",
            "What could I start practising now to build the skills {role} calls for?",
        ),
        (
            "skills-training-routes",
            "advice",
            "Which training routes have you seen work well for people coming into {field}?",
        ),
        (
            "skills-worthwhile-certificates",
            "advice",
            "Which certifications in {field} are genuinely worth the time and money?",
        ),
        (
            "skills-people-skills",
            "insights",
            "How much do people skills matter in your daily work compared with technical ones?",
        ),
        (
            "skills-staying-current",
            "insights",
            "How do you keep your skills current as {field} keeps changing?",
        ),
        (
            "skills-newcomer-gaps",
            "insights",
            "Where do newcomers to {field} usually fall short in their first year?",
        ),
        (
            "skills-work-sample",
            "assignments",
            "What kind of work sample would best show that someone is ready for {role}?",
        ),
        (
            "skills-transferable",
            "insights",
            "Which skills from other lines of work carry over well into {role}?",
        ),
        (
            "skills-personal-qualities",
            "insights",
            "What personal qualities help people last in {field} over the long run?",
        ),
        (
            "skills-own-growth",
            "insights",
            "Which skill are you working on improving in yourself right now?",
        ),
        (
            "skills-education-path",
            "advice",
            "What education and experience would you look for in someone hoping to start in "
            "{role}?",
        ),
    ),
    *_topic(
        "trends",
        (
            "trends-five-years",
            "trends",
            "How do you expect {field} to change over the next five years?",
        ),
        (
            "trends-technology",
            "trends",
            "What effect are new technologies, such as AI tools, having on the work in {role}?",
        ),
        ("trends-growth-areas", "trends", "Where in {industry} do you see the most growth?"),
        (
            "trends-fading-work",
            "trends",
            "Which parts of the work in {field} do you expect to shrink or fade away?",
        ),
        (
            "trends-outlook-newcomers",
            "trends",
            "How would you describe the outlook for people entering {field} in the next few years?",
        ),
        (
            "trends-regulation",
            "trends",
            "What changes in rules or public policy are shaping {industry} at the moment?",
        ),
        ("trends-debates", "trends", "What are people in {field} arguing about these days?"),
        (
            "trends-future-skills",
            "trends",
            "Which skills will count for more in {field} a few years from now?",
        ),
        (
            "trends-overhyped",
            "trends",
            "Which trend in {industry} gets more attention than it deserves, in your view?",
        ),
        (
            "trends-organisation-adapting",
            "trends",
            "How is {organisation} adjusting to the shifts happening in {industry}?",
        ),
        (
            "trends-changing-needs",
            "trends",
            "How have the needs of the people you serve changed in recent years?",
        ),
        (
            "trends-ways-in-changing",
            "trends",
            "How has the way people get into {field} changed since you started?",
        ),
        (
            "trends-watch-list",
            "trends",
            "Which developments should someone entering {field} keep an eye on?",
        ),
        (
            "trends-economy",
            "trends",
            "How do swings in the wider economy tend to affect {industry}?",
        ),
        (
            "trends-new-roles",
            "trends",
            "What kinds of roles exist in {field} now that did not exist ten years ago?",
        ),
    ),
    *_topic(
        "organisation",
        (
            "org-culture-to-a-friend",
            "insights",
            "How would you describe the culture at {organisation} to a friend?",
        ),
        ("org-joining-surprise", "insights", "What surprised you after you joined {organisation}?"),
        (
            "org-values-in-practice",
            "insights",
            "Where do the stated values of {organisation} show up in everyday decisions?",
        ),
        ("org-decisions", "insights", "How are decisions usually made on your team?"),
        (
            "org-recent-hires",
            "insights",
            "What backgrounds do the most recent people to join your team come from?",
        ),
        ("org-who-thrives", "insights", "What sets apart the people who thrive at {organisation}?"),
        (
            "org-why-people-stay",
            "insights",
            "What keeps people at {organisation} for the long term?",
        ),
        (
            "org-growth-support",
            "insights",
            "How does {organisation} support people who want to grow into new responsibilities?",
        ),
        (
            "org-benefits-that-matter",
            "insights",
            "Which benefits or working arrangements matter most to people at {organisation}?",
        ),
        (
            "org-team-in-structure",
            "insights",
            "How does your team fit into the wider structure of {organisation}?",
        ),
        (
            "org-compared",
            "insights",
            "How does working at {organisation} compare with other places you have worked?",
        ),
        (
            "org-ways-in",
            "insights",
            "How do people usually find their way into {organisation}?",
        ),
        # Seed 004 counts "where are openings posted?" as a fair question: research, not an ask.
        (
            "org-openings-posted",
            "resources",
            "When {organisation} has an opening, where does it usually get advertised?",
        ),
        ("org-feedback", "insights", "How is feedback shared on your team?"),
        ("org-changed-since", "insights", "How has {organisation} changed since you joined?"),
    ),
    *_topic(
        "challenges",
        ("ch-hardest-part", "insights", "What is the hardest part of working in {role}?"),
        (
            "ch-early-obstacle",
            "insights",
            "Which obstacle early in your career taught you the most about {field}?",
        ),
        (
            "ch-misconceptions",
            "insights",
            "What misconceptions about {field} do you run into most often?",
        ),
        ("ch-frustrations", "insights", "What frustrates you about the way {industry} works?"),
        ("ch-burnout", "advice", "How do people in {field} protect themselves from burning out?"),
        (
            "ch-tradeoffs",
            "insights",
            "What trade-offs come with a career in {field} that newcomers underestimate?",
        ),
        (
            "ch-setback",
            "insights",
            "Could you tell me about a setback at work and what you took from it?",
        ),
        ("ch-pressure", "insights", "Where does most of the pressure in {role} come from?"),
        (
            "ch-breaking-in",
            "insights",
            "From what you have seen, what makes {field} hard to break into?",
        ),
        (
            "ch-disagreements",
            "insights",
            "How do you work through disagreements with the people who depend on your work?",
        ),
        (
            "ch-life-outside",
            "insights",
            "How do people in {field} manage the demands of the job alongside life outside work?",
        ),
        ("ch-worries", "trends", "What worries people in {industry} most right now?"),
        ("ch-why-leave", "insights", "What leads people you know to leave {field}?"),
        (
            "ch-wish-warned",
            "advice",
            "What do you wish someone had warned you about before you started in {field}?",
        ),
        (
            "ch-hard-call",
            "insights",
            "What was the hardest call you have had to make in {role}?",
        ),
    ),
    *_topic(
        "advice",
        (
            "adv-in-my-position",
            "advice",
            "If you were in my position, what would you focus on over the next six months?",
        ),
        (
            "adv-stand-out",
            "advice",
            "What helps a newcomer stand out to the people who hire for {role}?",
        ),
        (
            "adv-where-i-fit",
            "advice",
            "Given my background, where in {field} do you think I could contribute most?",
        ),
        (
            "adv-common-mistakes",
            "advice",
            "What mistakes do you see people make when they try to move into {field}?",
        ),
        (
            "adv-first-job",
            "advice",
            "What kind of first job would teach me the most about {industry}?",
        ),
        (
            "adv-study-or-work",
            "advice",
            "How would you weigh further study against going straight into work in {field}?",
        ),
        (
            "adv-test-the-fit",
            "assignments",
            "How could I find out whether {field} suits me before committing to it?",
        ),
        ("adv-best-received", "advice", "What is the best piece of career advice you were given?"),
        (
            "adv-younger-self",
            "advice",
            "What would you tell yourself at the very start of your career?",
        ),
        (
            "adv-large-or-small",
            "advice",
            "How would you compare starting at a large employer with starting at a small one in "
            "{industry}?",
        ),
        ("adv-when-specialise", "advice", "When is the right moment to specialise in {field}?"),
        (
            "adv-my-gaps",
            "advice",
            "What gaps would you expect to see in someone with my background aiming at {role}?",
        ),
        (
            "adv-location",
            "advice",
            "How much does where you live matter for a career in {field}?",
        ),
        (
            "adv-network-from-scratch",
            "advice",
            "How would you go about building a network in {field} from scratch?",
        ),
        (
            "adv-career-change",
            "advice",
            "What would you tell someone changing careers into {field} in their thirties?",
        ),
    ),
    *_topic(
        "resources",
        (
            "res-associations",
            "resources",
            "Which professional associations in {field} do you find worth joining?",
        ),
        (
            "res-reading",
            "resources",
            "Which publications, newsletters or podcasts help you keep up with {industry}?",
        ),
        (
            "res-events",
            "resources",
            "Which conferences or meetups in {field} would suit someone just starting out?",
        ),
        ("res-people-to-follow", "resources", "Whose work in {field} should I be following?"),
        (
            "res-courses",
            "resources",
            "Which courses or programmes have you seen prepare people well for {role}?",
        ),
        (
            "res-communities",
            "resources",
            "Which online communities in {field} are worth being part of?",
        ),
        ("res-book", "resources", "What book changed the way you think about your work?"),
        (
            "res-volunteer",
            "assignments",
            "Where could I volunteer to get closer to the work done in {field}?",
        ),
        (
            "res-hearing-of-roles",
            "resources",
            "Where do people in {field} tend to hear about new roles?",
        ),
        (
            "res-pay-data",
            "resources",
            "Which sources do you trust for information on pay and demand in {field}?",
        ),
        (
            "res-tools",
            "resources",
            "Which tools would be worth learning before starting in {role}?",
        ),
        (
            "res-mentoring",
            "resources",
            "What mentoring schemes exist in {industry} for people starting out?",
        ),
        (
            "res-talk-to",
            "resources",
            "Who else would you suggest I talk to as I learn more about {field}?",
            True,
        ),
        (
            "res-other-perspective",
            "resources",
            "Whose view of {industry} would round out what you have told me today?",
            True,
        ),
        (
            "res-next-name",
            "resources",
            "Before we wrap up, {first_name}, whose name comes to mind as someone I should meet "
            "next?",
            True,
        ),
    ),
    *_topic(
        "next_steps",
        (
            "next-this-month",
            "assignments",
            "What is one thing I could do this month to move closer to {field}?",
        ),
        (
            "next-small-project",
            "assignments",
            "What small project could I take on to learn what the work in {role} really involves?",
        ),
        (
            "next-read-or-try",
            "assignments",
            "What would you suggest I read or try before we next speak?",
        ),
        (
            "next-see-up-close",
            "assignments",
            "What would be a good way to see the work in {role} up close?",
        ),
        (
            "next-first-step-org",
            "advice",
            "What would be a sensible first step for someone hoping to work somewhere like "
            "{organisation} one day?",
        ),
        (
            "next-trial-assignment",
            "assignments",
            "If you set me a small assignment to test my interest in {field}, what would it be?",
        ),
        (
            "next-strongest-evidence",
            "advice",
            "What experience would make the strongest case that I am ready for {field}?",
        ),
        (
            "next-prepare-ahead",
            "advice",
            "How should I spend the next year if I want to be a strong candidate for {role}?",
        ),
        (
            "next-follow-up",
            "assignments",
            "May I follow up with you once I have acted on your suggestions?",
            True,
        ),
        (
            "next-stay-in-touch",
            "assignments",
            "What is the best way for me to stay in touch with you?",
            True,
        ),
        (
            "next-help-you",
            "assignments",
            "Is there anything I can help you with in return?",
            True,
        ),
        (
            "next-mention-name",
            "resources",
            "May I mention your name when I contact the people you suggested?",
            True,
        ),
        (
            "next-missed-question",
            "insights",
            "What should I have asked you today that I did not think to ask?",
            True,
        ),
        (
            "next-report-back",
            "assignments",
            "Would it be all right if I let you know how things turn out?",
            True,
        ),
        (
            "next-priority",
            "advice",
            "Of everything we have discussed, what would you tackle first in my place?",
        ),
    ),
]

_BY_SLUG: dict[str, BankQuestion] = {q.slug: q for q in BANK}


def by_slug(slug: str) -> BankQuestion:
    """The bank question with this slug; KeyError when there is none."""
    return _BY_SLUG[slug]


def get(slug: str) -> BankQuestion | None:
    return _BY_SLUG.get(slug)


def by_topic(topic: str) -> list[BankQuestion]:
    if topic not in TOPIC_LABELS:
        raise ValueError(f"unknown topic {topic!r}")
    return [q for q in BANK if q.topic == topic]


def by_tiara(letter: str) -> list[BankQuestion]:
    if letter not in TIARA:
        raise ValueError(f"unknown TIARA key {letter!r}")
    return [q for q in BANK if q.tiara == letter]


def closing_questions() -> list[BankQuestion]:
    return [q for q in BANK if q.closing]


def grouped_by_topic() -> list[tuple[str, str, list[BankQuestion]]]:
    """(key, label, questions) for every topic in order, for pickers and printouts."""
    return [(key, label, by_topic(key)) for key, label in TOPICS]
