"""Today: requests waiting for the host's answer, and the conversations they give this week.

Hosted conversations have their own stages, so the asking side's next steps leave them out;
this is where they reach Today."""

from datetime import timedelta

from django.db.models import Min, Q, QuerySet

from coffeechat.core.compiled import CompiledQuery
from coffeechat.core.extensions import Action, TodayItem, provider, soonest_after
from coffeechat.core.reversing import url_maker
from coffeechat.hosting.models import HostRequest, Status

AHEAD = timedelta(days=7)
ANSWER_WITHIN = timedelta(days=3)  # a request unanswered this long is overdue
LIMIT = 20


def _requests(user, since, until) -> QuerySet:
    """The user's new requests, and their conversations scheduled between `since` and `until`,
    oldest request first; `user` is the user's id (placeholders when compiled)."""
    return (
        HostRequest.objects.filter(user_id=user)
        .filter(
            Q(status=Status.NEW)
            | Q(status=Status.SCHEDULED, starts_at__gte=since, starts_at__lte=until)
        )
        .order_by("created", "id")
        .values_list("id", "name", "status", "updated", "starts_at", "learn")[:LIMIT]
    )


# Run after every change of the user's data: built once (core.compiled), as building it took the
# ORM longer than running it; the times are values.
_REQUESTS = CompiledQuery(
    _requests,
    user=HostRequest._meta.get_field("user"),
    since=HostRequest._meta.get_field("starts_at"),
    until=HostRequest._meta.get_field("starts_at"),
)


def _changes(user, overdue_since, leaves_since, urgent_after, enters_after) -> QuerySet:
    new, scheduled = Q(status=Status.NEW), Q(status=Status.SCHEDULED)
    return (
        HostRequest.objects.filter(user_id=user)
        .values("user_id")
        .order_by()
        .annotate(
            overdue=Min("updated", filter=new & Q(updated__gte=overdue_since)),
            leaves=Min("starts_at", filter=scheduled & Q(starts_at__gte=leaves_since)),
            urgent=Min("starts_at", filter=scheduled & Q(starts_at__gt=urgent_after)),
            enters=Min("starts_at", filter=scheduled & Q(starts_at__gt=enters_after)),
        )
        .values_list("overdue", "leaves", "urgent", "enters")
    )


_CHANGES = CompiledQuery(
    _changes,
    user=HostRequest._meta.get_field("user"),
    overdue_since=HostRequest._meta.get_field("updated"),
    leaves_since=HostRequest._meta.get_field("starts_at"),
    urgent_after=HostRequest._meta.get_field("starts_at"),
    enters_after=HostRequest._meta.get_field("starts_at"),
)


def hosting_change_at(user, now):
    """When time alone next changes these items: a new request falls overdue, a conversation
    comes into the week, within a day, or leaves an hour after it starts."""
    found = _CHANGES.rows(
        user=user.pk,
        overdue_since=now - ANSWER_WITHIN,
        leaves_since=now - timedelta(hours=1),
        urgent_after=now + timedelta(days=1),
        enters_after=now + AHEAD,
    )
    if not found:
        return None
    overdue, leaves, urgent, enters = found[0]
    return soonest_after(
        now - timedelta(microseconds=1),  # strict comparisons change a moment after
        overdue and overdue + ANSWER_WITHIN,
        leaves and leaves + timedelta(hours=1),
        urgent and urgent - timedelta(days=1),
        enters and enters - AHEAD,
    )


@provider(changes_at=hosting_change_at)
def hosting_items(user, now):
    found = _REQUESTS.rows(user=user.pk, since=now - timedelta(hours=1), until=now + AHEAD)
    request_url = url_maker("hosting:request_detail")
    for pk, name, status, updated, starts_at, learn in found:
        url = request_url(pk)
        if status == Status.NEW:
            yield TodayItem(
                kind="Hosting",
                title=f"Answer {name}'s request for a conversation",
                url=url,
                when=updated,
                detail=learn[:140],
                overdue=updated < now - ANSWER_WITHIN,
                urgency=1,
                action=Action("Open the request", url),
            )
        else:
            yield TodayItem(
                kind="Hosting",
                title=f"Conversation you give: {name}",
                url=url,
                when=starts_at,
                urgency=1 if starts_at <= now + timedelta(days=1) else 2,
                action=Action("Open", url),
            )
