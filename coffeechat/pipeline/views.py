"""The pipeline: the board of conversations by stage, and one conversation's page."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.contacts.models import Contact
from coffeechat.core.access import owned_or_404
from coffeechat.core.extensions import badges_change_at, badges_for, render_panels
from coffeechat.core.freshness import cached_until
from coffeechat.core.http import wants_json
from coffeechat.pipeline.cards import (
    Card,
    CardRenderer,
    board_cards,
    lanes_html,
    one_card,
    stage_counts,
)
from coffeechat.pipeline.forms import ConversationForm, StageForm
from coffeechat.pipeline.models import (
    ACTIVE_STAGES,
    CLOSED_STAGES,
    HOSTING_STAGES,
    Conversation,
)
from coffeechat.pipeline.services import move_to_stage, start_conversation

CARDS_PER_COLUMN = 15


@login_required
def board(request: HttpRequest) -> HttpResponse:
    counts = stage_counts(request.user)
    cards = board_cards(request.user, CARDS_PER_COLUMN)
    badges = cached_until(request.user, "board-badges", lambda: _badges(cards))
    renderer = CardRenderer(csrf_input(request))
    by_stage: dict[str, list[Card]] = {}
    for card in cards:
        by_stage.setdefault(card.stage, []).append(card)
    columns = []
    every = reverse("contacts:list")  # each full column links to its stage's list: reversed once
    for stage in ACTIVE_STAGES + CLOSED_STAGES + HOSTING_STAGES:
        shown = by_stage.get(stage, [])
        # Each column's cards joined here: the template prints one string per column.
        html = "".join(renderer.html(card, badges.get(card.pk, "")) for card in shown)
        columns.append(
            {
                "stage": stage,
                "label": stage.label,
                "count": counts.get(stage, 0),
                "all_url": f"{every}?stage={stage.value}",
                "cards": shown,
                "html": SafeString(html),
            }
        )
    return render(
        request,
        "pipeline/board.html",
        {"columns": columns, "lanes": lanes_html(columns, CARDS_PER_COLUMN)},
    )


def _badges(cards: list[Card]) -> tuple[dict[int, SafeString], datetime | None]:
    """The cards' badges (readiness, next step: they read every card's conversation), and when
    time alone next changes them. Kept until then or until the user's data changes; the cards
    themselves come from the same data, so the key needs nothing more."""
    now = timezone.now()  # before the badges are worked out: an instant too soon is harmless
    return badges_for("board", cards), badges_change_at("board", cards, now)


@login_required
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = owned_or_404(
        Conversation.objects.select_related("contact__organisation"),
        request.user,
        conversation_id,
    )
    context = {
        "conversation": conversation,
        "contact": conversation.contact,
        "form": ConversationForm(instance=conversation),
        "stage_form": StageForm(initial={"stage": conversation.stage}, kind=conversation.kind),
        "history": conversation.stage_changes.all(),
        "panels": render_panels("conversation", request, conversation),
        "touchpoints": conversation.touchpoints.all()[:50],
    }
    return render(request, "pipeline/conversation_detail.html", context)


@login_required
@require_POST
def conversation_edit(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = owned_or_404(Conversation, request.user, conversation_id)
    form = ConversationForm(request.POST, instance=conversation)
    if form.is_valid():
        form.save()
        messages.success(request, "Saved.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(conversation)


@login_required
@require_POST
def conversation_move(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = owned_or_404(Conversation, request.user, conversation_id)
    form = StageForm(request.POST, kind=conversation.kind)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"error": "Unknown stage."}, status=400)
        messages.error(request, "Choose one of the stages.")
        return redirect("pipeline:board" if request.POST.get("next") == "board" else conversation)
    move_to_stage(conversation, form.cleaned_data["stage"])
    if wants_json(request):
        # The card as the board would now print it: its badges and next step follow the stage.
        card = one_card(Conversation.objects.owned_by(request.user), conversation.pk)
        badges = badges_for("board", [card]).get(card.pk, "")
        html = CardRenderer(csrf_input(request)).html(card, badges)
        return JsonResponse({"id": conversation.pk, "stage": conversation.stage, "card": html})
    messages.success(
        request, f"{conversation.contact} moved to “{conversation.get_stage_display()}”."
    )
    if request.POST.get("next") == "board":
        return redirect("pipeline:board")
    return redirect(conversation)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_delete(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = owned_or_404(Conversation, request.user, conversation_id)
    if request.method == "POST":
        contact = conversation.contact
        conversation.delete()
        messages.success(request, "Conversation deleted.")
        return redirect(contact)
    return render(
        request, "pipeline/conversation_confirm_delete.html", {"conversation": conversation}
    )


@login_required
@require_POST
def conversation_start(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = owned_or_404(Contact, request.user, contact_id)
    conversation = start_conversation(contact)
    messages.success(request, f"Started a conversation with {contact}.")
    return redirect(conversation)
