"""The question plan page, its changes (all POST), and the printable brief."""

from __future__ import annotations

from functools import cache, lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from coffeechat.coach import engine
from coffeechat.coach.fragments import findings_fragment
from coffeechat.core.access import owned_or_404
from coffeechat.core.http import wants_json
from coffeechat.core.reversing import url_with_id
from coffeechat.pipeline.forms import ConversationForm
from coffeechat.pipeline.models import Conversation
from coffeechat.prep import question_bank, services
from coffeechat.prep.forms import NewQuestionForm, PriorityForm
from coffeechat.prep.models import HiddenQuestion, PlannedQuestion, Priority, UserQuestion
from coffeechat.prep.readiness import plan_checks, readiness
from coffeechat.prep.templatetags.prep import bank_entry, bank_topic, readiness_badge


def _conversation(request: HttpRequest, conversation_id: int) -> Conversation:
    return owned_or_404(
        Conversation.objects.select_related("contact__organisation"), request.user, conversation_id
    )


# What a change made on the plan page reads of its conversation, contact and organisation (the
# placeholders, the coach's context, readiness). Their other columns (e-mails, links, dates…)
# cost more to compile into SQL than the query takes to run; the query-count tests of each
# change (tests/test_plan_answers_match_page.py) would show a column read that is not here.
_CHANGE_FIELDS = (
    "user_id",
    "contact",
    "intention",
    "talking_points",
    "meeting_minutes",
    "contact__given_name",
    "contact__display_name",
    "contact__role",
    "contact__research_notes",
    "contact__career_story",
    "contact__organisation",
    "contact__organisation__name",
    "contact__organisation__industry",
    "contact__organisation__research_notes",
)


# What the plan page shows besides: the research file (prep/research_file.html).
_PAGE_FIELDS = (
    *_CHANGE_FIELDS,
    "contact__common_ground",
    "contact__links",
    "contact__organisation__links",
)


def _conversation_for_change(request: HttpRequest, conversation_id: int) -> Conversation:
    queryset = Conversation.objects.select_related("contact__organisation").only(*_CHANGE_FIELDS)
    return owned_or_404(queryset, request.user, conversation_id)


def _question(request: HttpRequest, question_id: int) -> PlannedQuestion:
    """A planned question with what a change to it reads of its conversation (_CHANGE_FIELDS)."""
    own_fields = [field.name for field in PlannedQuestion._meta.concrete_fields]
    queryset = PlannedQuestion.objects.select_related("conversation__contact__organisation").only(
        *own_fields, "conversation", *(f"conversation__{name}" for name in _CHANGE_FIELDS)
    )
    return owned_or_404(queryset, request.user, question_id)


def _plan_url(conversation_id: int, anchor: str = "") -> str:
    return reverse("prep:plan", args=[conversation_id]) + (f"#{anchor}" if anchor else "")


def _topic_url(conversation_id: int, topic: str | None) -> str:
    """Back to the bank with the topic the user was picking from still open."""
    if topic not in question_bank.TOPIC_LABELS:
        return _plan_url(conversation_id, "bank")
    return reverse("prep:plan", args=[conversation_id]) + f"?topic={topic}#topic-{topic}"


# The plan page and each change made on it link these several times: each name is reversed once
# per process (core.reversing), not once per link.
_PAGE_URL_NAMES = {
    "reorder": "prep:plan_reorder",
    "add": "prep:plan_add",
    "intention": "prep:plan_intention",
    "unhide": "prep:bank_unhide",
    "hide": "prep:bank_hide",
    "brief": "prep:brief",
    "conversation": "pipeline:conversation_detail",
}


def _page_urls(conversation_id: int) -> dict[str, str]:
    return {key: url_with_id(name, conversation_id) for key, name in _PAGE_URL_NAMES.items()}


def _plan_context(
    request: HttpRequest, conversation: Conversation, rows: list[PlannedQuestion] | None = None
) -> dict:
    """What the plan page and the answers to its changes show; `rows`: the whole plan in order
    (services.plan_rows), when the caller has it already."""
    if rows is None:
        rows = services.plan_rows(conversation)
    contact = conversation.contact
    findings = services.check_plan(rows, contact)
    entries = list(zip(rows, findings, strict=True))
    questions = [(row, found) for row, found in entries if not row.closing]
    closing = [(row, found) for row, found in entries if row.closing]
    return {
        "conversation": conversation,
        "contact": contact,
        "organisation": contact.organisation,
        "profile": getattr(request.user, "profile", None),
        "rows": rows,
        "questions": questions,
        "closing": closing,
        "size": services.sizing(conversation.meeting_minutes, len(questions)),
        "min_questions": services.MIN_QUESTIONS,
        "points": services.talking_points(conversation),
        "has_research": services.has_research(contact),
        "urls": _page_urls(conversation.pk),
    }


def _own_context(request: HttpRequest, conversation: Conversation) -> dict:
    return {
        "conversation": conversation,
        "own_questions": list(UserQuestion.objects.owned_by(request.user)),
    }


# Django renders a form field by field through templates, which cost the plan page more than
# all its other parts together; the same values always render the same HTML (the CSRF token is
# outside, in the page's <form>), so each form is rendered once per process and values.
@cache
def _new_question_form() -> str:
    """The empty "Write a question" form, the same on every plan."""
    return NewQuestionForm().as_div()


@lru_cache(maxsize=256)
def _intention_form(intention: str, talking_points: str, meeting_minutes: int) -> str:
    """The intention and talking points form, filled with the conversation's values."""
    values = Conversation(
        intention=intention, talking_points=talking_points, meeting_minutes=meeting_minutes
    )
    return ConversationForm(instance=values).as_div()


@login_required
def plan(request: HttpRequest, conversation_id: int) -> HttpResponse:
    queryset = Conversation.objects.select_related("contact__organisation").only(*_PAGE_FIELDS)
    conversation = owned_or_404(queryset, request.user, conversation_id)
    context = _plan_context(request, conversation)
    context.update(_own_context(request, conversation))
    hidden = list(HiddenQuestion.objects.owned_by(request.user).values_list("slug", flat=True))
    context.update(
        {
            "bank": services.picker(
                request.user,
                conversation,
                context["rows"],
                hidden=set(hidden),
                own_questions=context["own_questions"],
            ),
            "hide_url": context["urls"]["hide"],
            "hidden": [(slug, question_bank.get(slug)) for slug in hidden],
            "form": _intention_form(
                conversation.intention, conversation.talking_points, conversation.meeting_minutes
            ),
            "new_form": _new_question_form(),
            "readiness": readiness(conversation, context["rows"]),
            "open_topic": request.GET.get("topic", ""),
        }
    )
    return render(request, "prep/plan.html", context)


def _size_note(size: services.Sizing, minutes: int) -> str:
    note = f"{size.count} of about {size.fit} questions."
    if size.too_many:
        return f"{note} More than {minutes} minutes allow."
    if size.too_few:
        return f"{note} Plan at least {services.MIN_QUESTIONS}."
    return note


# The parts of the page a change may redraw (views._changed), by element id. A move, a reorder or
# a new priority leaves the size, the readiness list and the other phase as they were: the
# coach's findings follow from the plan's texts, not their order (coach.rules.questions), and
# readiness from the texts and their number.
QUESTIONS = "plan-questions-region"
CLOSING = "plan-closing"
READINESS = "plan-readiness"
EVERY_PART = (QUESTIONS, CLOSING, READINESS)
_PART_TEMPLATES = {
    QUESTIONS: "prep/_plan_questions.html",
    CLOSING: "prep/_plan_closing.html",
    READINESS: "prep/_plan_readiness.html",
}


def _parts_after(conversation: Conversation, before: tuple, rows: list) -> tuple[str, ...]:
    """The parts an addition or a removal redraws: both phases, and readiness if it changed."""
    if plan_checks(conversation, rows) == before:
        return (QUESTIONS, CLOSING)
    return EVERY_PART


def _phase_part(question: PlannedQuestion) -> tuple[str, ...]:
    """The part of the page that holds a question."""
    return (CLOSING,) if question.closing else (QUESTIONS,)


def _changed(
    request: HttpRequest,
    conversation: Conversation,
    announce: str,
    focus: str = "",
    *,
    rows: list[PlannedQuestion] | None = None,
    parts: tuple[str, ...] = EVERY_PART,
    slugs: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    mine: bool = False,
    position_of: int | None = None,
) -> JsonResponse:
    """The answer to a change made by the page's script (prep/plan.js): the `parts` of the page
    it touched, rendered as on the page, by element id (the plan, its closing questions,
    readiness, and the bank entries of `slugs` or whole `topics`, and "My bank questions" when
    `mine`); what to announce to screen readers; and a selector for where focus goes next.
    `rows`: the whole plan in order, as the change left it, when the view has it (not read
    again). Parts are rendered without the request's context processors, which they do not use;
    the CSRF token is given as the page's own forms get it."""
    context = _plan_context(request, conversation, rows)
    context["csrf_token"] = get_token(request)
    if READINESS in parts:
        context["readiness"] = readiness(conversation, context["rows"])
    regions = {part: render_to_string(_PART_TEMPLATES[part], context) for part in parts}
    if READINESS in parts:
        regions["plan-readiness-badge"] = format_html(
            '<span id="plan-readiness-badge">{}</span>', readiness_badge(context["readiness"])
        )
    hide_url = context["urls"]["hide"]
    if topics:
        for key, label, entries in services.picker(
            request.user, conversation, context["rows"], set(topics)
        ):
            regions[f"topic-{key}"] = bank_topic(key, label, entries, hide_url)
    for slug in filter(None, slugs):
        entry = services.picker_entry(request.user, conversation, context["rows"], slug)
        if entry is not None:
            regions[f"bank-{slug}"] = bank_entry(entry, hide_url)
    if mine:
        regions["mine"] = render_to_string(
            "prep/_own_questions.html", _own_context(request, conversation), request
        )
    notes = [announce]
    order = [row.pk for row, _ in context["questions"]]
    if position_of in order:
        notes.append(f"Now {order.index(position_of) + 1} of {len(order)}.")
    notes.append(_size_note(context["size"], conversation.meeting_minutes))
    return JsonResponse({"regions": regions, "announce": " ".join(notes), "focus": focus})


def _refused(request: HttpRequest, message: str, anchor: str, conversation_id: int):
    """A change that cannot be made: a 400 with the reason for the script, a message otherwise."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=400)
    messages.error(request, message)
    return redirect(_plan_url(conversation_id, anchor))


@login_required
def brief(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    context = _plan_context(request, conversation)
    context["meeting"] = (
        conversation.meetings.filter(status="scheduled").order_by("starts_at").first()
    )
    return render(request, "prep/brief.html", context)


@login_required
@require_POST
def plan_intention(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    form = ConversationForm(request.POST, instance=conversation)
    if form.is_valid():
        form.save()
        messages.success(request, "Intention and talking points saved.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_plan_url(conversation.pk, "phase-intro"))


def _live_findings(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    """The coach's cards for a question as it is typed (coach/live.js), with the rest of the
    plan as context, as the plan itself will check it once added."""
    contact = conversation.contact
    text = question_bank.PLACEHOLDERS.fill_sentence(
        request.POST.get("text", "")[:1000], services.placeholder_values(contact)
    )
    context = services.check_context(contact)
    context.other_questions = [q.text for q in conversation.planned_questions.all()]
    findings = engine.check("question", text, context) if text.strip() else []
    return findings_fragment(request, findings, text, "A good question for this plan.")


@login_required
@require_POST
def plan_add(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Add a bank question (`slug`) or a question the user wrote (`text`)."""
    conversation = _conversation_for_change(request, conversation_id)
    slug = request.POST.get("slug", "").strip()
    priority = request.POST.get("priority", Priority.MUST)
    if priority not in Priority.values:
        priority = Priority.MUST
    if slug:
        try:
            with transaction.atomic():
                # Read once, in the change's transaction: the answer shows the plan from these.
                stored = list(conversation.planned_questions.all())
                before = plan_checks(conversation, stored)
                row = services.add_from_bank(conversation, slug, priority=priority, rows=stored)
        except LookupError:
            return _refused(request, "That question is not in your bank.", "bank", conversation.pk)
        if wants_json(request):
            rows = services.with_closing(conversation, stored)
            return _changed(
                request,
                conversation,
                f"Added to the plan: {row.text}",
                f"#bank-{slug}",
                rows=rows,
                parts=_parts_after(conversation, before, rows),
                slugs=(slug,),
            )
        return redirect(_topic_url(conversation.pk, services.bank_topic(request.user, slug)))
    if request.POST.get("do") == "live":
        return _live_findings(request, conversation)
    form = NewQuestionForm(request.POST)
    if not form.is_valid():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        if wants_json(request):
            return JsonResponse({"error": " ".join(errors)}, status=400)
        for error in errors:
            messages.error(request, error)
        return redirect(_plan_url(conversation.pk, "write"))
    data = form.cleaned_data
    text = question_bank.PLACEHOLDERS.fill_sentence(
        data["text"], services.placeholder_values(conversation.contact)
    )
    bank_slug = ""
    if data["save_to_bank"]:
        own = UserQuestion.objects.create(
            user=request.user,
            text=data["text"],
            topic=data["topic"] or "advice",
            tiara=data["tiara"] or "advice",
        )
        bank_slug = own.slug
    row = services.add_question(
        conversation,
        text,
        bank_slug=bank_slug,
        topic=data["topic"],
        tiara=data["tiara"],
        priority=data["priority"],
    )
    if wants_json(request):
        saved = (own.topic,) if bank_slug else ()
        return _changed(
            request,
            conversation,
            f"Added to the plan: {row.text}",
            "#id_text",
            topics=saved,
            mine=bool(bank_slug),
        )
    messages.success(request, "Question added to the plan.")
    return redirect(_plan_url(conversation.pk, "phase-questions"))


@login_required
@require_POST
def plan_reorder(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The new order from drag and drop: `order` holds question ids, comma-separated."""
    conversation = _conversation_for_change(request, conversation_id)
    try:
        ids = [int(part) for part in request.POST.get("order", "").split(",") if part.strip()]
    except ValueError:
        return _refused(
            request, "Could not read the new order.", "phase-questions", conversation.pk
        )
    with transaction.atomic():
        stored = list(conversation.planned_questions.all())
        services.reorder(conversation, ids, rows=stored)
    if wants_json(request):
        rows = services.with_closing(conversation, stored)
        return _changed(request, conversation, "New order saved.", rows=rows, parts=(QUESTIONS,))
    return redirect(_plan_url(conversation.pk, "phase-questions"))


@login_required
@require_POST
def question_move(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    direction = request.POST.get("direction", "")
    conversation = question.conversation
    with transaction.atomic():
        # Read once, in the move's transaction: the move renumbers these and the answer shows them.
        stored = list(conversation.planned_questions.all())
        moved = services.move(question, direction, rows=stored)
    if wants_json(request):
        said = f"Moved {direction}: {question.text}" if moved else f"Not moved: {question.text}"
        return _changed(
            request,
            conversation,
            said,
            f"#q-{question.pk} [data-plan-action={'down' if direction == 'down' else 'up'}]",
            rows=services.with_closing(conversation, stored),
            parts=_phase_part(question),
            position_of=question.pk,
        )
    return redirect(_plan_url(question.conversation_id, f"q-{question.pk}"))


@login_required
@require_POST
def question_priority(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    form = PriorityForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            "Choose must-ask or if-time-allows.",
            f"q-{question.pk}",
            question.conversation_id,
        )
    question.priority = form.cleaned_data["priority"]
    question.save(update_fields=["priority", "updated"])
    if wants_json(request):
        said = f"Marked {question.get_priority_display().lower()}: {question.text}"
        return _changed(
            request,
            question.conversation,
            said,
            f"#q-{question.pk} [data-plan-action=priority]",
            parts=_phase_part(question),
        )
    return redirect(_plan_url(question.conversation_id, f"q-{question.pk}"))


@login_required
@require_POST
def question_remove(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    removed_id = question.pk  # delete() forgets it
    stored = list(question.conversation.planned_questions.all())
    after = services.neighbour(question, rows=stored)
    if not services.remove(question):
        return _refused(
            request,
            "Every plan ends with this closing question; it stays.",
            "phase-questions",
            question.conversation_id,
        )
    if wants_json(request):
        if after is not None:
            focus = f"#q-{after.pk} [data-plan-action=remove]"
        else:
            focus = "#closing-h" if question.closing else "#questions-h"
        conversation = question.conversation
        rows = services.with_closing(conversation, [row for row in stored if row.pk != removed_id])
        before = plan_checks(conversation, stored)
        return _changed(
            request,
            conversation,
            f"Removed from the plan: {question.text}",
            focus,
            rows=rows,
            parts=_parts_after(conversation, before, rows),
            slugs=(question.bank_slug,),
        )
    messages.success(request, "Question removed from the plan.")
    return redirect(_plan_url(question.conversation_id, "phase-questions"))


@login_required
@require_POST
def bank_hide(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    slug = request.POST.get("slug", "")
    try:
        services.hide(request.user, slug)
    except LookupError:
        messages.error(request, "That question is not in the bank.")
    else:
        messages.success(request, "Hidden from your bank. You can bring it back below.")
    return redirect(_topic_url(conversation.pk, services.bank_topic(request.user, slug)))


@login_required
@require_POST
def bank_unhide(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    services.unhide(request.user, request.POST.get("slug", ""))
    messages.success(request, "Back in your bank.")
    return redirect(_plan_url(conversation.pk, "hidden"))


@login_required
@require_POST
def own_question_delete(request: HttpRequest, user_question_id: int) -> HttpResponse:
    own = owned_or_404(UserQuestion, request.user, user_question_id)
    own.delete()
    messages.success(request, "Removed from your bank (plans that use it keep their copy).")
    conversation_id = request.POST.get("conversation", "")
    if conversation_id.isdigit():
        return redirect(_plan_url(int(conversation_id), "mine"))
    return redirect("pipeline:board")
