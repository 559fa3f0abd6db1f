"""Each approved initiative's local day of approval (``Initiative.approved_on``), from its
decisions: the day of the latest decision that moved it to the approved state, in the
portal's time zone (an imported one's is the day it was imported, its decisions' day).

In batches of initiative ids, each committed on its own (the migration is not atomic), so
that ten million initiatives never hold one long transaction nor one huge lock. Runs before
the figures' triggers log ``approved_on`` (reports' migration 0007 depends on this one), so
the backfill writes no change-log rows; the full recompute that migration asks for counts it.
"""

from django.conf import settings
from django.db import migrations, transaction

BATCH = 50_000


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    last = 0
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # Keyset batches over the approved initiatives (ids may be sparse).
            cursor.execute("SELECT id FROM submissions_initiative WHERE status = 'approved' AND id > %s "
                           "ORDER BY id LIMIT %s", [last, BATCH])
            ids = [pk for (pk,) in cursor.fetchall()]
            if not ids:
                return
            cursor.execute(
                "UPDATE submissions_initiative i SET approved_on = d.day "
                "FROM (SELECT initiative_id, (MAX(created_at) AT TIME ZONE %s)::date AS day "
                "      FROM reviews_decision WHERE initiative_id = ANY(%s) "
                "      AND to_status = 'approved' AND from_status <> 'approved' GROUP BY initiative_id) d "
                "WHERE i.id = d.initiative_id AND i.approved_on IS NULL",
                [settings.TIME_ZONE, ids],
            )
            last = ids[-1]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reviews", "0008_stage_clock_backfill"),
        ("submissions", "0019_initiative_approved_on"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
