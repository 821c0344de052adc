# SharedItem moved here from followup: the table already exists, so only the state moves;
# 0002 then gives the table this app's name.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contacts", "0004_keep_in_touch"),
        ("followup", "0002_shareditem"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SharedItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        ("title", models.CharField(max_length=300)),
                        ("url", models.URLField(blank=True, max_length=1000, verbose_name="link")),
                        ("note", models.TextField(blank=True, verbose_name="why it is for them")),
                        ("shared_on", models.DateField(blank=True, null=True)),
                        (
                            "contact",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="shared_items",
                                to="contacts.contact",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["shared_on", "-created", "-id"],
                        "db_table": "followup_shareditem",
                        "indexes": [
                            models.Index(fields=["user", "contact"], name="shareditem_user_contact")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
