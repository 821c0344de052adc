# SharedItem now belongs to the keepintouch app (which takes over the same table).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("followup", "0002_shareditem"), ("keepintouch", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SharedItem")],
            database_operations=[],
        ),
    ]
