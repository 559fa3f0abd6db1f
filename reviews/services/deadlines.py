"""The review deadlines' settings: each phase's, and a unit's own shorter ones (``reviews.deadlines``)."""

from __future__ import annotations

import logging

from django.db import transaction

from campaign.models import Phase
from unions.models import Unit

from ..models import UnitDeadline

logger = logging.getLogger("reviews.services")


def phase_deadlines_set(*, phase: Phase, verify_days: int, approve_days: int, actor) -> Phase:
    """Set ``phase``'s stage 1 and stage 2 deadlines, in days (validated as the model says).

    Rewrites no initiative: due-ness is worked out when read, and the cached settings go
    once the change commits (``reviews.receivers``). Raises ``ValidationError``, writing nothing.
    """
    phase.verify_days, phase.approve_days = verify_days, approve_days
    phase.full_clean()
    with transaction.atomic():
        phase.save(update_fields=["verify_days", "approve_days"])
    logger.info("Phase %s deadlines set to %s and %s days by user %s", phase.code, verify_days, approve_days,
                actor.pk, extra={"event": "phase_deadlines_set", "phase": phase.code, "verify_days": verify_days,
                                 "approve_days": approve_days, "actor_id": actor.pk})
    return phase


def unit_deadline_set(*, unit: Unit, verify_days: int | None, approve_days: int | None, actor) -> UnitDeadline | None:
    """Set ``unit``'s own deadlines (None: keep the phase's); with neither, the unit has none.

    Records who changed them and when. Raises ``ValidationError`` (a deadline longer than
    every phase's), writing nothing.
    """
    with transaction.atomic():
        own = UnitDeadline.objects.select_for_update().filter(unit=unit).first()
        if verify_days is None and approve_days is None:
            if own is not None:
                own.delete()
            own = None
        else:
            own = own or UnitDeadline(unit=unit)
            own.verify_days, own.approve_days, own.changed_by = verify_days, approve_days, actor
            own.full_clean()
            own.save()
    logger.info("Unit %s own deadlines set to %s and %s days by user %s", unit.code, verify_days, approve_days,
                actor.pk, extra={"event": "unit_deadline_set", "unit": unit.code, "verify_days": verify_days,
                                 "approve_days": approve_days, "actor_id": actor.pk})
    return own
