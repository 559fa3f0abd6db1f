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

from submissions.db_contracts import SEARCH_BY_STATE_DOWN, SEARCH_BY_STATE_UP


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("submissions", "0011_unit_path_supplied_on_insert")]
    operations = [migrations.RunPython(_run(SEARCH_BY_STATE_UP), _run(SEARCH_BY_STATE_DOWN))]
