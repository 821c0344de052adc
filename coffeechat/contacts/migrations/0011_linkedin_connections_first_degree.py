"""A LinkedIn connection is first-degree (warmth 0), not second-degree: stored warmth follows."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Contact = apps.get_model("contacts", "Contact")
    Contact.objects.filter(relationship="linkedin").update(warmth=0)


def backwards(apps, schema_editor):
    Contact = apps.get_model("contacts", "Contact")
    Contact.objects.filter(relationship="linkedin", referred_by__isnull=True).update(warmth=2)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0010_linkedin_channel_spelling")]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="warmth",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (0, "Referred or first-degree"),
                    (1, "Alumni"),
                    (2, "Second-degree"),
                    (3, "Cold"),
                ],
                default=3,
                editable=False,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
