"""Every draft the app writes passes its own coach, for contacts, organisations, profiles and
meetings of every shape (issue 14). Hypothesis builds the people and the user's answers to every
composer's slots (request, thank-you, close-the-loop update, keep-in-touch check-in);
`every_draft` writes the texts.

One problem is the user's to solve, not the draft's: a thank-you must name something specific
from the conversation, which only the user can write. While its "what stayed with you" slot is
empty, the composer asks for it and the coach says the same; that is the only problem allowed."""

import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from coffeechat.coach.rules.request import JOB_RE, PLACEHOLDER_RE
from coffeechat.contacts.models import Relationship
from coffeechat.core.testing import make_user
from coffeechat.core.tests import factories
from coffeechat.outreach.tests.every_draft import every_text, text_faults

LETTERS = string.ascii_lowercase + "éèàçñøåüößłıčšžő"
name_part = st.builds(
    lambda first, rest, joiner: (first.upper() + rest) + joiner,
    st.sampled_from(LETTERS.replace("ß", "").replace("ı", "")),
    st.text(LETTERS, min_size=1, max_size=14),
    st.sampled_from(["", "", "", "-Ann", "’s"]).filter(lambda j: j != "’s"),
)
full_name = st.lists(name_part, min_size=1, max_size=3).map(" ".join)
organisation = st.one_of(
    st.none(),
    st.lists(name_part, min_size=1, max_size=4).map(" ".join),
    st.sampled_from(["Stripe, Inc", "Smith & Jones Ltd", "Université de Montréal", "NHS"]),
)
# Free notes say all sorts, including what the coach would flag; none of it may reach a draft.
notes = st.sampled_from(
    [
        "",
        "My dissertation supervisor.",
        "Leeds alumna (BSc Env Sci 2016).",
        "Advises companies on decarbonisation; graduate scheme opens in January.",
        "Hiring for a junior analyst: apply by 3 March!",
        "Senior Sustainability Consultant",
    ]
)
introduction = st.sampled_from(
    [
        "",
        "I'm a final-year environmental science student exploring consulting",
        "I'm a designer moving into user research:",
        "I teach maths and I'm curious about data work.",
    ]
)
slot_answer = st.sampled_from(
    [
        "",
        "Your talk on heat networks.",
        "how you moved from research into consulting",
        "the Leeds Climate Week",
        "Université Laval",
        "your piece on écoles d'été",
    ]
)

# Answers to the slots that continue "Next, I will …" (future) and "I took your advice and …".
will_do = st.sampled_from(
    [
        "",
        "Join the research ops meetup you mentioned.",
        "read 'Just Enough Research'",
        "Ask Øystein",
    ]
)
did = st.sampled_from(
    ["", "Signed up for the SQL course you recommended.", "joined the meetup", "wrote to Zoë"]
)
link = st.sampled_from(["", "https://example.org/heat-networks", "example.org/a?b=1"])
news = st.sampled_from(
    ["", "I've started a part-time course in data analysis.", "my first study is out", "Ich lerne"]
)

# Lines of the user's meeting notes, which a thank-you quotes when ticked.
meeting_note = st.sampled_from(
    [
        "Usability testing with five users finds most problems.",
        "Advice: learn SQL first",
        "Insight - most analysts start in operations",
        "Resource: the book 'Just Enough Research'",
        "her move from teaching into research:",
    ]
)


def clean(value: str | None) -> bool:
    """A value the coach would flag on its own (a name like "Job" or "Todo") says nothing
    about our wording."""
    return not value or not (JOB_RE.search(value) or PLACEHOLDER_RE.search(value))


class EveryDraftPassesTheCoach(TestCase):
    @settings(
        max_examples=50,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        me=st.one_of(st.just(""), full_name),
        preferred=st.one_of(st.just(""), full_name),
        phone=st.sampled_from(["", "07700 900123", "+1 (415) 555-0100"]),
        email=st.sampled_from(["", "me@example.org"]),
        intro=introduction,
        signature=st.sampled_from(["", "Alice Martin\nMSc Design, Leeds"]),
        them=full_name,
        org=organisation,
        referrer=st.one_of(st.none(), full_name),
        relationship=st.sampled_from(Relationship.values),
        research=notes,
        org_research=notes,
        minutes=st.sampled_from([10, 20, 30, 45]),
        slots=st.fixed_dictionaries(
            {
                "caught_eye": slot_answer,
                "learn": slot_answer,
                "school": slot_answer,
                "event": slot_answer,
                "stayed": slot_answer,
                "will_do": will_do,
                "changed": slot_answer,
                "outcome": slot_answer,
                "did_advice": did,
                "read": slot_answer,
                "link": link,
                "ask_after": slot_answer,
                "news": news,
            }
        ),
        points=st.lists(meeting_note, max_size=3),
        task=st.sampled_from(
            [
                "Send {them} my dissertation summary",
                "Advice: read 'Designing Interviews'.",
                "talk to {them}'s colleague in the data team",
                "I will share the IPCC summary",
            ]
        ),
    )
    def test_every_generated_text_is_whole_and_passes(
        self,
        me,
        preferred,
        phone,
        email,
        intro,
        signature,
        them,
        org,
        referrer,
        relationship,
        research,
        org_research,
        minutes,
        slots,
        points,
        task,
    ):
        assume(all(clean(v) for v in (me, preferred, them, org, referrer)))
        user = make_user("writer")
        user.email = email
        user.save()
        user.profile.full_name, user.profile.phone = me, phone
        user.profile.preferred_name = preferred
        user.profile.introduction, user.profile.signature = intro, signature
        user.profile.save()
        organisation = (
            factories.organisation(user, org, research_notes=org_research) if org else None
        )
        contact = factories.contact(
            user,
            them,
            org=organisation,
            relationship=relationship,
            referred_by=factories.contact(user, referrer) if referrer else None,
            research_notes=research,
            emails=["them@example.org"] if email else [],
        )
        conversation = factories.conversation(user, contact)
        conversation.meeting_minutes = minutes
        conversation.intention = "Whether there are jobs for me: ask about hiring"
        conversation.save()
        first = contact.first_name
        for generated in every_text(
            conversation, slots, points=points, task=task.format(them=first)
        ):
            where = f"{generated.kind} on {generated.channel or 'calendar'}:\n{generated.text}"
            self.assertEqual(text_faults(generated), [], where)
            problems = {f.rule for f in generated.findings if f.severity == "problem"}
            if "stayed" in generated.asks and points:
                problems.discard("thankyou.no-specific-point")  # the composer asks for it
            self.assertEqual(problems, set(), f"{generated.findings}\n{where}")
            for private in ("dissertation supervisor", "decarbonisation", "Hiring for", "jobs"):
                if generated.kind.startswith(("request", "follow", "invitation")):
                    self.assertNotIn(private, generated.text, where)
