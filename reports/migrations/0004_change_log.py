"""The figures' change log: its tables, and the triggers that fill it (reports.db_contracts)."""

from django.db import migrations, models

from reports.db_contracts import CHANGE_LOG_DOWN, CHANGE_LOG_UP


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0003_daily_figures'),
        ('submissions', '0007_fewer_initiative_indexes'),
        ('unions', '0004_unit_change'),
    ]

    operations = [
        migrations.CreateModel(
            name='FigureChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sign', models.SmallIntegerField()),
                ('unit_path', models.CharField(max_length=255)),
                ('submitted_on', models.DateField()),
                ('status', models.CharField(max_length=20)),
                ('field_id', models.BigIntegerField()),
                ('category', models.CharField(max_length=20)),
                ('holds_management_post', models.BooleanField()),
                ('is_direct_production_worker', models.BooleanField()),
                ('is_exemplary', models.BooleanField()),
                ('benefit_vnd', models.BigIntegerField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name='FullRecomputeRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(max_length=64)),
                ('requested_at', models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.AddField(
            model_name='aggregateset',
            name='changes_read',
            field=models.PositiveIntegerField(default=0, verbose_name='số thay đổi đã áp dụng'),
        ),
        migrations.AddField(
            model_name='aggregateset',
            name='full',
            field=models.BooleanField(default=True, verbose_name='tính lại toàn bộ'),
        ),
        migrations.RunPython(_run(CHANGE_LOG_UP), _run(CHANGE_LOG_DOWN)),
    ]
