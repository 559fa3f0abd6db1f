from django.db import migrations

from submissions.default_fields import create_default_fields


def create_fields(apps, schema_editor):
    create_default_fields(apps.get_model("submissions", "Field"))


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial")]
    operations = [migrations.RunPython(create_fields, migrations.RunPython.noop)]
