"""``User.sort_name``: the name's Vietnamese alphabetical order (given name first), in
collation "C", indexed with the id for the members list's keyset pages. Filled in batches."""

from django.db import connection, migrations, models

from initiatives_portal.text import person_sort_key

BATCH = 1000


def fill_sort_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    table = User._meta.db_table
    last = 0
    while True:
        rows = list(User.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "full_name")[:BATCH])
        if not rows:
            return
        # One UPDATE a batch, joined to the keys as arrays (a CASE per row would grow with the batch).
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET sort_name = v.key FROM unnest(%s::bigint[], %s::text[]) AS v(id, key) "  # noqa: S608
                f"WHERE {table}.id = v.id",
                [[pk for pk, _name in rows], [person_sort_key(name) for _pk, name in rows]],
            )
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_session_generation"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="sort_name",
            field=models.TextField(blank=True, db_collation="C", default="", editable=False),
        ),
        migrations.RunPython(fill_sort_names, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(fields=["sort_name", "id"], name="user_sort_name"),
        ),
    ]
