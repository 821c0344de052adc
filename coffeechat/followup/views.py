"""Action items: add one, tick it done (logged on the contact's timeline), remove it, and close
the loop with the person who suggested it."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from coffeechat.contacts.models import Contact, TouchpointKind
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.access import owned_or_404
from coffeechat.core.http import safe_next
from coffeechat.core.mail import eml_response
from coffeechat.followup.forms import ActionItemForm
from coffeechat.followup.models import ActionItem, Origin, Owner
from coffeechat.pipeline.models import Conversation


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    return redirect(safe_next(request, fallback))


@login_required
@require_POST
def action_create(request: HttpRequest) -> HttpResponse:
    form = ActionItemForm(request.POST)
    contact = conversation = None
    if request.POST.get("conversation"):
        conversation = owned_or_404(Conversation, request.user, request.POST["conversation"])
        contact = conversation.contact
    elif request.POST.get("contact"):
        contact = owned_or_404(Contact, request.user, request.POST["contact"])
    if form.is_valid():
        item = form.save(commit=False)
        item.user = request.user
        item.contact = contact
        item.conversation = conversation
        item.save()
        messages.success(request, "Action added.")
    else:
        messages.error(request, "The action needs a text, and the due date must be a date.")
    fallback = (
        conversation.get_absolute_url()
        if conversation
        else (contact.get_absolute_url() if contact else reverse("today:index"))
    )
    return _back(request, fallback)


@login_required
@require_POST
def action_toggle(request: HttpRequest, action_id: int) -> HttpResponse:
    item = owned_or_404(ActionItem, request.user, action_id)
    item.done = not item.done
    item.done_at = timezone.now() if item.done else None
    item.save(update_fields=["done", "done_at", "updated"])
    if item.done and item.contact_id:
        log_touchpoint(
            item.contact,
            TouchpointKind.NOTE,
            text=f"Done: {item.text}",
            conversation=item.conversation,
        )
        if item.owner == Owner.MINE:
            # Something they suggested is done: offer to tell them how it went.
            messages.success(request, f"Done. Let {item.contact} know how it went?")
            back = request.POST.get("next", "")
            query = f"?{urlencode({'next': back})}" if back else ""
            return redirect(reverse("followup:close_loop", args=[item.pk]) + query)
    return _back(request, reverse("today:index"))


@login_required
@require_POST
def action_delete(request: HttpRequest, action_id: int) -> HttpResponse:
    item = owned_or_404(ActionItem, request.user, action_id)
    item.delete()
    messages.success(request, "Action removed.")
    return _back(request, reverse("today:index"))


_SAYING = re.compile(
    r"^(?:(?:promise|promised|mine|todo|to do|advice|action)\s*:\s*|i\s+will\s+|i['’]ll\s+"
    r"|i\s+said\s+i\s+would\s+|(?:they|he|she)\s+suggested\s+(?:that\s+)?i\s+)+",
    re.IGNORECASE,
)
_GIVING = re.compile(r"^(?:send|share|forward|e-?mail|pass on|give)\b", re.IGNORECASE)


def _addressed(task: str, contact) -> str:
    """The item as words said to its contact: "Send Priya my summary" -> "send you my summary"."""
    task = _SAYING.sub("", re.sub(r"\s+", " ", task).strip()).rstrip(".!;:, ")
    names = {contact.display_name, contact.first_name} - {""}
    for name in sorted(names, key=len, reverse=True):
        task = re.sub(rf"\b{re.escape(name)}['’]s\b", "your", task)
        task = re.sub(rf"\b{re.escape(name)}\b", "you", task)
    first = task.split(" ", 1)[0]
    if first[1:] == first[1:].lower():  # not a name or an acronym
        task = task[:1].lower() + task[1:]
    return task


def update_draft(item: ActionItem, sender: str) -> str:
    """A short note to the item's contact, in the second person, that says what is true: a
    promise of mine kept ("I said I would send you…; here it is"), or their advice acted on
    ("you suggested I…")."""
    contact = item.contact
    task = _addressed(item.text, contact)
    if item.origin == Origin.ADVICE:
        news = (
            f"When we talked, you suggested I {task}. I have now done it, and wanted you to know."
        )
        thanks = "Thank you again for the advice."
    elif item.origin == Origin.PROMISE and _GIVING.match(task):
        news = f"When we talked, I said I would {task}; here it is."
        thanks = "Thank you again for your time."
    elif item.origin == Origin.PROMISE:
        news = f"When we talked, I said I would {task}, and I have now done it."
        thanks = "Thank you again for your time."
    else:
        news = f"One thing from our conversation is now done: {task}."
        thanks = "Thank you again for your help."
    lines = [f"Hi {contact.first_name},", "", news, "", thanks]
    if sender:
        lines += ["", sender]
    return "\n".join(lines)


UPDATE_SUBJECT = "A quick update"


def _update_item(request: HttpRequest, action_id: int) -> ActionItem:
    return owned_or_404(
        ActionItem.objects.select_related("contact", "conversation"),
        request.user,
        action_id,
        contact__isnull=False,
        done=True,
    )


@login_required
@require_GET
def close_loop(request: HttpRequest, action_id: int) -> HttpResponse:
    item = _update_item(request, action_id)
    profile = getattr(request.user, "profile", None)
    sender = (profile.full_name if profile else "") or request.user.get_full_name()
    text = update_draft(item, sender)
    emails = item.contact.emails or []
    subject = UPDATE_SUBJECT
    mailto = ""
    if emails:
        mailto = f"mailto:{emails[0]}?" + urlencode({"subject": subject, "body": text}).replace(
            "+", "%20"
        )
    back = safe_next(request, item.contact.get_absolute_url())
    return render(
        request,
        "followup/close_loop.html",
        {"item": item, "text": text, "mailto": mailto, "subject": subject, "back": back},
    )


@login_required
@require_POST
def update_eml(request: HttpRequest, action_id: int) -> HttpResponse:
    """The update as an .eml draft; nothing is logged until the user marks it sent."""
    item = _update_item(request, action_id)
    text = request.POST.get("text", "").strip() or update_draft(item, "")
    emails = item.contact.emails or [""]
    return eml_response(
        request.user,
        to=emails[0],
        subject=UPDATE_SUBJECT,
        body=text,
        name=f"update-{item.contact}",
    )


@login_required
@require_POST
def update_sent(request: HttpRequest, action_id: int) -> HttpResponse:
    item = _update_item(request, action_id)
    text = request.POST.get("text", "").strip() or update_draft(item, "")
    log_touchpoint(
        item.contact,
        TouchpointKind.UPDATE,
        text=text,
        channel=request.POST.get("channel", "")[:40],
        conversation=item.conversation,
    )
    messages.success(request, f"Logged the update to {item.contact}.")
    return _back(request, item.contact.get_absolute_url())
