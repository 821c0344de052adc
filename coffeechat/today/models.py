"""Each conversation's next step, kept between changes (today.stored explains when it is
trusted): Today and the board read these rows instead of working every step out per view."""

from django.conf import settings
from django.db import models


class StoredStep(models.Model):
    """What Today and the board show of one conversation's next step, as worked out at some
    moment in some time zone, and until when it holds with the facts it came from."""

    conversation = models.OneToOneField(
        "pipeline.Conversation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The step (today.next_step.Step) and its button (today.facts.action_for).
    kind = models.CharField(max_length=20)
    title = models.CharField(max_length=500)
    detail = models.TextField(blank=True)
    due = models.DateTimeField(null=True)
    whole_day = models.BooleanField(default=False)
    action_label = models.CharField(max_length=100)
    action_url = models.CharField(max_length=500)
    action_method = models.CharField(max_length=10)
    # The facts Today reads after the step: who to name for 3B7's second person, whether my
    # promise has a date (then the action items list shows it), and the conversations' order.
    contact_id = models.IntegerField()
    organisation_id = models.IntegerField(null=True)
    promise_dated = models.BooleanField(default=False)
    # Whether the conversation is moving (Today lists it) as of the step: active, or closed
    # since `stage_changed_at`. Any change of stage clears the row, so a row not cleared says
    # what the conversation's own row does, and Today reads it without joining conversations.
    closed = models.BooleanField(default=False)
    stage_changed_at = models.DateTimeField()
    # Stale from this moment on (time alone may change the step), in another zone, or when
    # null: a change to its facts clears it (today.signals).
    zone = models.CharField(max_length=64)
    valid_until = models.DateTimeField(null=True)
    # Raised by every clear: a step worked out from facts read before a clear is not stored
    # over it (today.stored.refresh compares it). A row with no kind yet only holds the count.
    version = models.IntegerField(default=0)

    class Meta:
        indexes = [
            # Every column Today's reads of a user's rows filter, number and aggregate on, so
            # that they read the index alone: finding the steps not trusted, numbering those
            # it may list, and naming when time next changes them (today_items). Reading
            # the ~1,100 wide rows themselves was most of each query.
            models.Index(
                fields=[
                    "user",
                    "valid_until",
                    "zone",
                    "kind",
                    "due",
                    "closed",
                    "stage_changed_at",
                    "promise_dated",
                    "conversation",
                ],
                name="today_step_user_listed",
            ),
            models.Index(fields=["contact_id"], name="today_step_contact"),
            models.Index(fields=["organisation_id"], name="today_step_organisation"),
        ]

    def __str__(self) -> str:
        return self.title
