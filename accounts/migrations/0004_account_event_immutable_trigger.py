"""The database itself refuses to change or delete an account event, whatever code tries."""

from django.db import migrations

from initiatives_portal.db import forbid_updates_and_deletes


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_lifecycle_and_personal_data")]
    operations = [forbid_updates_and_deletes("accounts_accountevent")]
