"""The demo accounts, one per role, created through ``User.objects.create_user``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.enums import SubmitterCategory
from accounts.models import User
from unions.enums import Role
from unions.models import Appointment, Unit

from .campaign import (
    ACCOUNTS_SINCE,
    DEMO_GRASSROOTS,
    DEMO_OTHER_PROVINCE,
    DEMO_PASSWORD,
    DEMO_PROVINCE,
    DEMO_UPPER,
    DEMO_WORKER_PHONE,
    FEDERATION_CODE,
)
from .vocabulary import workplace_of


@dataclass(frozen=True)
class DemoAccount:
    """One demo account per role, with the unit it belongs to or is appointed at."""

    key: str
    role_label: str | Promise
    full_name: str
    phone: str | None = None
    email: str | None = None
    member_of: str | None = None
    category: str = ""
    job_title: str = ""
    qualification: str = ""
    is_direct_production_worker: bool = False
    holds_management_post: bool = False
    appointment: tuple[str, str] | None = None
    superuser: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        key="worker",
        role_label=_("Đoàn viên, người lao động"),
        full_name="Nguyễn Văn Hùng",
        phone=DEMO_WORKER_PHONE,
        member_of=DEMO_GRASSROOTS,
        category=SubmitterCategory.ENTERPRISE,
        job_title="Công nhân vận hành máy",
        qualification="Công nhân bậc 4/7",
        is_direct_production_worker=True,
    ),
    DemoAccount(
        key="grassroots_officer",
        role_label=_("Cán bộ công đoàn cơ sở"),
        full_name="Trần Thị Thu Hà",
        phone="0900000002",
        member_of=DEMO_GRASSROOTS,
        category=SubmitterCategory.UNION_OFFICIAL,
        job_title="Chủ tịch Công đoàn cơ sở",
        qualification="Cử nhân",
        holds_management_post=True,
        appointment=(DEMO_GRASSROOTS, Role.OFFICER),
    ),
    DemoAccount(
        key="upper_officer",
        role_label=_("Cán bộ công đoàn cấp trên trực tiếp cơ sở"),
        full_name="Lê Minh Tuấn",
        phone="0900000003",
        job_title="Trưởng Ban Tuyên giáo",
        appointment=(DEMO_UPPER, Role.OFFICER),
    ),
    DemoAccount(
        key="province_manager",
        role_label=_("Cán bộ LĐLĐ thành phố Hà Nội (quản lý)"),
        full_name="Phạm Thị Lan Anh",
        email="hanoi@congdoan.vn",
        job_title="Phó Trưởng Ban Tuyên giáo",
        appointment=(DEMO_PROVINCE, Role.MANAGER),
    ),
    DemoAccount(
        key="other_province_officer",
        role_label=_("Cán bộ LĐLĐ tỉnh Thanh Hóa"),
        full_name="Hoàng Văn Nam",
        email="thanhhoa@congdoan.vn",
        job_title="Chuyên viên Ban Tuyên giáo",
        appointment=(DEMO_OTHER_PROVINCE, Role.OFFICER),
    ),
    DemoAccount(
        key="federation_staff",
        role_label=_("Chuyên viên Tổng Liên đoàn"),
        full_name="Đỗ Thị Mai",
        email="tld@congdoan.vn",
        job_title="Chuyên viên Ban Tuyên giáo",
        appointment=(FEDERATION_CODE, Role.STAFF),
    ),
    DemoAccount(
        key="admin",
        role_label=_("Quản trị hệ thống"),
        full_name="Quản trị hệ thống",
        email="admin@congdoan.vn",
        superuser=True,
    ),
)


@dataclass(frozen=True)
class DemoCredential:
    """A line of the printed credentials table."""

    role: str
    login: str
    password: str
    unit: str


def _find_user(*, phone: str | None, email: str | None) -> User | None:
    """The user with this phone number or e-mail address, if any."""
    if phone:
        return User.objects.filter(phone=phone).first()
    return User.objects.filter(email=email).first()


def demo_accounts_create() -> tuple[dict[str, User], int]:
    """The demo accounts by key (created with ``create_user`` when missing) and how many were created."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=_account_unit_codes())}
    accounts: dict[str, User] = {}
    created = 0
    for spec in DEMO_ACCOUNTS:
        user = _find_user(phone=spec.phone, email=spec.email)
        if user is None:
            fields = {
                "phone": spec.phone,
                "full_name": spec.full_name,
                "unit": units.get(spec.member_of) if spec.member_of else None,
                "category": spec.category,
                "job_title": spec.job_title,
                "qualification": spec.qualification,
                "workplace": workplace_of(units[spec.member_of].name) if spec.member_of else "",
                "is_direct_production_worker": spec.is_direct_production_worker,
                "holds_management_post": spec.holds_management_post,
                "date_joined": ACCOUNTS_SINCE,
            }
            if spec.superuser:
                user = User.objects.create_superuser(email=spec.email, password=DEMO_PASSWORD, **fields)
            else:
                user = User.objects.create_user(email=spec.email, password=DEMO_PASSWORD, **fields)
            created += 1
        if spec.appointment:
            unit_code, role = spec.appointment
            appointment, new = Appointment.objects.active().get_or_create(user=user, unit=units[unit_code], role=role)
            if new:
                Appointment.objects.filter(pk=appointment.pk).update(granted_at=ACCOUNTS_SINCE)
        accounts[spec.key] = user
    return accounts, created


def _account_unit_codes() -> list[str]:
    """Codes of the units the demo accounts belong to or are appointed at."""
    codes = {spec.member_of for spec in DEMO_ACCOUNTS if spec.member_of}
    codes |= {spec.appointment[0] for spec in DEMO_ACCOUNTS if spec.appointment}
    return sorted(codes)


def demo_credentials() -> list[DemoCredential]:
    """The credentials table: role, log-in identifier, password and unit of each demo account."""
    units = dict(Unit.objects.filter(code__in=_account_unit_codes()).values_list("code", "name"))
    rows = []
    for spec in DEMO_ACCOUNTS:
        unit_code = spec.appointment[0] if spec.appointment else spec.member_of
        rows.append(
            DemoCredential(
                role=str(spec.role_label),
                login=spec.phone or spec.email or "",
                password=DEMO_PASSWORD,
                unit=units.get(unit_code, "—") if unit_code else "—",
            )
        )
    return rows
