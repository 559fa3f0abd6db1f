"""A co-author may be linked to their account, so that they never review the initiative.

The index holds the linked co-authors only: imported ones (most of them) have none.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('submissions', '0014_unit_path_returned_by_insert'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='coauthor',
            name='account',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='co_authored_initiatives', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản đồng tác giả'),
        ),
        migrations.AddIndex(
            model_name='coauthor',
            index=models.Index(condition=models.Q(('account__isnull', False)), fields=['account'], name='coauthor_account'),
        ),
    ]
