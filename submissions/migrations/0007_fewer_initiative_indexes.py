"""Fewer indexes on initiatives (each one costs every insert)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_aggregates'),
        ('submissions', '0006_initiative_unit_path'),
        ('unions', '0004_unit_change'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='initiative',
            name='entered_by',
            field=models.ForeignKey(blank=True, db_index=False, help_text='Trống khi sáng kiến được nhập từ tệp bằng lệnh quản trị.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='entered_initiatives', to=settings.AUTH_USER_MODEL, verbose_name='người nhập'),
        ),
        migrations.AlterField(
            model_name='initiative',
            name='import_key',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name='initiative',
            name='submitter',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='initiatives', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản tác giả'),
        ),
        migrations.AlterField(
            model_name='initiative',
            name='unit',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='initiatives', to='unions.unit', verbose_name='công đoàn cơ sở'),
        ),
        migrations.AddConstraint(
            model_name='initiative',
            constraint=models.UniqueConstraint(fields=('import_key',), name='initiative_import_key_unique'),
        ),
    ]
