"""Reads of initiatives, always scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from unions import selectors as unit_selectors

from .enums import InitiativeStatus
from .models import Initiative


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
