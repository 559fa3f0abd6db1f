"""Recording (and withdrawing) awards to collectives."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.enums import PhaseCode
from unions.models import Unit

from .enums import AwardKind
from .models import CollectiveAward
from .rules import awarding_unit_for
from .selectors import unit_awards_changed


class AwardError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def award_record(*, actor, unit: Unit, phase: str, decision_number: str, decided_on: dt.date,
                 kind: str = AwardKind.CERTIFICATE_OF_MERIT) -> CollectiveAward:
    """Record that ``unit`` was awarded for ``phase`` by decision ``decision_number`` of ``decided_on``.

    ``actor`` must be a manager or staff of a province, sector or the federation above the
    unit; the award is recorded as given by the closest such unit. One award of a kind per
    unit, phase and awarding unit.
    """
    awarding = awarding_unit_for(actor, unit)
    if awarding is None:
        raise AwardError(_("Bạn không được ghi nhận khen thưởng cho đơn vị này."))
    if phase not in (PhaseCode.PHASE_1, PhaseCode.PHASE_2):
        raise AwardError(_("Giai đoạn không hợp lệ."))
    if not decision_number.strip():
        raise AwardError(_("Cần số quyết định khen thưởng."))
    if decided_on > timezone.localdate():
        raise AwardError(_("Ngày quyết định không thể sau hôm nay."))
    try:
        with transaction.atomic():
            award = CollectiveAward(unit=unit, phase=phase, kind=kind, decision_number=decision_number.strip(),
                                    decided_on=decided_on, awarded_by=awarding, recorded_by=actor)
            award.full_clean(validate_constraints=False)
            award.save()
            unit_awards_changed(unit.pk)
    except IntegrityError:
        raise AwardError(_("Đơn vị này đã được ghi nhận khen thưởng cho giai đoạn này.")) from None
    return award


def award_withdraw(*, actor, award: CollectiveAward, reason: str) -> CollectiveAward:
    """Withdraw an award recorded by mistake, with the reason; the row stays as the record."""
    if not reason.strip():
        raise AwardError(_("Hãy ghi rõ lý do gỡ bỏ."))
    if awarding_unit_for(actor, award.unit) is None:
        raise AwardError(_("Bạn không được ghi nhận khen thưởng cho đơn vị này."))
    with transaction.atomic():
        changed = CollectiveAward.objects.filter(pk=award.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=actor, withdrawal_reason=reason.strip()[:500])
        if changed != 1:
            raise AwardError(_("Khen thưởng này đã được gỡ bỏ."))
        unit_awards_changed(award.unit_id)
    award.refresh_from_db()
    return award
