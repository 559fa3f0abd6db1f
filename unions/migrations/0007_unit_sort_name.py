"""``Unit.sort_name``: the name's Vietnamese alphabetical order, in collation "C", indexed.

Filled in batches by primary key (about 130.000 units nationally), each batch one UPDATE.
"""

from django.db import migrations, models

from initiatives_portal.text import sort_key

BATCH = 5000


def fill_sort_names(apps, schema_editor):
    Unit = apps.get_model("unions", "Unit")
    last = 0
    while True:
        batch = list(Unit.objects.filter(pk__gt=last).order_by("pk").only("pk", "name")[:BATCH])
        if not batch:
            return
        for unit in batch:
            unit.sort_name = sort_key(unit.name)
        Unit.objects.bulk_update(batch, ["sort_name"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("unions", "0006_unit_search_name_unbounded"),
    ]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="sort_name",
            field=models.TextField(db_collation="C", default="", editable=False),
        ),
        migrations.RunPython(fill_sort_names, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="unit",
            index=models.Index(fields=["sort_name", "code"], name="unit_sort_name"),
        ),
    ]
