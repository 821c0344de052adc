"""Full-text search of contacts through an index: SQLite FTS5 (trigram) kept in step by
triggers, PostgreSQL pg_trgm GIN indexes. The SQL lives in contacts/search.py, next to the
queries that use it and the repair that re-creates SQLite's triggers after a table rebuild."""

from django.db import migrations

from coffeechat.contacts import search


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            search.install_sqlite_index(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            search.install_postgres_indexes(cursor)


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            search.remove_sqlite_index(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            search.remove_postgres_indexes(cursor)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0011_linkedin_connections_first_degree")]

    operations = [migrations.RunPython(forwards, backwards)]
