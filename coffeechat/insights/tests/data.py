"""A small hand-made set of conversations for the synthesis and the funnel tests."""

from datetime import UTC, date, datetime

from coffeechat.contacts.models import Touchpoint
from coffeechat.core.tests import factories
from coffeechat.insights.models import CareerPath
from coffeechat.meetings.models import Capture, Meeting
from coffeechat.outreach.models import Reply, RequestDraft, RequestTemplate
from coffeechat.pipeline.models import Conversation
from coffeechat.prep.models import PlannedQuestion


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, 0, tzinfo=UTC)


def path_data(user) -> dict:
    """Path "UX research": Cy through the organisation (met in February), Ana through her contact
    (met in March), Ben's conversation directly (not met yet); Dee is not on the path."""
    acme = factories.organisation(user, "Acme")
    ana = factories.contact(user, "Ana Lima", role="UX researcher")
    ben = factories.contact(user, "Ben Okafor")
    cy = factories.contact(user, "Cy Novak", org=acme)
    dee = factories.contact(user, "Dee Shah", org=factories.organisation(user, "Other"))
    convs = {
        name: factories.conversation(user, who)
        for name, who in [("ana", ana), ("ben", ben), ("cy", cy), ("dee", dee)]
    }
    Conversation.objects.filter(pk=convs["ana"].pk).update(met_at=at(2026, 3, 10))
    Conversation.objects.filter(pk=convs["cy"].pk).update(met_at=at(2026, 2, 1))
    ana_meeting = Meeting.objects.create(
        user=user, conversation=convs["ana"], starts_at=at(2026, 3, 10), status="held"
    )
    cy_meeting = Meeting.objects.create(
        user=user, conversation=convs["cy"], starts_at=at(2026, 2, 1), status="held"
    )
    dee_meeting = Meeting.objects.create(
        user=user, conversation=convs["dee"], starts_at=at(2026, 2, 5), status="held"
    )
    Capture.objects.create(
        user=user,
        meeting=ana_meeting,
        kind="insight",
        topic="day_to_day",
        text="Mostly interviews and synthesis",
    )
    Capture.objects.create(
        user=user, meeting=ana_meeting, kind="advice", topic="", text="Take a statistics course"
    )
    Capture.objects.create(
        user=user,
        meeting=ana_meeting,
        kind="resource",
        topic="resources",
        text="Just Enough Research",
        url="https://example.org/book",
    )
    Capture.objects.create(
        user=user, meeting=cy_meeting, kind="insight", topic="", text="Hiring is slow this year"
    )
    Capture.objects.create(
        user=user, meeting=dee_meeting, kind="insight", topic="challenges", text="Not on the path"
    )
    PlannedQuestion.objects.create(
        user=user,
        conversation=convs["ben"],
        text="Which skills?",
        topic="skills",
        note="Learn Figma",
    )
    PlannedQuestion.objects.create(
        user=user,
        conversation=convs["ben"],
        text="May I follow up?",
        topic="next_steps",
        note="Send CV",
        closing=True,
    )
    PlannedQuestion.objects.create(
        user=user, conversation=convs["ben"], text="Your day?", topic="day_to_day", note=""
    )
    path = CareerPath.objects.create(user=user, name="UX research", fit="I like people")
    path.contacts.add(ana)
    path.conversations.add(convs["ben"])
    path.organisations.add(acme)
    return {"path": path, "conversations": convs}


def funnel_data(user) -> dict:
    """Five conversations between April and June 2026; see test_funnel for the sums."""
    friend = factories.contact(user, "Fay Friend", relationship="friend")
    alum = factories.contact(user, "Al Alum", relationship="alumni")
    cold = factories.contact(user, "Cole Linked", relationship="linkedin")
    colder = factories.contact(user, "Cora Cold", relationship="cold")
    nobody = factories.contact(user, "Nia Nobody")
    c1, c2, c3, c4, c5 = (
        factories.conversation(user, who) for who in (friend, alum, cold, colder, nobody)
    )
    Conversation.objects.filter(pk=c1.pk).update(
        requested_at=at(2026, 4, 3),
        replied_at=at(2026, 4, 5),
        met_at=at(2026, 4, 20),
        thanked_at=at(2026, 4, 21),
    )
    Conversation.objects.filter(pk=c3.pk).update(requested_at=at(2026, 5, 5))
    Conversation.objects.filter(pk=c4.pk).update(requested_at=at(2026, 6, 1))
    mine = RequestTemplate.objects.create(user=user, name="My cold note", body="Hello")
    RequestDraft.objects.create(
        user=user, conversation=c1, channel="email", builtin="known", sent_at=at(2026, 4, 3)
    )
    RequestDraft.objects.create(
        user=user,
        conversation=c2,
        channel="linkedin-note",
        builtin="alumni",
        sent_at=at(2026, 5, 2),
    )
    RequestDraft.objects.create(
        user=user, conversation=c3, channel="email", template=mine, sent_at=at(2026, 5, 5)
    )
    RequestDraft.objects.create(
        user=user, conversation=c3, channel="phone", kind="follow_up", sent_at=at(2026, 5, 12)
    )
    RequestDraft.objects.create(user=user, conversation=c5, channel="email")  # never sent
    Reply.objects.create(
        user=user, conversation=c1, outcome="yes", replied_on=date(2026, 4, 5), business_days=2
    )
    Reply.objects.create(
        user=user, conversation=c2, outcome="yes", replied_on=date(2026, 5, 10), business_days=6
    )
    Reply.objects.create(
        user=user,
        conversation=c3,
        outcome="out_of_office",
        replied_on=date(2026, 5, 6),
        business_days=1,
    )
    Meeting.objects.create(user=user, conversation=c2, starts_at=at(2026, 5, 20), status="held")
    Meeting.objects.create(user=user, conversation=c4, starts_at=at(2026, 6, 20))  # scheduled
    Touchpoint.objects.create(
        user=user, contact=alum, conversation=c2, kind="thank_you", happened_at=at(2026, 5, 21)
    )
    referred = factories.contact(user, "Rae Referred", referred_by=friend)
    return {"conversations": [c1, c2, c3, c4, c5], "referred": referred, "friend": friend}
