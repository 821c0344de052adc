"""Scheduling a conversation's meeting, and cancelling it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from coffeechat.core.access import owned_or_404
from coffeechat.meetings.forms import MeetingForm
from coffeechat.meetings.models import Meeting, MeetingStatus
from coffeechat.pipeline.models import Conversation, Stage
from coffeechat.pipeline.services import move_to_stage


@login_required
@require_POST
def meeting_create(request: HttpRequest) -> HttpResponse:
    conversation = owned_or_404(Conversation, request.user, request.POST.get("conversation") or 0)
    form = MeetingForm(request.POST, user=request.user)
    if form.is_valid():
        meeting = form.save(commit=False)
        meeting.user = request.user
        meeting.conversation = conversation
        meeting.save()
        move_to_stage(conversation, Stage.SCHEDULED)
        messages.success(request, "Meeting scheduled.")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else "Meeting"
            messages.error(request, f"{label}: {' '.join(errors)}")
    return redirect(conversation)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = owned_or_404(Meeting, request.user, meeting_id)
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["status", "sequence", "updated"])
    messages.success(request, "Meeting cancelled; it stays in the history.")
    return redirect(meeting.conversation)
