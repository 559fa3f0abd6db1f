"""The stage clock of the initiatives already waiting or returned, replayed from their
decisions, and the queue's indexes of the waiting ones in the clock's order.

Non-atomic: each batch of initiatives (in id order) is its own short transaction, so a
table of 10 million rows is never locked for the whole backfill and a stopped run simply
starts again (each batch writes the same values again). The indexes are built after the
backfill, once.
"""

from django.db import migrations, transaction

from reviews.db_contracts import STAGE_CLOCK_INDEXES_DOWN, STAGE_CLOCK_INDEXES_UP
from reviews.deadlines import stage_clock_from_history

BATCH = 5000


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    last = 0
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, status, first_submitted_at, updated_at FROM submissions_initiative "
                "WHERE id > %s AND status IN ('submitted', 'verified', 'returned') ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            cursor.execute(
                "SELECT initiative_id, action, from_status, created_at FROM reviews_decision "
                "WHERE initiative_id = ANY(%s) ORDER BY initiative_id, created_at, id",
                [[row[0] for row in rows]],
            )
            history: dict[int, list] = {}
            for initiative_id, action, from_status, created_at in cursor.fetchall():
                history.setdefault(initiative_id, []).append((action, from_status, created_at))
            ids, since, waited = [], [], []
            for pk, status, first_submitted_at, updated_at in rows:
                stage_since, stage_waited = stage_clock_from_history(history.get(pk, []))
                if status == "returned":
                    stage_since = None
                elif stage_since is None:
                    # Waiting without a recorded arrival (rows written outside the state
                    # machine): since the submission, or the last change of a verified one.
                    stage_since = first_submitted_at if status == "submitted" else updated_at
                ids.append(pk)
                since.append(stage_since)
                waited.append(stage_waited)
            cursor.execute(
                "UPDATE submissions_initiative AS i SET stage_since = v.since, stage_waited = v.waited "
                "FROM unnest(%s::bigint[], %s::timestamptz[], %s::interval[]) AS v (id, since, waited) "
                "WHERE i.id = v.id",
                [ids, since, waited],
            )


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reviews", "0007_unit_own_deadline"),
        ("submissions", "0018_initiative_stage_clock"),
        ("campaign", "0002_phase_review_deadlines"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(_run(STAGE_CLOCK_INDEXES_UP), _run(STAGE_CLOCK_INDEXES_DOWN)),
    ]
