"""The 2022 campaign as the demo data sets it up: dates, targets, demo codes and proportions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from accounts.enums import SubmitterCategory
from campaign.enums import PhaseCode
from submissions.enums import InitiativeStatus as S

# Demo accounts only: the password is printed at the end of every run.
DEMO_PASSWORD = "Demo@2022"  # noqa: S105
CAMPAIGN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH_SIZE = 1000

PROGRAMME_NAME = "1 triệu sáng kiến – nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch Covid-19"
PROGRAMME_STARTS_ON = dt.date(2022, 1, 8)
PROGRAMME_ENDS_ON = dt.date(2023, 9, 1)
PROGRAMME_TARGET = 1_000_000
PHASES: tuple[tuple[str, str, dt.date, dt.date, int], ...] = (
    (PhaseCode.PHASE_1, "Giai đoạn 1", dt.date(2022, 1, 8), dt.date(2022, 5, 31), 300_000),
    (PhaseCode.PHASE_2, "Giai đoạn 2", dt.date(2022, 6, 1), dt.date(2023, 9, 1), 700_000),
)
# (unit code, phase) → (assigned, self-set), from the campaign's published figures.
PUBLISHED_TARGETS: dict[tuple[str, str], tuple[int, int | None]] = {
    ("TLD", PhaseCode.PHASE_1): (300_000, None),
    ("TLD", PhaseCode.OVERALL): (1_000_000, None),
    ("P01", PhaseCode.PHASE_1): (52_000, None),
    ("P01", PhaseCode.OVERALL): (60_000, 130_000),
}
# Share of the national targets split among the other top-level units (the rest is a reserve).
TARGET_SPLIT_SHARE = 0.96

FEDERATION_CODE = "TLD"
DEMO_PROVINCE = "P01"  # Hà Nội
DEMO_OTHER_PROVINCE = "P38"  # Thanh Hóa
DEMO_UPPER = "P01-U001"
DEMO_GRASSROOTS = "P01-U001-G0001"
DEMO_WORKER_PHONE = "0900000001"

CATEGORY_WEIGHTS: dict[str, int] = {
    SubmitterCategory.PUBLIC_SERVICE: 55,
    SubmitterCategory.ENTERPRISE: 24,
    SubmitterCategory.UNION_OFFICIAL: 16,
    SubmitterCategory.CIVIL_SERVANT: 5,
}
STATUS_WEIGHTS: dict[str, int] = {
    S.DRAFT: 5,
    S.SUBMITTED: 18,
    S.VERIFIED: 12,
    S.APPROVED: 48,
    S.RETURNED: 6,
    S.REJECTED: 7,
    S.WITHDRAWN: 4,
}
# The demo worker's own initiatives, one in each state (a draft and a returned one first).
DEMO_WORKER_STATES: tuple[str, ...] = (
    S.DRAFT,
    S.RETURNED,
    S.SUBMITTED,
    S.VERIFIED,
    S.APPROVED,
    S.REJECTED,
    S.WITHDRAWN,
)
# Two submissions straddle the phase-1 deadline in local time ("as of 24:00 on 31/5/2022"):
# the second is on 31/5 in UTC but on 1/6, hence in phase 2, in Vietnam.
DEADLINE_MOMENTS: tuple[dt.datetime, ...] = (
    dt.datetime(2022, 5, 31, 23, 41, tzinfo=CAMPAIGN_TZ),
    dt.datetime(2022, 6, 1, 0, 17, tzinfo=CAMPAIGN_TZ),
)
EXEMPLARY_SHARE = 0.04
# Of the exemplary initiatives, those whose authors agreed to show them on the public showcase.
PUBLICATION_CONSENT_SHARE = 0.7
ON_BEHALF_SHARE = 0.12
CO_AUTHOR_SHARE = 0.3
BENEFIT_SHARE = 0.35
SUBMITTED_IN_PHASE_1_SHARE = 0.3


# Accounts registered in the week before the launch, appointments made then too.
ACCOUNTS_SINCE = dt.datetime(2022, 1, 4, 8, 0, tzinfo=CAMPAIGN_TZ)


class DemoDataError(Exception):
    """The demo data cannot be built (bad options, a unit list that does not import); ``message`` is shown."""

    def __init__(self, message: str) -> None:
        """Keep ``message`` (possibly lazy) for the command to show."""
        super().__init__(str(message))
        self.message = message
