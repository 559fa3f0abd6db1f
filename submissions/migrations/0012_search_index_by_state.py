"""The words' full-text index split by state: each searchable initiative is in exactly one.

Until now every initiative was in the index of all words (``initiative_search_words``)
and one awaiting a decision in the awaiting index too (0009): a new initiative, whether
submitted through the form or imported, paid for two GIN entries per word, a quarter of
a large import's time at 10 million initiatives. The queue searches one state per branch
(``reviews.selectors.queue_branches``): ``status = 'approved'`` proves the predicate of
the decided index as ``status = 'submitted'`` proves the awaiting one's, and a search of
several states at once is a BitmapOr of the two. Drafts, never searched, are in neither.
"""

from django.db import migrations

POSTGRES_UP = [
    "CREATE INDEX IF NOT EXISTS initiative_search_decided ON submissions_initiative "
    "USING gin (search_vector) WHERE status IN ('approved', 'returned', 'rejected', 'withdrawn')",
    "DROP INDEX IF EXISTS initiative_search_words",
]
POSTGRES_DOWN = [
    "CREATE INDEX IF NOT EXISTS initiative_search_words ON submissions_initiative USING gin (search_vector)",
    "DROP INDEX IF EXISTS initiative_search_decided",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("submissions", "0011_unit_path_supplied_on_insert")]
    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
