"""Thank-yous and updates sent as a LinkedIn message were logged with the channel "linkedin";
the one list of channels (core.channels) calls it "linkedin-message"."""

from django.db import migrations


def forwards(apps, schema_editor):
    Touchpoint = apps.get_model("contacts", "Touchpoint")
    Touchpoint.objects.filter(channel="linkedin").update(channel="linkedin-message")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0009_created_and_referral_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
