"""Action items: add one, tick it done (logged on the contact's timeline), remove it, and close
the loop with the person who suggested it."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from coffeechat.accounts.drafting import missing_fields, name_for_drafts, profile_values
from coffeechat.coach.engine import CheckContext, check
from coffeechat.coach.fragments import findings_fragment
from coffeechat.contacts.models import Contact, TouchpointKind
from coffeechat.contacts.services import log_touchpoint
from coffeechat.core.access import owned_or_404
from coffeechat.core.http import safe_next
from coffeechat.core.mail import eml_response, mailto_url, send_to_contact
from coffeechat.core.placeholders import P, S, Slot, answers_from, compose_slots
from coffeechat.followup.forms import ActionItemForm
from coffeechat.followup.models import ActionItem, Origin, Owner
from coffeechat.followup.services import set_done
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
    set_done(item, not item.done)
    if item.done and item.contact_id and item.owner == Owner.MINE:
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


# What came of it, in the user's words: the one slot of the update (for advice acted on, or an
# item whose origin was not recorded; a kept promise needs only the thing promised).
OUTCOME = Slot(
    "outcome",
    "What came of it?",
    "I have now done it, and it led to …",
    "a trial week with the data team",
)
SLOTS = {OUTCOME.name: OUTCOME}
PROFILE_NEEDS = ("my_name",)


def update_draft(item: ActionItem, sender: str, outcome: str = "") -> str:
    """A short note to the item's contact, in the second person, that says what is true: a
    promise of mine kept ("I said I would send you…; here it is"), or their advice acted on
    ("you suggested I…"), and what came of it when the user says."""
    contact = item.contact
    values = {
        "first_name": contact.first_name,
        "task": _addressed(item.text, contact),
        "outcome": OUTCOME.reads(outcome),
        "my_name": sender,
    }
    if item.origin == Origin.ADVICE:
        news = P(
            S("When we talked, you suggested I {task}."),
            S(
                "I have now done it, and it led to {outcome}.",
                "I have now done it, and wanted you to know.",
            ),
        )
        thanks = "Thank you again for the advice."
    elif item.origin == Origin.PROMISE and _GIVING.match(values["task"]):
        news = P(S("When we talked, I said I would {task}; here it is."))
        thanks = "Thank you again for your time."
    elif item.origin == Origin.PROMISE:
        news = P(S("When we talked, I said I would {task}, and I have now done it."))
        thanks = "Thank you again for your time."
    else:
        news = P(
            S("One thing from our conversation is now done: {task}."),
            S("It led to {outcome}.", ""),
        )
        thanks = "Thank you again for your help."
    paragraphs = (P(S("Hi {first_name},")), news, P(S(thanks)), P(S("{my_name}", "")))
    return compose_slots(paragraphs, values).rstrip("\n")


UPDATE_SUBJECT = "A quick update"
ALL_CLEAR = "Short, true and about them. Send it."


def _update_item(request: HttpRequest, action_id: int) -> ActionItem:
    return owned_or_404(
        ActionItem.objects.select_related("contact", "conversation"),
        request.user,
        action_id,
        contact__isnull=False,
        done=True,
    )


def _findings(text: str):
    # An update is read by the thank-you's rules: gratitude and news, no job talk, short.
    return check("thankyou", text, CheckContext(now=timezone.now()))


def _asks_outcome(item: ActionItem) -> bool:
    return item.origin != Origin.PROMISE


def _page(request: HttpRequest, item: ActionItem, text: str, outcome: str) -> HttpResponse:
    profile = profile_values(request.user)
    emails = item.contact.emails or []
    back = safe_next(request, item.contact.get_absolute_url())
    return render(
        request,
        "followup/close_loop.html",
        {
            "item": item,
            "text": text,
            "mailto": mailto_url(emails[0], UPDATE_SUBJECT, text) if emails else "",
            "can_send": bool(emails and getattr(settings, "EMAIL_CONFIGURED", False)),
            "subject": UPDATE_SUBJECT,
            "back": back,
            "asked": [{"slot": OUTCOME, "value": outcome}] if _asks_outcome(item) else [],
            "outcome": outcome,
            "findings": _findings(text),
            "all_clear": ALL_CLEAR,
            "missing_profile": missing_fields(profile, PROFILE_NEEDS),
        },
    )


@login_required
@require_GET
def close_loop(request: HttpRequest, action_id: int) -> HttpResponse:
    item = _update_item(request, action_id)
    outcome = answers_from(request.GET, SLOTS)["outcome"]
    text = update_draft(item, name_for_drafts(request.user), outcome)
    return _page(request, item, text, outcome)


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
    """Mark the update sent (or send it by e-mail first); `do=live` and `do=check` only check."""
    item = _update_item(request, action_id)
    outcome = answers_from(request.POST, SLOTS)["outcome"]
    # A browser sends a textarea's lines ending CRLF; the update is stored and sent with LF.
    text = request.POST.get("text", "").replace("\r\n", "\n").strip() or update_draft(
        item, name_for_drafts(request.user), outcome
    )
    do = request.POST.get("do", "")
    if do == "live":  # the coach's cards for the text as typed (coach/live.js asks)
        return findings_fragment(request, _findings(text), text, ALL_CLEAR)
    if do == "check":
        return _page(request, item, text, outcome)
    channel = request.POST.get("channel", "")[:40]
    if do == "send":
        if not send_to_contact(request, item.contact, subject=UPDATE_SUBJECT, body=text):
            return _page(request, item, text, outcome)
        channel = "email"
    log_touchpoint(
        item.contact,
        TouchpointKind.UPDATE,
        text=text,
        channel=channel,
        conversation=item.conversation,
    )
    messages.success(request, f"Logged the update to {item.contact}.")
    return _back(request, item.contact.get_absolute_url())
