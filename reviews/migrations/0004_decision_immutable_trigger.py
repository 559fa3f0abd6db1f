"""The database itself refuses to change or delete a decision, whatever code tries."""

from django.db import migrations

from initiatives_portal.db import forbid_updates_and_deletes


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_notifications")]
    operations = [forbid_updates_and_deletes("reviews_decision")]
