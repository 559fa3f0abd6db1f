"""The backlog's change log: the stage clock and phase logged with the figures' values, the
decisions logged as they are written, and a full run asked for when a deadline setting changes
or an initiative changes unit (reports.db_contracts). Adds two nullable columns to the small
log table and replaces trigger functions: nothing rewrites the initiatives."""

from django.db import migrations, models

from reports.db_contracts import BACKLOG_LOG_DOWN, BACKLOG_LOG_UP


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0009_digests'),
        ('reviews', '0010_decision_time_given'),
        ('campaign', '0002_phase_review_deadlines'),
    ]

    operations = [
        migrations.CreateModel(
            name='DecisionChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision_id', models.BigIntegerField()),
            ],
        ),
        migrations.AddField(
            model_name='figurechange',
            name='phase_id',
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='figurechange',
            name='stage_since',
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(_run(BACKLOG_LOG_UP), _run(BACKLOG_LOG_DOWN)),
    ]
