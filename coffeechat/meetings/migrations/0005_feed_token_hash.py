"""Feed tokens are kept as their SHA-256 digest; links already subscribed keep working."""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    CalendarFeed = apps.get_model("meetings", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "token").iterator():
        digest = hashlib.sha256(feed.token.encode()).hexdigest()
        CalendarFeed.objects.filter(pk=feed.pk).update(token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_live_revision"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        # Going back cannot recover a token from its digest; those links would be dead anyway.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
