"""The period figures: approvals by local day of approval (``ApprovalDailyCount``), the day of
approval in the change log and its triggers (reports.db_contracts ``APPROVAL_LOG_UP``), and the
reports recorded as sent ("since the last report")."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from reports.db_contracts import APPROVAL_LOG_DOWN, APPROVAL_LOG_UP


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_calendar_to_campaign'),
        ('unions', '0007_unit_sort_name'),
        # Approval days backfilled before the triggers log them: the backfill logs nothing.
        ('reviews', '0009_backfill_approved_on'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='figurechange',
            name='approved_on',
            field=models.DateField(null=True),
        ),
        migrations.CreateModel(
            name='ApprovalDailyCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('approved', models.PositiveIntegerField(default=0)),
                ('unit', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='unions.unit')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('unit', 'day'), name='approval_daily_count_key')],
            },
        ),
        migrations.CreateModel(
            name='SentReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('as_of', models.DateField(verbose_name='số liệu tính đến hết ngày')),
                ('number', models.CharField(blank=True, max_length=64, verbose_name='số văn bản')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm ghi nhận')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người ghi nhận')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='unions.unit', verbose_name='đơn vị')),
            ],
            options={
                'verbose_name': 'báo cáo đã gửi',
                'verbose_name_plural': 'các báo cáo đã gửi',
                'indexes': [models.Index(fields=['unit', '-as_of', '-id'], name='sent_report_latest')],
            },
        ),
        migrations.RunPython(_run(APPROVAL_LOG_UP), _run(APPROVAL_LOG_DOWN)),
    ]
