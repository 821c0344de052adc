""" "Paste the e-mail thread": their reply logged from the thread, with the date it arrived.

The paste (or a .eml file) is read into messages and shown back; the contact's newest message
is proposed as their reply. Nothing is saved until the user confirms the preview, which posts
the reply form to `reply_thread_save` and logs it through the same path as a typed reply.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.core.channels import Channel
from coffeechat.outreach.thread_forms import PasteThreadForm, ThreadReplyForm
from coffeechat.outreach.threads import Person, ThreadMessage, propose_reply
from coffeechat.outreach.views import _conversation, record_reply
from coffeechat.pipeline.models import Conversation

# The proposed note: their message, cut where a long signature or disclaimer would take over.
NOTE_CHARS = 2000


def _page(
    request: HttpRequest, conversation: Conversation, *, status: int = 200, **context
) -> HttpResponse:
    context.setdefault("paste_form", PasteThreadForm())
    return render(
        request,
        "outreach/thread.html",
        {"conversation": conversation, "contact": conversation.contact, **context},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reply_thread(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    if request.method == "GET":
        return _page(request, conversation)
    paste_form = PasteThreadForm(request.POST, request.FILES)
    if not paste_form.is_valid():
        return _page(request, conversation, paste_form=paste_form, status=400)
    thread = paste_form.messages
    proposal = propose_reply(thread, conversation.contact, _me(request.user))
    if proposal is None:
        return _page(request, conversation, paste_form=paste_form, thread=thread, unmatched=True)
    reply_form = ThreadReplyForm(initial=_initial(proposal.message))
    return _page(
        request,
        conversation,
        paste_form=paste_form,
        thread=thread,
        proposal=proposal,
        reply_form=reply_form,
    )


def _me(user) -> Person:
    profile = getattr(user, "profile", None)
    return Person(
        display_name=getattr(profile, "full_name", "") or user.get_full_name(),
        emails=(user.email,) if user.email else (),
        given_name=user.first_name,
        family_name=user.last_name,
    )


def _initial(message: ThreadMessage) -> dict:
    initial = {"note": message.body[:NOTE_CHARS].strip()}
    if message.sent_at:
        initial["replied_at"] = timezone.localtime(message.sent_at).replace(tzinfo=None)
    return initial


@login_required
@require_POST
def reply_thread_save(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    form = ThreadReplyForm(request.POST)
    if not form.is_valid():
        return _page(request, conversation, reply_form=form, confirming=True, status=400)
    data = form.cleaned_data
    return record_reply(
        request,
        conversation,
        data,
        back=conversation.get_absolute_url(),
        at=data["replied_at"],
        channel=Channel.EMAIL,
    )
