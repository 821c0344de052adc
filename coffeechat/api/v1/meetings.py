from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from coffeechat.api.v1.common import ListQuery, check_if_match, page, tagged
from coffeechat.api.v1.errors import ERRORS, ApiError
from coffeechat.api.v1.forms import run_form
from coffeechat.api.v1.schemas import Id, MeetingCreate, MeetingIn, MeetingOut, MeetingPage
from coffeechat.core.access import owned_or_404
from coffeechat.meetings import services
from coffeechat.meetings.forms import LENGTHS, OTHER, MeetingForm
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.pipeline.models import Conversation

router = Router(tags=["meetings"])

# The form's names for the API's fields, for its error messages.
FORM_NAMES = {"length": "minutes", "other_minutes": "minutes"}
CHANGEABLE = ["starts_at", "minutes", "format", "place"]


class MeetingQuery(ListQuery):
    conversation_id: Id | None = None
    status: MeetingStatus | None = None


def _form_data(values: dict) -> dict:
    """The meeting form's fields for these values: a length it offers, or "other" minutes."""
    minutes = values["minutes"]
    length = str(minutes) if minutes in dict(LENGTHS) else OTHER
    return {
        "starts_at": values["starts_at"],
        "length": length,
        "other_minutes": minutes if length == OTHER else "",
        "format": values["format"],
        "place": values["place"] or "",
    }


@router.get("/meetings", response={200: MeetingPage, **ERRORS})
def list_meetings(request: HttpRequest, query: Query[MeetingQuery]):
    meetings = Meeting.objects.owned_by(request.user)
    if query.conversation_id is not None:
        meetings = meetings.filter(conversation_id=query.conversation_id)
    if query.status:
        meetings = meetings.filter(status=query.status)
    return page(meetings, query)


@router.post("/meetings", response={201: MeetingOut, **ERRORS})
def create_meeting(request: HttpRequest, payload: MeetingCreate, response: HttpResponse):
    """Schedule a meeting, as the conversation page does (the conversation moves to Scheduled
    unless it is already past its meeting)."""
    conversation = owned_or_404(Conversation, request.user, payload.conversation_id)
    form = run_form(MeetingForm(_form_data(payload.dict()), user=request.user), FORM_NAMES)
    meeting = form.save(commit=False)
    meeting.user = request.user
    meeting.conversation = conversation
    services.schedule(meeting)
    return Status(201, tagged(response, meeting))


@router.get("/meetings/{int:meeting_id}", response={200: MeetingOut, **ERRORS})
def get_meeting(request: HttpRequest, meeting_id: int, response: HttpResponse):
    return tagged(response, owned_or_404(Meeting, request.user, meeting_id))


@router.patch("/meetings/{int:meeting_id}", response={200: MeetingOut, **ERRORS})
def reschedule_meeting(
    request: HttpRequest, meeting_id: int, payload: MeetingIn, response: HttpResponse
):
    """Change the time, length, format or place; any change raises the invitation's SEQUENCE
    and a new time is noted on the contact's timeline, as on the meeting page."""
    meeting = owned_or_404(Meeting, request.user, meeting_id)
    check_if_match(request, meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ApiError(
            422, "Only a scheduled meeting can be changed.", {"status": ["Not scheduled."]}
        )
    old = {name: getattr(meeting, name) for name in CHANGEABLE}
    sent = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    form = MeetingForm(_form_data({**old, **sent}), instance=meeting, user=request.user)
    meeting = run_form(form, FORM_NAMES).save(commit=False)
    changed = [name for name in CHANGEABLE if getattr(meeting, name) != old[name]]
    services.reschedule(meeting, old["starts_at"], changed)
    return tagged(response, meeting)


@router.post("/meetings/{int:meeting_id}/cancel", response={200: MeetingOut, **ERRORS})
def cancel_meeting(request: HttpRequest, meeting_id: int, response: HttpResponse):
    meeting = owned_or_404(Meeting, request.user, meeting_id)
    check_if_match(request, meeting)
    if meeting.status == MeetingStatus.SCHEDULED:
        services.cancel(meeting)
    return tagged(response, meeting)
