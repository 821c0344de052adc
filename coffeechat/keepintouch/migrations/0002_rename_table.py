from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("keepintouch", "0001_initial"), ("followup", "0003_shareditem_moved")]

    operations = [migrations.AlterModelTable(name="shareditem", table=None)]
