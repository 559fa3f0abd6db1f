"""``unit_path`` gets a database default (""), so that PostgreSQL returns the value its
trigger wrote with each insert (RETURNING): a new initiative knows its unit's path without
another query.
"""

from django.db import migrations, models

class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0013_imported_rows_only_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='initiative',
            name='unit_path',
            field=models.CharField(db_default='', default='', editable=False, max_length=255),
        ),
    ]
