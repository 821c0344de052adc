"""PostgreSQL: a small pending list on the trigram indexes (contacts/search.py,
`limit_pending_lists`), so a large import leaves searches able to use them. SQLite: nothing."""

from django.db import migrations

from coffeechat.contacts import search


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            search.limit_pending_lists(cursor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            search.limit_pending_lists(cursor, None)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0012_text_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
