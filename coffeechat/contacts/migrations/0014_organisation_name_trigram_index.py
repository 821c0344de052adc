"""PostgreSQL: a pg_trgm GIN index on the organisations' names, which every contacts search
and the link page look the text up in (contacts/search.py, `ORGANISATION_INDEX`). SQLite: nothing
(it scans the user's organisations)."""

from django.db import migrations

from coffeechat.contacts import search


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            search.install_postgres_organisation_index(cursor)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            search.remove_postgres_organisation_index(cursor)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0013_trigram_pending_lists")]

    operations = [migrations.RunPython(forwards, backwards)]
