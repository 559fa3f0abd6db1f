"""Aggregates become daily figures kept up to date in place, instead of running totals per set.

The rows of the old sets cannot be read the new way: they are removed with their sets, and
the next recompute (within a minute under beat; `make setup` runs one) writes the new rows.
"""

import django.db.models.deletion
from django.db import migrations, models


def forget_old_figures(apps, schema_editor):
    for name in ("DailyCount", "FieldDailyCount", "AggregateSet"):
        apps.get_model("reports", name).objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_aggregates'),
        ('submissions', '0007_fewer_initiative_indexes'),
        ('unions', '0004_unit_change'),
    ]

    operations = [
        migrations.RunPython(forget_old_figures, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(
            model_name='dailycount',
            name='daily_count_lookup',
        ),
        migrations.RemoveIndex(
            model_name='fielddailycount',
            name='field_daily_count_lookup',
        ),
        migrations.RemoveField(
            model_name='dailycount',
            name='set',
        ),
        migrations.RemoveField(
            model_name='fielddailycount',
            name='set',
        ),
        migrations.AddField(
            model_name='aggregateset',
            name='rows_changed',
            field=models.PositiveIntegerField(default=0, verbose_name='số dòng thay đổi'),
        ),
        migrations.AlterField(
            model_name='dailycount',
            name='unit',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unions.unit'),
        ),
        migrations.AlterField(
            model_name='fielddailycount',
            name='field',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='submissions.field'),
        ),
        migrations.AlterField(
            model_name='fielddailycount',
            name='unit',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unions.unit'),
        ),
        migrations.AddConstraint(
            model_name='dailycount',
            constraint=models.UniqueConstraint(fields=('unit', 'day'), name='daily_count_key'),
        ),
        migrations.AddConstraint(
            model_name='fielddailycount',
            constraint=models.UniqueConstraint(fields=('unit', 'day', 'field'), name='field_daily_count_key'),
        ),
    ]
