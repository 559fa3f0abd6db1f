"""The programme, phases and unit targets now belong to ``campaign`` (``campaign.0001``).

State only: the tables stay where they are, under their first names, and keep their rows.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('campaign', '0001_initial'),
        ('reports', '0005_drop_unit_ancestor'),
        ('submissions', '0016_phase_in_campaign'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='UnitTarget'),
                migrations.DeleteModel(name='Phase'),
                migrations.DeleteModel(name='Programme'),
            ],
            database_operations=[],
        ),
    ]
