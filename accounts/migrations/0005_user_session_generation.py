"""A counter in each session's account hash: raising it ends all of an account's sessions."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_account_event_immutable_trigger'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='session_generation',
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
    ]
