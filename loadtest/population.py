"""The people of the load test, in the stack's database: created once, found again after.

Five upper-level unions of the demo tree, each with one of its grassroots unions: ten
workers in every grassroots union, an officer at each grassroots union (stage 1, verify)
and one at each upper union (stage 2, approve), and a federation staff account that reads
the national figures. Each officer is the only one of the load test at their stage and
unit, so no two simulated officers ever compete for the same initiative.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import asdict, dataclass

from django.db import transaction

from accounts.enums import SubmitterCategory
from accounts.models import User
from unions.appointments import appointment_grant
from unions.enums import ChangeSource, Role, UnitKind
from unions.models import Unit

FEDERATION_CODE = "TLD"
UNIT_PAIRS = 5
WORKERS_PER_UNIT = 10
# Phone numbers 099…: the demo data never generates them (it uses 091–098 and 0900…).
WORKER_PHONE = "099000{:04d}"
OFFICER_PHONE = "099001{:04d}"
STAFF_EMAIL = "loadtest-staff@congdoan.vn"
CATEGORIES = list(SubmitterCategory)


class PopulationError(Exception):
    """The stack's tree cannot hold the load test's people (no demo data loaded)."""


@dataclass(frozen=True)
class Account:
    """What a simulated user needs to log in, and what it does."""

    login: str
    role: str  # "worker", "verifier", "approver" or "staff"
    unit: str


def _unit_pairs() -> list[tuple[Unit, Unit]]:
    """The first upper unions of the tree (by path) that have a grassroots union, each with its first one."""
    pairs = []
    for upper in Unit.objects.filter(kind=UnitKind.UPPER, is_active=True).order_by("path").iterator():
        grassroots = (
            Unit.objects.filter(kind=UnitKind.GRASSROOTS, is_active=True, path__startswith=upper.path)
            .order_by("path")
            .first()
        )
        if grassroots is not None:
            pairs.append((upper, grassroots))
        if len(pairs) == UNIT_PAIRS:
            return pairs
    raise PopulationError(f"The tree has fewer than {UNIT_PAIRS} upper-level unions with a grassroots union.")


def _user_ensure(*, password: str, phone: str | None = None, email: str | None = None, **fields) -> User:
    """The user with this phone or e-mail, created if missing, whose password is ``password``."""
    user = User.objects.filter(phone=phone).first() if phone else User.objects.filter(email=email).first()
    if user is None:
        return User.objects.create_user(email=email, phone=phone, password=password, **fields)
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def population_ensure(password: str) -> list[Account]:
    """Create what is missing (idempotent) and return every account of the load test."""
    accounts: list[Account] = []
    numbers = itertools.count(1)
    with transaction.atomic():
        for index, (upper, grassroots) in enumerate(_unit_pairs(), start=1):
            for _ in range(WORKERS_PER_UNIT):
                number = next(numbers)
                phone = WORKER_PHONE.format(number)
                _user_ensure(
                    password=password, phone=phone, full_name=f"Người lao động {number:02d}", unit=grassroots,
                    category=CATEGORIES[number % len(CATEGORIES)], workplace=grassroots.name,
                    job_title="Kỹ thuật viên", is_direct_production_worker=number % 2 == 0,
                )
                accounts.append(Account(phone, "worker", grassroots.code))
            for role, unit, number in (("verifier", grassroots, index), ("approver", upper, UNIT_PAIRS + index)):
                phone = OFFICER_PHONE.format(number)
                officer = _user_ensure(password=password, phone=phone, full_name=f"Cán bộ công đoàn {number:02d}")
                appointment_grant(actor=None, user=officer, unit=unit, role=Role.OFFICER,
                                  source=ChangeSource.COMMAND, note="load test")
                accounts.append(Account(phone, role, unit.code))
        staff = _user_ensure(password=password, email=STAFF_EMAIL, full_name="Chuyên viên theo dõi tải")
        appointment_grant(actor=None, user=staff, unit=Unit.objects.get(code=FEDERATION_CODE), role=Role.STAFF,
                          source=ChangeSource.COMMAND, note="load test")
        accounts.append(Account(STAFF_EMAIL, "staff", FEDERATION_CODE))
    return accounts


def new_password() -> str:
    """A password for the load test's accounts, long and random enough for the validators."""
    return secrets.token_urlsafe(18)


def as_rows(accounts: list[Account]) -> list[dict[str, str]]:
    return [asdict(account) for account in accounts]
