"""The next step on the board's cards and at the head of the conversation page: the same step,
from the same table, as on Today (today.next_step)."""

from datetime import datetime, timedelta
from html import escape

from django.db.models import Min, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString

from coffeechat.core.compiled import IDS, CompiledQuery
from coffeechat.core.extensions import card_badges, panel, soonest_after
from coffeechat.pipeline.models import Conversation, Kind
from coffeechat.today.facts import action_for, steps_for
from coffeechat.today.models import StoredStep
from coffeechat.today.next_step import Step
from coffeechat.today.stored import COLUMNS, kept, trusted_step, work_out_untrusted


def _loaded(ids: list[int]):
    # Cards and pages load only the columns they show; the facts read their own. A hosted
    # conversation's steps are the host's inbox, not the asking side's table.
    return Conversation.objects.filter(pk__in=ids).exclude(kind=Kind.HOSTING)


# Read for the board's cards after every change of the user's data: built once (core.compiled),
# as building them took longer than running them.
def _cards(ids, zone, now):
    # With whether each has a trusted stored step, in the same query (one round trip fewer).
    trusted = trusted_step(OuterRef("pk"), zone, now)
    return _loaded(ids).values_list("pk", "user_id", trusted).order_by()


_CARDS = CompiledQuery(
    _cards,
    ids=IDS,
    zone=StoredStep._meta.get_field("zone"),
    now=StoredStep._meta.get_field("valid_until"),
)
_STORED = CompiledQuery(
    lambda ids: (
        StoredStep.objects.filter(conversation_id__in=ids)
        .exclude(kind="")  # a row held for a step still being worked out (today.stored)
        .values_list(*COLUMNS)
        .order_by()
    ),
    ids=IDS,
)


def _changes(ids, zone, now):
    # One row for the cards' stored steps in this zone (a step is trusted while valid_until is
    # later than now, today.stored; its line says "overdue" once its due time has passed).
    rows = StoredStep.objects.filter(conversation_id__in=ids, zone=zone).values("user_id")
    return (
        rows.order_by()
        .annotate(
            stale=Min("valid_until", filter=Q(valid_until__gt=now)),
            overdue=Min("due", filter=Q(due__gte=now)),
        )
        .values_list("stale", "overdue")
    )


_CHANGES = CompiledQuery(
    _changes,
    ids=IDS,
    zone=StoredStep._meta.get_field("zone"),
    now=StoredStep._meta.get_field("valid_until"),
)


def next_step_badges_change_at(cards: list, now: datetime) -> datetime | None:
    """When time alone next changes the cards' "Next: …" lines: one of their stored steps falls
    stale (it is worked out again, and may say something else) or falls overdue."""
    found = _CHANGES.rows(
        ids=[card.pk for card in cards], zone=timezone.get_current_timezone_name(), now=now
    )
    # None found: no card has a step (hosted conversations only), and time gives them none.
    moments = found[0] if found else ()
    # A step due now is overdue a moment later.
    return soonest_after(now - timedelta(microseconds=1), *moments)


@card_badges("board", changes_at=next_step_badges_change_at)
def next_step_badges(cards: list[Conversation]) -> dict[int, str]:
    # From the stored steps (today.stored): after a change only the cards it touched are
    # worked out again.
    now = timezone.now()
    zone_name = timezone.get_current_timezone_name()
    found = _CARDS.rows(ids=[card.pk for card in cards], zone=zone_name, now=now)
    owners = work_out_untrusted(found, now)
    zone = timezone.get_current_timezone()
    return {
        row.conversation_id: _card_step(row.step, now, zone)
        for row in map(kept, _STORED.rows(ids=owners))
    }


# What strftime's %a and %b print (the server runs in the C locale), looked up rather than
# formatted: strftime took half of each card's line, 225 times a board.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _card_step(step: Step, now: datetime, zone) -> str:
    """The card's "Next: …" line, built in Python: the board shows a hundred and more cards."""
    when = ""
    if step.due:
        due = step.due.astimezone(zone)
        when = f" · {_DAYS[due.weekday()]} {due.day} {_MONTHS[due.month - 1]}"
        if not step.whole_day:
            when += f", {due.hour:02d}:{due.minute:02d}"
    overdue = " overdue" if step.overdue(now) else ""
    # An f-string and the standard library's escape: format_html's lazy-text machinery cost as
    # much as working out the steps. The title holds the contact's name: always escaped; the
    # date is digits and the names above.
    return SafeString(
        f'<span class="next-step{overdue}" title="Next step">'
        f"Next: {escape(step.title)}{when}</span>"
    )


@panel("conversation", template="today/conversation_step.html", order=0, column="next")
def conversation_step(request: HttpRequest, conversation: Conversation) -> dict:
    now = timezone.now()
    found = steps_for(_loaded([conversation.pk]), now).get(conversation.pk)
    if found is None:
        return {"step": None}
    step, facts = found
    return {"step": step, "action": action_for(step, facts), "overdue": step.overdue(now)}
