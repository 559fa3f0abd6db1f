"""Reports recorded as sent: the start of the period "since the last report".

A unit's staff record, on the report page, that a report on its figures went out (as of
which day, under which document number); who and when are stored with it. Rows are only
added: a report sent stays sent.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaign.selectors import current_programme
from initiatives_portal.text import nfc
from unions.models import Unit

from .models import SentReport
from .selectors import local_today

logger = logging.getLogger(__name__)


class SentReportError(Exception):
    """A report that cannot be recorded; ``message`` is the translated reason."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def sent_report_record(*, unit: Unit, as_of: dt.date, number: str, actor) -> SentReport:
    """Record that a report on ``unit``'s figures as of the end of ``as_of`` was sent.

    The day must lie within the programme and not after today (local). Raises
    ``SentReportError`` otherwise; the caller checks ``reports.record_sent_report``.
    """
    programme = current_programme()
    today = local_today()
    if as_of > today:
        raise SentReportError(_("Ngày số liệu của báo cáo (%(day)s) chưa đến.") % {
            "day": date_format(as_of, "SHORT_DATE_FORMAT")})
    if programme is not None and as_of < programme.starts_on:
        raise SentReportError(_("Ngày số liệu của báo cáo phải từ ngày %(start)s, ngày bắt đầu chương trình, trở đi.")
                              % {"start": date_format(programme.starts_on, "SHORT_DATE_FORMAT")})
    report = SentReport(unit=unit, as_of=as_of, number=" ".join(nfc(number).split()), recorded_by=actor)
    try:
        report.full_clean()
    except ValidationError as error:
        raise SentReportError(" ".join(error.messages)) from error
    report.save()
    logger.info("Report on unit %s as of %s recorded as sent by user %s", unit.code, as_of.isoformat(), actor.pk,
                extra={"event": "sent_report", "unit_id": unit.pk, "as_of": as_of.isoformat(), "actor_id": actor.pk})
    return report
