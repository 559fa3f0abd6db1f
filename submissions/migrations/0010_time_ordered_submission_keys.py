"""New submission keys are time-ordered UUIDs (``submissions.models.new_submission_key``).

No change to the schema; on SQLite, altering the field rebuilds the initiatives table, so
the unit-path triggers of 0006 are dropped first and created again afterwards, as in 0007.
"""

import importlib

from django.db import migrations, models

import submissions.models

_fewer_indexes = importlib.import_module("submissions.migrations.0007_fewer_initiative_indexes")


class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0009_search_awaiting_index'),
    ]

    operations = [
        migrations.RunPython(_fewer_indexes._DROP, _fewer_indexes._CREATE),
        migrations.AlterField(
            model_name='initiative',
            name='submission_key',
            field=models.UUIDField(default=submissions.models.new_submission_key, editable=False, unique=True),
        ),
        migrations.RunPython(_fewer_indexes._CREATE, _fewer_indexes._DROP),
    ]
