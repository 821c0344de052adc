"""An index of each organisation's contacts in name order: Today names the first few people
the user knows at an organisation (contacts.services.others_at)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0014_organisation_name_trigram_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["organisation", "name_key"], name="contact_organisation_name"
            ),
        ),
    ]
