"""Who to ask next: prospects ranked by warmth, interest in their organisation, and age.

The ranking is one SQL query (CASE for warmth, ORDER BY, LIMIT) so it stays fast with tens of
thousands of imported contacts.
"""

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from coffeechat.contacts.models import Contact, Relationship
from coffeechat.pipeline.models import Conversation, Stage

EARLY_STAGES = [Stage.PROSPECT, Stage.RESEARCHING]
KNOWN = [
    Relationship.FRIEND,
    Relationship.RELATIVE,
    Relationship.PROFESSOR,
    Relationship.CLASSMATE,
    Relationship.COWORKER,
    Relationship.SUPERVISOR,
    Relationship.NEIGHBOUR,
]
SECOND_DEGREE = [Relationship.LINKEDIN, Relationship.ASSOCIATION, Relationship.SPEAKER]
WARMTH_LABELS = {0: "Referral or someone you know", 1: "Alumni", 2: "Second-degree", 3: "Cold"}


def who_to_ask_next(user, limit: int = 20) -> QuerySet[Contact]:
    return ranked_prospects(user)[:limit]


def ranked_prospects(user) -> QuerySet[Contact]:
    """Contacts with no conversation, or only one still at prospect/researching, best first.

    Each row carries `warmth` (0 warmest … 3 cold), `org_interest` and `early_conversation_id`.
    """
    # By contact only (the contact is already the user's): SQLite then uses the contact index
    # instead of scanning all the user's conversations for every contact.
    conversations = Conversation.objects.filter(contact=OuterRef("pk"))
    beyond = conversations.exclude(stage__in=EARLY_STAGES)
    early = conversations.filter(stage__in=EARLY_STAGES).order_by("-stage_changed_at", "-id")
    return (
        Contact.objects.owned_by(user)
        .filter(~Exists(beyond))
        .annotate(
            warmth=Case(
                When(Q(referred_by__isnull=False) | Q(relationship=Relationship.REFERRAL), then=0),
                When(relationship__in=KNOWN, then=0),
                When(relationship=Relationship.ALUMNI, then=1),
                When(relationship__in=SECOND_DEGREE, then=2),
                default=Value(3),
                output_field=IntegerField(),
            ),
            org_interest=Coalesce("organisation__interest", Value(0)),
            early_conversation_id=Subquery(early.values("pk")[:1]),
        )
        .select_related("organisation")
        .order_by("warmth", "-org_interest", "created", "id")
    )


def waiting_count(user) -> int:
    """Requests sent that still wait for an answer."""
    from coffeechat.outreach.models import Reply

    replies = Reply.objects.filter(conversation=OuterRef("pk")).exclude(outcome="out_of_office")
    return (
        Conversation.objects.owned_by(user)
        .filter(stage=Stage.REQUESTED)
        .filter(~Exists(replies))
        .count()
    )
