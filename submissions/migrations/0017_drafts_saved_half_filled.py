"""A draft saves with a title alone: ``field`` may be empty until the initiative is submitted.

Dropping NOT NULL changes only the catalogue. The constraint that every initiative past
draft has a field is added ``NOT VALID`` (no scan under the table's lock) and then
validated, which reads the table without blocking writes: with 10 million rows the
initiatives are never locked for the length of a scan.
"""

import django.db.models.deletion
from django.db import migrations, models

CONSTRAINT = "initiative_submitted_has_field"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('submissions', '0016_phase_in_campaign'),
    ]

    operations = [
        # Django's own AlterField would drop the foreign key and add it back, checking every row
        # under a lock that blocks writes: only NOT NULL is dropped, in the catalogue.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='initiative',
                    name='field',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='initiatives', to='submissions.field', verbose_name='lĩnh vực'),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE submissions_initiative ALTER COLUMN field_id DROP NOT NULL",
                    "ALTER TABLE submissions_initiative ALTER COLUMN field_id SET NOT NULL",
                ),
            ],
        ),
        migrations.AlterField(
            model_name='initiative',
            name='summary',
            field=models.TextField(blank=True, max_length=2000, verbose_name='tóm tắt'),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddConstraint(
                    model_name='initiative',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'draft'), ('field__isnull', False), _connector='OR'), name=CONSTRAINT),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE submissions_initiative ADD CONSTRAINT {CONSTRAINT} "
                    "CHECK (status = 'draft' OR field_id IS NOT NULL) NOT VALID",
                    f"ALTER TABLE submissions_initiative DROP CONSTRAINT {CONSTRAINT}",
                ),
                migrations.RunSQL(f"ALTER TABLE submissions_initiative VALIDATE CONSTRAINT {CONSTRAINT}", migrations.RunSQL.noop),
            ],
        ),
    ]
