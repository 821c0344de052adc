"""Today: who to ask next while the pipeline is thin.

(The 3B7 nudges for unanswered requests are next steps now: see today.next_step.)
"""

from django.conf import settings
from django.urls import reverse

from coffeechat.core.extensions import Action, TodayItem, provider
from coffeechat.outreach.next_people import ranked_prospects, waiting_count

NEXT_PEOPLE = 3


@provider
def ask_next(user, now):
    target = settings.PIPELINE_TARGET
    waiting = waiting_count(user)
    if waiting >= target:
        return
    people = ranked_prospects(user, NEXT_PEOPLE)
    if not people:
        return
    # One item, so Today's own sorting cannot reorder the ranking.
    top = people[0]
    if top.early_conversation_id:
        action = Action(
            f"Write to {top.first_name}",
            reverse("outreach:compose", args=[top.early_conversation_id]),
        )
    else:
        action = Action(
            f"Start a request to {top.first_name}",
            reverse("outreach:next_start", args=[top.pk]),
            "post",
        )
    ranked = "; ".join(
        f"{i}. {p.display_name}"
        + (f" at {p.organisation.name}" if p.organisation_id else "")
        + f" ({p.get_warmth_display().lower()})"
        for i, p in enumerate(people, 1)
    )
    yield TodayItem(
        kind="Ask next",
        title=f"Who to ask next: {top.display_name}",
        url=reverse("outreach:next_list"),
        detail=f"{waiting} of {target} requests are waiting for a reply. {ranked}.",
        urgency=3,
        action=action,
        extra_actions=(Action("See the list", reverse("outreach:next_list")),),
    )
