"""The import key's unique index and the import run's index hold imported initiatives only.

An initiative submitted through the form has neither (NULL): at 10 million of them each
index held 10 million NULL entries that every submission added to and no query reads.
Looking up keys (``import_key IN (...)``) or a run's rows (``import_run_id = ...``) names
a value, which the partial indexes' ``IS NOT NULL`` admits.
"""

import django.db.models.deletion
from django.db import migrations, models

class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0012_search_index_by_state'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='initiative',
            name='initiative_import_key_unique',
        ),
        migrations.AlterField(
            model_name='initiative',
            name='import_run',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='initiatives', to='submissions.importrun'),
        ),
        migrations.AddIndex(
            model_name='initiative',
            index=models.Index(condition=models.Q(('import_run__isnull', False)), fields=['import_run'], name='initiative_import_run'),
        ),
        migrations.AddConstraint(
            model_name='initiative',
            constraint=models.UniqueConstraint(condition=models.Q(('import_key__isnull', False)), fields=('import_key',), name='initiative_import_key_unique'),
        ),
    ]
