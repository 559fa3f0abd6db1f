"""The unit tree's closure table goes: a full recompute rolls the initiatives up along their
unit paths (a ROLLUP of the path's prefixes) and never read it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_change_log"),
    ]

    operations = [
        migrations.DeleteModel(
            name="UnitAncestor",
        ),
    ]
