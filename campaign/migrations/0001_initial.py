"""The programme, phases and unit targets move here from ``reports``; their tables stay.

The tables were created by ``reports.0001_initial`` and keep their names (``db_table``),
so this migration only tells Django's model state where the models live now
(``reports.0006`` removes them from ``reports``' state) and renames their content types,
so permissions and admin history granted on them carry over.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("programme", "phase", "unittarget")


def content_types_follow(apps, schema_editor):
    """Relabel the moved models' content types (on a database that had them) instead of adding new ones."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="campaign", model=model).exists():
            ContentType.objects.filter(app_label="reports", model=model).update(app_label="campaign")


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="reports", model=model).exists():
            ContentType.objects.filter(app_label="campaign", model=model).update(app_label="reports")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('reports', '0005_drop_unit_ancestor'),
        ('unions', '0006_unit_search_name_unbounded'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Programme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, verbose_name='tên chương trình')),
                        ('starts_on', models.DateField(verbose_name='ngày bắt đầu')),
                        ('ends_on', models.DateField(verbose_name='ngày kết thúc')),
                        ('target', models.PositiveIntegerField(verbose_name='chỉ tiêu toàn chương trình')),
                    ],
                    options={
                        'db_table': 'reports_programme',
                        'verbose_name': 'chương trình',
                        'verbose_name_plural': 'chương trình',
                    },
                ),
                migrations.CreateModel(
                    name='Phase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(choices=[('phase-1', 'Giai đoạn 1'), ('phase-2', 'Giai đoạn 2')], max_length=16, unique=True, verbose_name='mã giai đoạn')),
                        ('name', models.CharField(max_length=255, verbose_name='tên giai đoạn')),
                        ('starts_on', models.DateField(verbose_name='từ ngày')),
                        ('ends_on', models.DateField(verbose_name='đến hết ngày')),
                        ('target', models.PositiveIntegerField(verbose_name='chỉ tiêu')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='phases', to='campaign.programme')),
                    ],
                    options={
                        'db_table': 'reports_phase',
                        'verbose_name': 'giai đoạn',
                        'verbose_name_plural': 'giai đoạn',
                        'ordering': ['starts_on'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='phase_dates_ordered')],
                    },
                ),
                migrations.CreateModel(
                    name='UnitTarget',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phase', models.CharField(choices=[('phase-1', 'Giai đoạn 1'), ('phase-2', 'Giai đoạn 2'), ('overall', 'Toàn chương trình')], max_length=16, verbose_name='giai đoạn')),
                        ('assigned', models.PositiveIntegerField(verbose_name='chỉ tiêu được giao')),
                        ('self_set', models.PositiveIntegerField(blank=True, null=True, verbose_name='chỉ tiêu tự đặt')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='unions.unit', verbose_name='đơn vị')),
                    ],
                    options={
                        'db_table': 'reports_unittarget',
                        'verbose_name': 'chỉ tiêu đơn vị',
                        'verbose_name_plural': 'chỉ tiêu đơn vị',
                        'constraints': [models.UniqueConstraint(fields=('unit', 'phase'), name='unit_target_once_per_phase')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
