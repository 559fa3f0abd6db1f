"""The campaign calendar: the programme, its phases and the units' targets.

Below intake and review, which need ``phase_for_date`` for an initiative's first
submission, and below the reports, which measure progress against the targets. The
tables keep their first names (``reports_programme``, ``reports_phase``,
``reports_unittarget``): the models moved here from ``reports``, the rows did not.
"""
