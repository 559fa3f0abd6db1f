"""``unit_path`` gets a database default (""), so that PostgreSQL returns the value its
trigger wrote with each insert (RETURNING): a new initiative knows its unit's path without
another query. On SQLite, altering the field rebuilds the initiatives table: the unit-path
triggers of 0006 are dropped first and created again afterwards, as in 0007.
"""

import importlib

from django.db import migrations, models

_fewer_indexes = importlib.import_module("submissions.migrations.0007_fewer_initiative_indexes")


class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0013_imported_rows_only_indexes'),
    ]

    operations = [
        migrations.RunPython(_fewer_indexes._DROP, _fewer_indexes._CREATE),
        migrations.AlterField(
            model_name='initiative',
            name='unit_path',
            field=models.CharField(db_default='', default='', editable=False, max_length=255),
        ),
        migrations.RunPython(_fewer_indexes._CREATE, _fewer_indexes._DROP),
    ]
