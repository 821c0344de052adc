"""The API's typed shapes: what each resource looks like going out, and what may come in.

Input is checked twice on purpose: the shapes here check types (so the OpenAPI document says
them), and the same forms the pages use check the rules (so there is one set of rules).
"""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import model_validator

from coffeechat.contacts.models import Relationship, Source, TouchpointKind
from coffeechat.core.channels import Channel
from coffeechat.followup.models import Origin, Owner
from coffeechat.meetings.models import MeetingFormat, MeetingStatus
from coffeechat.pipeline.models import Stage


def _refuse_unstorable(value: Any) -> Any:
    """No NUL characters or lone surrogates anywhere: no database column can hold them."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Text may not contain NUL characters.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("Text must be valid Unicode.") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key)
            _refuse_unstorable(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_unstorable(item)
    return value


# An id sent by a client: a positive number a database key can hold (larger ones are refused
# here, before a database driver is asked to compare a column with them).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def in_range(moment: datetime | date | None) -> None:
    """Dates a person means: far ones overflow when moved between time zones."""
    if moment is not None and not EARLIEST <= moment.year <= LATEST:
        raise ValueError(f"Give a date between the years {EARLIEST} and {LATEST}.")


EARLIEST, LATEST = 1900, 2999


class In(Schema):
    @model_validator(mode="before")
    @classmethod
    def storable(cls, data: Any) -> Any:
        return _refuse_unstorable(data)

    @model_validator(mode="after")
    def dates_in_range(self) -> "In":
        for value in self.__dict__.values():
            if isinstance(value, date):
                in_range(value)
        return self


class Page(Schema):
    count: int
    limit: int
    offset: int


# --- contacts, organisations, tags ---


class Link(Schema):
    url: str
    title: str = ""


class ContactOut(Schema):
    id: int
    display_name: str
    given_name: str
    family_name: str
    organisation_id: int | None
    organisation: str | None = Field(None, description="The organisation's name.")
    role: str
    location: str
    time_zone: str
    relationship: Relationship
    referred_by_id: int | None
    emails: list[str]
    phones: list[str]
    linkedin_url: str
    tags: list[str]
    links: list[Link]
    research_notes: str
    career_story: str
    common_ground: str
    keep_in_touch_days: int | None
    linkedin_connected: bool
    source: Source
    created: datetime
    updated: datetime

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_links(obj) -> list[dict]:
        return [link for link in obj.links or [] if isinstance(link, dict) and "url" in link]


class ContactIn(In):
    """Every field is optional on PATCH; a new contact needs a name."""

    given_name: str | None = None
    family_name: str | None = None
    display_name: str | None = None
    organisation: str | None = Field(
        None, description="An organisation's name; matched to yours (“Stripe, Inc.” is “Stripe”)."
    )
    role: str | None = None
    location: str | None = None
    time_zone: str | None = None
    relationship: Relationship | None = None
    referred_by: str | None = Field(None, description="The name of another of your contacts.")
    emails: list[str] | None = None
    phones: list[str] | None = None
    linkedin_url: str | None = None
    tags: list[str] | None = Field(None, description="Tag names; new ones are created.")
    links: list[Link] | None = None
    research_notes: str | None = None
    career_story: str | None = None
    common_ground: str | None = None
    keep_in_touch_days: int | None = None
    linkedin_connected: bool | None = None


class ContactPage(Page):
    items: list[ContactOut]


class OrganisationOut(Schema):
    id: int
    name: str
    website: str
    industry: str
    interest: int
    research_notes: str
    created: datetime
    updated: datetime


class OrganisationIn(In):
    name: str | None = None
    website: str | None = None
    industry: str | None = None
    interest: int | None = Field(None, ge=0, le=3, description="0 none yet … 3 top choice.")
    research_notes: str | None = None


class OrganisationPage(Page):
    items: list[OrganisationOut]


class TagOut(Schema):
    id: int
    name: str
    keep_in_touch_days: int | None
    created: datetime
    updated: datetime


class TagIn(In):
    name: str | None = None
    keep_in_touch_days: int | None = None


class TagPage(Page):
    items: list[TagOut]


class TouchpointOut(Schema):
    id: int
    contact_id: int
    conversation_id: int | None
    kind: TouchpointKind
    channel: str
    happened_at: datetime
    text: str
    created: datetime
    updated: datetime


class TouchpointIn(In):
    contact_id: Id
    conversation_id: Id | None = None
    kind: TouchpointKind = TouchpointKind.NOTE
    channel: str = ""
    happened_at: datetime | None = Field(None, description="Empty: now.")
    text: str = ""


class TouchpointPage(Page):
    items: list[TouchpointOut]


# --- conversations ---


class ConversationOut(Schema):
    id: int
    contact_id: int
    contact: str = Field(description="The contact's display name.")
    stage: Stage
    stage_changed_at: datetime
    intention: str
    talking_points: str
    meeting_minutes: int
    requested_at: datetime | None
    replied_at: datetime | None
    met_at: datetime | None
    thanked_at: datetime | None
    created: datetime
    updated: datetime

    @staticmethod
    def resolve_contact(obj) -> str:
        return obj.contact.display_name


class ConversationCreate(In):
    contact_id: Id
    intention: str = ""


class ConversationIn(In):
    intention: str | None = None
    talking_points: str | None = None
    meeting_minutes: int | None = None


class StageIn(In):
    stage: Stage


class ConversationPage(Page):
    items: list[ConversationOut]


# --- meetings and action items ---


class MeetingOut(Schema):
    id: int
    conversation_id: int
    starts_at: datetime
    ends_at: datetime
    minutes: int
    format: MeetingFormat
    place: str
    status: MeetingStatus
    uid: UUID
    sequence: int
    invitation_sent_at: datetime | None
    created: datetime
    updated: datetime


class MeetingCreate(In):
    conversation_id: Id
    starts_at: datetime = Field(description="With an offset; without one, in your time zone.")
    minutes: int = Field(20, ge=5, le=240)
    format: MeetingFormat = MeetingFormat.VIDEO
    place: str = ""


class MeetingIn(In):
    starts_at: datetime | None = None
    minutes: int | None = Field(None, ge=5, le=240)
    format: MeetingFormat | None = None
    place: str | None = None


class MeetingPage(Page):
    items: list[MeetingOut]


class ActionOut(Schema):
    id: int
    text: str
    due: date | None
    done: bool
    done_at: datetime | None
    owner: Owner
    origin: Origin
    contact_id: int | None
    conversation_id: int | None
    created: datetime
    updated: datetime


class ActionCreate(In):
    text: str
    due: date | None = None
    owner: Owner = Owner.MINE
    origin: Origin = Origin.UNSTATED
    contact_id: Id | None = None
    conversation_id: Id | None = Field(None, description="Sets the contact too.")


class ActionIn(In):
    text: str | None = None
    due: date | None = None
    owner: Owner | None = None
    origin: Origin | None = None
    done: bool | None = None


class ActionPage(Page):
    items: list[ActionOut]


# --- the coach's checkers ---


class FindingOut(Schema):
    rule: str
    severity: str
    message: str
    source: str
    start: int | None
    end: int | None
    suggestion: str = ""


class Findings(Schema):
    findings: list[FindingOut]
    problems: int = Field(description="How many findings are problems (worth fixing first).")


class QuestionFindings(Schema):
    question: str
    findings: list[FindingOut]


class QuestionsFindings(Schema):
    questions: list[QuestionFindings]
    problems: int


class RequestCheck(In):
    text: str = Field(max_length=20_000)
    channel: Channel = Channel.EMAIL
    conversation_id: Id | None = Field(
        None, description="Check against this conversation's contact, as the composer does."
    )
    referrer_name: str = Field("", max_length=300)
    connection: str = Field("", max_length=300)


class QuestionsCheck(In):
    questions: list[str] = Field(max_length=100)
    conversation_id: Id | None = None


class ThankYouCheck(In):
    text: str = Field(max_length=20_000)
    conversation_id: Id | None = Field(
        None, description="Take the meeting's notes and end time from this conversation."
    )
    note_points: list[str] | None = Field(None, max_length=100)
    meeting_ended_at: datetime | None = None
