"""Signals of the campaign calendar, for the apps above it to react to."""

from django.dispatch import Signal

# Targets were created, changed or removed in bulk (no model signal is sent): the figures
# that read them (reports' cached dashboards) must be rebuilt. Sent by the writers of
# ``campaign.services`` with ``unit_ids``, the units whose targets changed.
targets_changed = Signal()
