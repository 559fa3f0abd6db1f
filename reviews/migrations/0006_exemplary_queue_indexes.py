"""The exemplary initiatives' own indexes, in queue order, for the queue's exemplary filter.

Exemplary is a mark on a few approved initiatives: without these, the filter walked a
province's every approved initiative, reading each one's row for its mark.
"""

from django.db import migrations

from reviews.db_contracts import EXEMPLARY_QUEUE_DOWN, EXEMPLARY_QUEUE_UP


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0005_email_state_label"),
        ("submissions", "0016_phase_in_campaign"),
    ]

    operations = [migrations.RunPython(_run(EXEMPLARY_QUEUE_UP), _run(EXEMPLARY_QUEUE_DOWN))]
