"""Action items: add one to a contact or conversation, tick it done, remove it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from coffeechat.contacts.models import Contact
from coffeechat.core.access import owned_or_404
from coffeechat.followup.forms import ActionItemForm
from coffeechat.followup.models import ActionItem
from coffeechat.pipeline.models import Conversation


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


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
        else (contact.get_absolute_url() if contact else "/")
    )
    return _back(request, fallback)


@login_required
@require_POST
def action_toggle(request: HttpRequest, action_id: int) -> HttpResponse:
    item = owned_or_404(ActionItem, request.user, action_id)
    item.done = not item.done
    item.done_at = timezone.now() if item.done else None
    item.save(update_fields=["done", "done_at", "updated"])
    return _back(request, "/")


@login_required
@require_POST
def action_delete(request: HttpRequest, action_id: int) -> HttpResponse:
    item = owned_or_404(ActionItem, request.user, action_id)
    item.delete()
    messages.success(request, "Action removed.")
    return _back(request, "/")
