"""Two indexes fewer on initiatives, both served by others on PostgreSQL: a unit's initiatives
by state by ``initiative_queue_unit`` (unit, state, time, id), a range of submission days by
``initiative_aggregate_scan`` (the submitted ones' days). Each insert, a worker's or one of
an import's 100.000 rows, maintained both for no reader.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0007_fewer_initiative_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='initiative',
            name='initiative_unit_status',
        ),
        migrations.RemoveIndex(
            model_name='initiative',
            name='initiative_submitted_on',
        ),
    ]
