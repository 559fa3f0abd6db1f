"""``Initiative.phase`` points at ``campaign.Phase``: the same table, so only the state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaign', '0001_initial'),
        ('submissions', '0015_coauthor_account'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='initiative',
                    name='phase',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='campaign.phase', verbose_name='giai đoạn'),
                ),
            ],
            database_operations=[],
        ),
    ]
