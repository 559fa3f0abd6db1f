"""New submission keys are time-ordered UUIDs (``submissions.models.new_submission_key``).

No change to the schema.
"""

from django.db import migrations, models

import submissions.models

class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0009_search_awaiting_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='initiative',
            name='submission_key',
            field=models.UUIDField(default=submissions.models.new_submission_key, editable=False, unique=True),
        ),
    ]
