from django.db import migrations, models
from django.db.models import Exists, OuterRef

# The closed stages as of this migration (pipeline.models.CLOSED_STAGES).
CLOSED = ["declined", "no_response"]


def fill_closed(apps, schema_editor) -> None:
    """Say which stored steps belong to closed conversations, as their rows do now: Today reads
    it from the stored row from here on (today.today_items._shown_rows)."""
    StoredStep = apps.get_model("today", "StoredStep")
    Conversation = apps.get_model("pipeline", "Conversation")
    closed = Conversation.objects.filter(pk=OuterRef("conversation_id"), stage__in=CLOSED)
    StoredStep.objects.update(closed=Exists(closed))


class Migration(migrations.Migration):
    dependencies = [
        ("today", "0001_stored_step"),
    ]

    operations = [
        migrations.AddField(
            model_name="storedstep",
            name="closed",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(fill_closed, migrations.RunPython.noop),
    ]
