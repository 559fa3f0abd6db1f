"""Demo data for the 2022 campaign: the union tree, the programme, accounts and initiatives.

Everything is drawn from ``random.Random`` streams seeded with ``seed`` and placed at
fixed dates of the 2022–2023 campaign, so one seed always gives the same data. A second
run finds what is already there (units by code, users by phone or e-mail, targets by
unit and phase, the demo initiatives by their author) and adds nothing.

``demo_seed`` runs it all (``manage.py seed_demo``); the modules beside it hold the parts:
``tree`` (units, through ``unions.services.units_import``), ``programme`` (programme,
phases, targets), ``accounts`` (one account per role), ``initiatives`` (initiatives and
their review history) and ``vocabulary`` (the words it is all written with).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from submissions.models import Initiative
from unions.services import UnitImportReport

from .accounts import DemoCredential, demo_accounts_create, demo_credentials
from .campaign import DEMO_PASSWORD, DemoDataError
from .initiatives import InitiativeStats, demo_initiatives_create
from .programme import demo_clusters_create, demo_programme_create, demo_targets_create
from .showcase import demo_replications_create
from .tree import demo_unit_rows, demo_units_import

__all__ = [
    "DEMO_PASSWORD",
    "DemoCredential",
    "DemoDataError",
    "DemoReport",
    "InitiativeStats",
    "demo_seed",
    "demo_unit_rows",
]


@dataclass(frozen=True)
class DemoReport:
    """What ``demo_seed`` did, and the credentials of the demo accounts."""

    units: UnitImportReport
    targets_created: int
    accounts_created: int
    initiatives: InitiativeStats | None
    credentials: list[DemoCredential]


def demo_seed(*, initiatives: int = 3000, seed: int = 2022, units: int = 1500) -> DemoReport:
    """Load the demo data: tree, programme, targets, accounts and (once) the initiatives.

    Idempotent: units are matched by code, users by phone or e-mail, targets by unit and
    phase, and the initiatives are generated only if the demo worker has none yet.
    Everything happens in one transaction.
    """
    if initiatives < 0:
        raise DemoDataError(_("Số sáng kiến cần tạo không được âm."))
    if units < 1:
        raise DemoDataError(_("Cần tạo ít nhất một công đoàn cơ sở."))
    with transaction.atomic():
        unit_report = demo_units_import(seed=seed, grassroots=units)
        phases = demo_programme_create()
        targets_created = demo_targets_create()
        demo_clusters_create()
        accounts, accounts_created = demo_accounts_create()
        stats = None
        if not Initiative.objects.filter(submitter=accounts["worker"]).exists():
            stats = demo_initiatives_create(seed=seed, count=initiatives, accounts=accounts, phases=phases)
            demo_replications_create(seed=seed, recorded_by=accounts["federation_staff"])
    return DemoReport(
        units=unit_report,
        targets_created=targets_created,
        accounts_created=accounts_created,
        initiatives=stats,
        credentials=demo_credentials(),
    )
