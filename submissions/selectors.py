"""Reads of initiatives, always scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from unions import selectors as unit_selectors
from unions.models import Unit

from .enums import InitiativeStatus
from .models import SUBMIT_REQUIRED, Initiative


def initiatives_of(user) -> QuerySet[Initiative]:
    """A worker's own initiatives and those an officer entered on someone's behalf."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    return Initiative.objects.filter(Q(submitter=user) | Q(entered_by=user))


def initiatives_visible_to(user) -> QuerySet[Initiative]:
    """Everything ``user`` may open: their own, plus non-draft initiatives of their subtrees."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    own = Q(submitter=user) | Q(entered_by=user)
    if user.is_superuser:
        return Initiative.objects.filter(own | ~Q(status=InitiativeStatus.DRAFT))
    scopes = unit_selectors.scope_units(user)
    if not scopes:
        return Initiative.objects.filter(own)
    in_scope = unit_selectors.subtrees_q(scopes, prefix="unit__") & ~Q(status=InitiativeStatus.DRAFT)
    return Initiative.objects.filter(own | in_scope)


def initiative_for_detail(user, pk: int) -> Initiative | None:
    """The initiative ``pk`` with what its page shows, or None when ``user`` may not see it."""
    return (
        initiatives_visible_to(user)
        .select_related("unit", "field", "submitter", "entered_by", "phase")
        .filter(pk=pk)
        .first()
    )


def initiative_missing_for_submit(initiative: Initiative) -> list[str]:
    """What ``initiative`` still lacks to be submitted, as the names shown to people; empty when complete.

    The form says the same field by field; this is the state machine's check, for a draft
    saved half-filled and submitted from its page (one query: the co-authors' shares).
    """
    missing = []
    for name in SUBMIT_REQUIRED:
        model_field = Initiative._meta.get_field(name)
        value = getattr(initiative, model_field.attname)
        if value is None or value == "":
            missing.append(str(capfirst(model_field.verbose_name)))
    shares = initiative.co_authors.aggregate(total=Sum("contribution"))["total"] or Decimal("0")
    if initiative.author_contribution + shares != Decimal("100"):
        missing.append(str(_("tổng tỷ lệ đóng góp của tác giả và các đồng tác giả bằng 100%")))
    return missing


# The usual time each review stage takes: the campaign's default deadlines, in local days
# from the initiative's arrival at the stage (the grassroots union verifies, the union
# above it approves).
VERIFY_DAYS = 10
APPROVE_DAYS = 15


@dataclass(frozen=True)
class Receipt:
    """What a submission's receipt says: when it was sent and who reviews it next."""

    submitted_at: dt.datetime
    verifying_unit: Unit
    approving_unit: Unit | None
    verify_days: int = VERIFY_DAYS
    approve_days: int = APPROVE_DAYS


def initiative_receipt(initiative: Initiative) -> Receipt | None:
    """The receipt of ``initiative``'s latest submission, or None while it was never submitted.

    Two queries: the time of the latest (re)submission and the unit above its grassroots union.
    """
    if initiative.first_submitted_at is None:
        return None
    latest = (
        initiative.decisions.filter(to_status=InitiativeStatus.SUBMITTED)
        .order_by("-id")
        .values_list("created_at", flat=True)
        .first()
    )
    ancestors = unit_selectors.ancestors_of(initiative.unit)
    return Receipt(
        submitted_at=latest or initiative.first_submitted_at,
        verifying_unit=initiative.unit,
        approving_unit=ancestors[-1] if ancestors else None,
    )


def publication_consent_changes(initiative: Initiative) -> list:
    """Every change of ``initiative``'s publication consent, oldest first, with who made it."""
    from .models import PublicationConsentChange

    return list(PublicationConsentChange.objects.filter(initiative=initiative).select_related("changed_by"))
