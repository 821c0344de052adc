from django.db import migrations, models


def promises_from_capture(apps, schema_editor):
    """Items created by marking a meeting's line as a promise were promises; the rest, added by
    hand before the difference was kept, stay "not stated"."""
    ActionItem = apps.get_model("followup", "ActionItem")
    CapturedLine = apps.get_model("meetings", "CapturedLine")
    promised = CapturedLine.objects.filter(mark__in=["mine", "theirs"])
    for line in promised.select_related("meeting").iterator():
        ActionItem.objects.filter(
            user_id=line.user_id,
            conversation_id=line.meeting.conversation_id,
            text=line.text[:500],
            origin="",
        ).update(origin="promise")


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0003_shareditem_moved"),
        ("meetings", "0003_captured_line"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="origin",
            field=models.CharField(
                blank=True,
                choices=[("promise", "A promise"), ("advice", "Their advice"), ("", "Not stated")],
                default="",
                max_length=10,
                verbose_name="where it came from",
            ),
        ),
        migrations.RunPython(promises_from_capture, migrations.RunPython.noop),
    ]
