"""The state machine's entries, registered with submissions (``submissions.workflow``).

Submissions sits below reviews and so cannot import it; ``ReviewsConfig.ready()`` calls
``register()`` so that submitting, withdrawing and an import's decisions go through
``services``, the only writer of a status.
"""

from submissions import workflow

from . import services
from .selectors.returns import return_notes


def register() -> None:
    """Give submissions the state machine's submit, insert-submitted, withdraw, import history
    and rules, and the notes of returned initiatives."""
    workflow.register(workflow.Workflow(
        submit=services.initiative_submit,
        insert_submitted=services.initiative_insert_submitted,
        withdraw=services.initiative_withdraw,
        import_history=services.import_history,
        import_rules=services.import_rules,
        return_notes=return_notes,
    ))
