"""The question plan page, its changes (all POST), and the printable brief."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.coach import engine
from coffeechat.coach.fragments import findings_fragment
from coffeechat.core.access import owned_or_404
from coffeechat.core.http import wants_json
from coffeechat.pipeline.forms import ConversationForm
from coffeechat.pipeline.models import Conversation
from coffeechat.prep import question_bank, services
from coffeechat.prep.forms import NewQuestionForm, PriorityForm
from coffeechat.prep.models import HiddenQuestion, PlannedQuestion, Priority, UserQuestion
from coffeechat.prep.readiness import readiness


def _conversation(request: HttpRequest, conversation_id: int) -> Conversation:
    return owned_or_404(
        Conversation.objects.select_related("contact__organisation"), request.user, conversation_id
    )


def _question(request: HttpRequest, question_id: int) -> PlannedQuestion:
    return owned_or_404(
        PlannedQuestion.objects.select_related("conversation"), request.user, question_id
    )


def _plan_url(conversation_id: int, anchor: str = "") -> str:
    return reverse("prep:plan", args=[conversation_id]) + (f"#{anchor}" if anchor else "")


def _topic_url(conversation_id: int, topic: str) -> str:
    """Back to the bank with the topic the user was picking from still open."""
    if topic not in question_bank.TOPIC_LABELS:
        return _plan_url(conversation_id, "bank")
    return reverse("prep:plan", args=[conversation_id]) + f"?topic={topic}#topic-{topic}"


def _plan_context(request: HttpRequest, conversation: Conversation) -> dict:
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
        "questions": questions,
        "closing": closing,
        "size": services.sizing(conversation.meeting_minutes, len(questions)),
        "min_questions": services.MIN_QUESTIONS,
        "points": services.talking_points(conversation),
        "has_research": services.has_research(contact),
    }


@login_required
def plan(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _conversation(request, conversation_id)
    context = _plan_context(request, conversation)
    rows = [row for row, _ in context["questions"] + context["closing"]]
    context.update(
        {
            "bank": services.picker(request.user, conversation, rows),
            "hidden": [
                (hidden.slug, question_bank.get(hidden.slug))
                for hidden in HiddenQuestion.objects.owned_by(request.user)
            ],
            "own_questions": UserQuestion.objects.owned_by(request.user),
            "form": ConversationForm(instance=conversation),
            "new_form": NewQuestionForm(),
            "priorities": Priority.choices,
            "readiness": readiness(conversation),
            "open_topic": request.GET.get("topic", ""),
        }
    )
    return render(request, "prep/plan.html", context)


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
    conversation = _conversation(request, conversation_id)
    slug = request.POST.get("slug", "").strip()
    priority = request.POST.get("priority", Priority.MUST)
    if priority not in Priority.values:
        priority = Priority.MUST
    if slug:
        try:
            services.add_from_bank(conversation, slug, priority=priority)
        except LookupError:
            messages.error(request, "That question is not in your bank.")
            return redirect(_plan_url(conversation.pk, "bank"))
        return redirect(_topic_url(conversation.pk, request.POST.get("topic", "")))
    if request.POST.get("do") == "live":
        return _live_findings(request, conversation)
    form = NewQuestionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
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
    services.add_question(
        conversation,
        text,
        bank_slug=bank_slug,
        topic=data["topic"],
        tiara=data["tiara"],
        priority=data["priority"],
    )
    messages.success(request, "Question added to the plan.")
    return redirect(_plan_url(conversation.pk, "phase-questions"))


@login_required
@require_POST
def plan_reorder(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The new order from drag and drop: `order` holds question ids, comma-separated."""
    conversation = _conversation(request, conversation_id)
    try:
        ids = [int(part) for part in request.POST.get("order", "").split(",") if part.strip()]
    except ValueError:
        if wants_json(request):
            return JsonResponse({"error": "order must be question ids."}, status=400)
        messages.error(request, "Could not read the new order.")
        return redirect(_plan_url(conversation.pk, "phase-questions"))
    services.reorder(conversation, ids)
    if wants_json(request):
        order = list(
            conversation.planned_questions.filter(closing=False)
            .order_by("position", "id")
            .values_list("pk", flat=True)
        )
        return JsonResponse({"order": order})
    return redirect(_plan_url(conversation.pk, "phase-questions"))


@login_required
@require_POST
def question_move(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    services.move(question, request.POST.get("direction", ""))
    return redirect(_plan_url(question.conversation_id, f"q-{question.pk}"))


@login_required
@require_POST
def question_priority(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    form = PriorityForm(request.POST)
    if form.is_valid():
        question.priority = form.cleaned_data["priority"]
        question.save(update_fields=["priority", "updated"])
    else:
        messages.error(request, "Choose must-ask or if-time-allows.")
    return redirect(_plan_url(question.conversation_id, f"q-{question.pk}"))


@login_required
@require_POST
def question_remove(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question(request, question_id)
    if services.remove(question):
        messages.success(request, "Question removed from the plan.")
    else:
        messages.error(request, "Every plan ends with this closing question; it stays.")
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
    return redirect(_topic_url(conversation.pk, request.POST.get("topic", "")))


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
