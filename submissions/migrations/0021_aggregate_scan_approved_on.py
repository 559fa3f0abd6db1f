"""The recompute's covering index (``initiative_aggregate_scan``) also holds ``approved_on``, so
the full run and the nightly check read the index alone (``submissions.db_contracts``).
Not atomic: the index is built concurrently, writers go on meanwhile."""

from django.db import migrations

from submissions.db_contracts import AGGREGATE_SCAN_DOWN, AGGREGATE_SCAN_UP


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("submissions", "0020_publication_consent"),
    ]

    operations = [
        migrations.RunSQL(AGGREGATE_SCAN_UP, AGGREGATE_SCAN_DOWN),
    ]
