"""``User.sort_name``: the name's Vietnamese alphabetical order (given name first), in
collation "C", indexed with the id for the members list's keyset pages. Filled in batches."""

from django.db import migrations, models

from initiatives_portal.text import person_sort_key

BATCH = 5000


def fill_sort_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    last = 0
    while True:
        batch = list(User.objects.filter(pk__gt=last).order_by("pk").only("pk", "full_name")[:BATCH])
        if not batch:
            return
        for user in batch:
            user.sort_name = person_sort_key(user.full_name)
        User.objects.bulk_update(batch, ["sort_name"])
        last = batch[-1].pk


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
