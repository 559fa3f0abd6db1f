from django.db import migrations, models

from recognition.showcase_contracts import DETAIL_DOWN, DETAIL_UP


class Migration(migrations.Migration):

    dependencies = [
        ('recognition', '0003_showcase_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='showcaseentry',
            name='stamp',
            field=models.BigIntegerField(db_default=0, default=0, editable=False),
        ),
        # The triggers that raise it. ShowcaseEntry is small (the exemplary initiatives); the
        # triggers on co-authors, files and initiatives are added without rewriting them.
        migrations.RunSQL(DETAIL_UP, DETAIL_DOWN),
    ]
