from django.db import migrations, models

from recognition.showcase_contracts import MEMBERS_DOWN, MEMBERS_UP


class Migration(migrations.Migration):

    dependencies = [
        ('recognition', '0004_showcase_entry_stamp'),
    ]

    operations = [
        migrations.AddField(
            model_name='showcaseversion',
            name='members',
            field=models.BigIntegerField(default=0),
        ),
        # Its default, the row's first value and the triggers that raise it (one row; a
        # trigger on the small ShowcaseEntry).
        migrations.RunSQL(MEMBERS_UP, MEMBERS_DOWN),
    ]
