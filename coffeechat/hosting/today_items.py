"""Today: requests waiting for the host's answer, and the conversations they give this week.

Hosted conversations have their own stages, so the asking side's next steps leave them out;
this is where they reach Today."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.hosting.models import HostRequest, Status

AHEAD = timedelta(days=7)
ANSWER_WITHIN = timedelta(days=3)  # a request unanswered this long is overdue
LIMIT = 20


@provider
def hosting_items(user, now):
    found = (
        HostRequest.objects.owned_by(user)
        .filter(
            Q(status=Status.NEW)
            | Q(
                status=Status.SCHEDULED,
                starts_at__gte=now - timedelta(hours=1),
                starts_at__lte=now + AHEAD,
            )
        )
        .only("id", "name", "status", "created", "updated", "starts_at", "learn")
        .order_by("created", "id")[:LIMIT]
    )
    for item in found:
        url = reverse("hosting:request_detail", args=[item.pk])
        if item.status == Status.NEW:
            yield TodayItem(
                kind="Hosting",
                title=f"Answer {item.name}'s request for a conversation",
                url=url,
                when=item.updated,
                detail=item.learn[:140],
                overdue=item.updated < now - ANSWER_WITHIN,
                urgency=1,
                action=Action("Open the request", url),
            )
        else:
            yield TodayItem(
                kind="Hosting",
                title=f"Conversation you give: {item.name}",
                url=url,
                when=item.starts_at,
                urgency=1 if item.starts_at <= now + timedelta(days=1) else 2,
                action=Action("Open", url),
            )
