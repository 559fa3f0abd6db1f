"""``Unit.search_name`` becomes text of any length, without its B-tree index: folding may
make a name longer than the old 300 characters, and a word searched inside it cannot use
the index anyway."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("unions", "0005_unit_search_trigram_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="search_name",
            field=models.TextField(editable=False),
        ),
    ]
