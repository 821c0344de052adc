"""The request composer, sending and logging, replies, templates and who to ask next."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.coach.engine import CheckContext, check
from coffeechat.coach.fragments import findings_fragment
from coffeechat.contacts.models import Contact
from coffeechat.core.access import owned_or_404
from coffeechat.core.channels import REQUEST_CHANNELS, Channel
from coffeechat.core.http import safe_next
from coffeechat.core.mail import (
    MailError,
    eml_response,
    mailto_url,
    outgoing_message,
    send_email,
)
from coffeechat.core.placeholders import PlaceholderError
from coffeechat.outreach.builtin_templates import BUILTIN_TEMPLATES, USER_SLOTS
from coffeechat.outreach.drafts import (
    create_follow_up_draft,
    create_request_draft,
    missing_profile,
    render_request,
    slots_asked,
)
from coffeechat.outreach.forms import (
    DraftForm,
    ReplyForm,
    StartDraftForm,
    TemplateForm,
)
from coffeechat.outreach.models import DraftKind, Outcome, RequestDraft, RequestTemplate
from coffeechat.outreach.next_people import RankedProspects, waiting_count
from coffeechat.outreach.rendering import PLACEHOLDERS
from coffeechat.outreach.services import (
    create_referral,
    log_reply,
    mark_no_response,
    mark_sent,
)
from coffeechat.pipeline.models import Conversation
from coffeechat.pipeline.services import start_conversation

NOTE_LIMIT = 300
# Shown by the coach's findings partial when a request has nothing to fix: on the page and in
# the live checker's fragment alike.
ALL_CLEAR = "Nothing to fix: short, specific and easy to say yes to."


def _conversation(request: HttpRequest, conversation_id) -> Conversation:
    return owned_or_404(
        Conversation.objects.select_related(
            "contact", "contact__organisation", "contact__referred_by"
        ),
        request.user,
        conversation_id,
    )


def _draft(request: HttpRequest, draft_id) -> RequestDraft:
    return owned_or_404(
        RequestDraft.objects.select_related(
            "conversation",
            "conversation__contact",
            "conversation__contact__organisation",
            "conversation__contact__referred_by",
            "template",
        ),
        request.user,
        draft_id,
    )


def check_context(conversation: Conversation, channel: str) -> CheckContext:
    contact = conversation.contact
    return CheckContext(
        channel=channel,
        referrer_name=contact.referred_by.display_name if contact.referred_by_id else "",
        contact_name=contact.display_name,
        organisation=contact.organisation.name if contact.organisation_id else "",
        role=contact.role,
    )


def _findings(draft: RequestDraft, body: str, channel: str) -> list[dict]:
    return [f.as_dict() for f in check("request", body, check_context(draft.conversation, channel))]


# --- composing ------------------------------------------------------------------------------


@login_required
def compose(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Open the latest unsent draft, or offer to start one from a template."""
    conversation = _conversation(request, conversation_id)
    drafts = list(RequestDraft.objects.owned_by(request.user).filter(conversation=conversation))
    unsent = [d for d in drafts if d.sent_at is None]
    if unsent and request.GET.get("new") != "1":
        return redirect(unsent[0])
    form = StartDraftForm(user=request.user)
    return render(
        request,
        "outreach/compose_start.html",
        {
            "conversation": conversation,
            "contact": conversation.contact,
            "form": form,
            "drafts": drafts,
        },
    )


@login_required
@require_POST
def draft_new(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    form = StartDraftForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Choose a channel and a template.")
        return redirect(reverse("outreach:compose", args=[conversation.pk]) + "?new=1")
    try:
        draft = create_request_draft(
            conversation, form.cleaned_data["channel"], form.chosen_template()
        )
    except PlaceholderError as error:
        messages.error(request, f"That template cannot be filled in: {error}")
        return redirect(reverse("outreach:compose", args=[conversation.pk]) + "?new=1")
    return redirect(draft)


@login_required
def draft_detail(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _draft(request, draft_id)
    conversation = draft.conversation
    if request.method == "POST":
        form = DraftForm(request.POST, instance=draft)
        if form.is_valid():
            form.save()
            messages.success(request, "Draft saved.")
            return redirect(draft)
    else:
        form = DraftForm(instance=draft)
    body = form["body"].value() or ""
    channel = form["channel"].value() or draft.channel
    contact = conversation.contact
    to = contact.emails[0] if contact.emails else ""
    replies = list(conversation.replies.all())
    asked = []
    if draft.builtin and draft.kind == DraftKind.REQUEST and not draft.sent_at:
        asked = [
            {"slot": USER_SLOTS[name], "value": draft.slots.get(name, "")}
            for name in slots_asked(draft.builtin, draft.channel)
        ]
    return render(
        request,
        "outreach/draft.html",
        {
            "draft": draft,
            "conversation": conversation,
            "contact": contact,
            "form": form,
            "findings": _findings(draft, body, channel),
            "all_clear": ALL_CLEAR,
            "start_form": StartDraftForm(
                user=request.user,
                prefix="start",
                initial={"channel": draft.channel, "template": draft.builtin or draft.template_id},
            ),
            "mailto": mailto_url(to, draft.subject, draft.body),
            "to": to,
            "note_limit": NOTE_LIMIT,
            "can_send": settings.EMAIL_CONFIGURED and bool(to) and draft.channel == Channel.EMAIL,
            "email_configured": settings.EMAIL_CONFIGURED,
            "reply_form": ReplyForm(),
            "replies": replies,
            "asked": asked,
            "missing_profile": missing_profile(conversation, draft.channel),
        },
    )


@login_required
@require_POST
def draft_apply(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Refill the draft from a template and channel (the old text is replaced)."""
    draft = _draft(request, draft_id)
    form = StartDraftForm(request.POST, user=request.user, prefix="start")
    if not form.is_valid():
        messages.error(request, "Choose a channel and a template.")
        return redirect(draft)
    slots = {
        name: request.POST.get(f"slot-{name}", draft.slots.get(name, "")).strip()[:300]
        for name in USER_SLOTS
    }
    slots = {name: value for name, value in slots.items() if value}
    try:
        subject, body, template, key = render_request(
            draft.conversation, form.cleaned_data["channel"], form.chosen_template(), slots
        )
    except PlaceholderError as error:
        messages.error(request, f"That template cannot be filled in: {error}")
        return redirect(draft)
    draft.channel = form.cleaned_data["channel"]
    draft.subject, draft.body, draft.template, draft.builtin = subject[:200], body, template, key
    draft.slots = slots
    draft.save()
    messages.success(request, "Draft refilled from the template.")
    return redirect(draft)


@login_required
@require_POST
def draft_check(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The checker's findings for text being typed; changes nothing.

    JSON by default; a client that asks for text/html (the composer's script) gets the findings
    fragment that the draft page itself includes, so the markup is written once.
    """
    draft = _draft(request, draft_id)
    body = request.POST.get("body", "")
    channel = request.POST.get("channel", draft.channel)
    if channel not in REQUEST_CHANNELS:
        channel = draft.channel
    findings = _findings(draft, body, channel)
    if request.get_preferred_type(["application/json", "text/html"]) == "text/html":
        return findings_fragment(request, findings, body, ALL_CLEAR)
    return JsonResponse({"findings": findings, "characters": len(body), "channel": channel})


# --- sending and logging ------------------------------------------------------------------------


@login_required
def draft_eml(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _draft(request, draft_id)
    contact = draft.conversation.contact
    return eml_response(
        request.user,
        to=contact.emails[0] if contact.emails else "",
        subject=draft.subject,
        body=draft.body,
        name=f"request-{contact.display_name}",
    )


@login_required
@require_POST
def draft_send(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _draft(request, draft_id)
    contact = draft.conversation.contact
    if not contact.emails:
        messages.error(request, f"{contact} has no e-mail address; add one first.")
        return redirect(draft)
    message = outgoing_message(
        request.user, to=contact.emails[0], subject=draft.subject, body=draft.body
    )
    try:
        send_email(request.user, message)
    except MailError as error:
        messages.error(request, f"Not sent: {error} Your draft is kept.")
        return redirect(draft)
    mark_sent(draft)
    messages.success(request, f"Sent to {contact.emails[0]} and logged.")
    return redirect(draft.conversation)


@login_required
@require_POST
def draft_mark_sent(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _draft(request, draft_id)
    if draft.sent_at is None:
        mark_sent(draft)
        label = "Follow-up" if draft.kind == DraftKind.FOLLOW_UP else "Request"
        messages.success(request, f"{label} logged as sent. Today will tell you when to nudge.")
    return redirect(safe_next(request, draft.conversation.get_absolute_url()))


@login_required
@require_POST
def draft_delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = _draft(request, draft_id)
    conversation = draft.conversation
    draft.delete()
    messages.success(request, "Draft deleted.")
    return redirect(conversation)


# --- replies and the 3B7 steps --------------------------------------------------------------------


@login_required
@require_POST
def reply(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    form = ReplyForm(request.POST)
    back = safe_next(request, conversation.get_absolute_url())
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request,
                    f"{form.fields[field].label or field}: {error}"
                    if field != "__all__"
                    else error,
                )
        return redirect(back)
    return record_reply(request, conversation, form.cleaned_data, back=back)


def record_reply(
    request: HttpRequest, conversation: Conversation, data: dict, *, back: str, **when
) -> HttpResponse:
    """Log a validated reply form (typed in, or confirmed from a pasted thread with `at` and
    `channel`) and say what happened; a referral goes on to its new contact's request."""
    referred = None
    with transaction.atomic():
        if data["outcome"] == Outcome.REFERRED:
            referred, draft = create_referral(
                conversation.contact,
                name=data["referral_name"],
                organisation=data["referral_organisation"],
                email=data["referral_email"],
            )
        log_reply(
            conversation,
            data["outcome"],
            data["replied_on"],
            note=data["note"],
            referred_contact=referred,
            **when,
        )
    if referred:
        messages.success(
            request,
            f"Reply logged. {referred} is a new contact; here is a request naming "
            f"{conversation.contact}.",
        )
        return redirect(draft)
    messages.success(request, f"Reply logged: {Outcome(data['outcome']).label.lower()}.")
    return redirect(back)


@login_required
@require_POST
def follow_up(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    existing = (
        RequestDraft.objects.owned_by(request.user)
        .filter(conversation=conversation, kind=DraftKind.FOLLOW_UP, sent_at__isnull=True)
        .first()
    )
    return redirect(existing or create_follow_up_draft(conversation))


@login_required
@require_POST
def no_response(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    if mark_no_response(conversation):
        messages.success(
            request, f"Marked no response from {conversation.contact}. On to the next person."
        )
    return redirect(safe_next(request, conversation.get_absolute_url()))


# --- templates ----------------------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outreach/template_list.html",
        {
            "builtins": BUILTIN_TEMPLATES.values(),
            "templates": RequestTemplate.objects.owned_by(request.user),
        },
    )


@login_required
def template_new(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.user = request.user
        template.save()
        messages.success(request, f"Template “{template}” saved.")
        return redirect("outreach:template_list")
    return render(
        request,
        "outreach/template_form.html",
        {"form": form, "placeholders": PLACEHOLDERS.meanings()},
    )


@login_required
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    template = owned_or_404(RequestTemplate, request.user, template_id)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Template “{template}” saved.")
        return redirect("outreach:template_list")
    return render(
        request,
        "outreach/template_form.html",
        {"form": form, "template": template, "placeholders": PLACEHOLDERS.meanings()},
    )


@login_required
@require_POST
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    template = owned_or_404(RequestTemplate, request.user, template_id)
    template.delete()
    messages.success(request, f"Template “{template.name}” deleted.")
    return redirect("outreach:template_list")


# --- who to ask next ------------------------------------------------------------------------------

NEXT_PER_PAGE = 25


@login_required
def next_list(request: HttpRequest) -> HttpResponse:
    prospects = RankedProspects(request.user)
    page = Paginator(prospects, NEXT_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/next.html",
        {
            "page": page,
            "people": page.object_list,
            "interests": prospects.terms,
            "waiting": waiting_count(request.user),
            "target": settings.PIPELINE_TARGET,
        },
    )


@login_required
@require_POST
def next_start(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Start a conversation with this person and open a request draft for it."""
    contact = owned_or_404(
        Contact.objects.select_related("organisation", "referred_by"), request.user, contact_id
    )
    conversation = start_conversation(contact)
    draft = create_request_draft(conversation)
    return redirect(draft)
