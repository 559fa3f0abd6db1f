"""``Unit.sort_name``: the name's Vietnamese alphabetical order, in collation "C", indexed.

Filled in batches of 1.000 by primary key (about 130.000 units nationally), each batch one UPDATE:
the statement trigger that looks for moved units joins a statement's old and new rows, so its
cost grows with the square of the rows one statement changes.
"""

from django.db import connection, migrations, models

from initiatives_portal.text import sort_key

BATCH = 1000


def fill_sort_names(apps, schema_editor):
    Unit = apps.get_model("unions", "Unit")
    table = Unit._meta.db_table
    last = 0
    while True:
        rows = list(Unit.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "name")[:BATCH])
        if not rows:
            return
        # One UPDATE a batch, joined to the keys as arrays (a CASE per row would grow with the batch).
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET sort_name = v.key FROM unnest(%s::bigint[], %s::text[]) AS v(id, key) "  # noqa: S608
                f"WHERE {table}.id = v.id",
                [[pk for pk, _name in rows], [sort_key(name) for _pk, name in rows]],
            )
        last = rows[-1][0]


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
