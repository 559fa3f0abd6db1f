"""The database itself refuses to change or delete an appointment change, whatever code tries."""

from django.db import migrations

from initiatives_portal.db import forbid_updates_and_deletes


class Migration(migrations.Migration):
    dependencies = [("unions", "0002_appointment_change")]
    operations = [forbid_updates_and_deletes("unions_appointmentchange")]
