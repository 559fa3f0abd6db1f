"""Certificates that can be checked: their codes, issuing one and checking one.

A certificate is issued the first time someone allowed to download it does (the approved
initiative's author, a co-author with an account, an officer or staff member in scope):
the code must exist before a QR code can point to it, and nothing is written for the
millions of approved initiatives nobody prints. Each later download prints the same code
while the certificate stays valid. Validity is read, never stored: from the initiative's
status and mark, and from the decisions (immutable) that took them away.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.enums import Action
from reviews.models import Decision
from submissions.enums import InitiativeStatus
from submissions.models import Initiative
from unions.models import Unit

from .showcase_models import Certificate, CertificateKind

# Crockford's base 32: digits and upper-case letters without I, L, O and U, so a code read
# aloud or typed from paper is not mistaken. 12 characters are 60 random bits: guessing one
# valid code among even millions of certificates takes about 2^38 tries.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP = 4
# What people type for the letters left out.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—.]+")


class CertificateError(Exception):
    """A certificate that cannot be issued; ``message`` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def new_code() -> str:
    """A fresh random code from the operating system's generator (not derived from any id)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """The code as printed and shown: groups of four joined by dashes (ABCD-EFGH-JKMN)."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(text: str | None) -> str | None:
    """The stored form of a code as typed or scanned (any case, dashes or spaces, O for 0,
    I or L for 1); None when it cannot be a code."""
    if not text:
        return None
    code = _SEPARATORS.sub("", text).upper().translate(_READ_AS)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _granted_on(initiative: Initiative, kind: str) -> dt.date:
    """The day of the decision the certificate attests: the approval, or the (latest) mark."""
    action = Action.MARK_EXEMPLARY if kind == CertificateKind.EXEMPLARY else Action.APPROVE
    moment = (
        Decision.objects.filter(initiative=initiative, action=action).order_by("-id").values_list("created_at", flat=True)
        .first()
    )
    if moment is None:
        # Imported as approved from an earlier system: its decisions carry the import's time.
        moment = Decision.objects.filter(initiative=initiative, to_status=InitiativeStatus.APPROVED).order_by(
            "-id"
        ).values_list("created_at", flat=True).first()
    return _local_day(moment or initiative.updated_at)


def _eligible(initiative: Initiative, kind: str) -> bool:
    if initiative.status != InitiativeStatus.APPROVED:
        return False
    return kind == CertificateKind.APPROVED or initiative.is_exemplary


def certificate_issue(*, initiative: Initiative, kind: str, by) -> Certificate:
    """The certificate to print for ``initiative``: the one issued before while it is still
    valid, else a new one with a fresh code (so a certificate withdrawn with the mark stays
    withdrawn even if the initiative is marked again). ``by`` is who downloads it first.

    Raises ``CertificateError`` when the initiative is not (or no longer) approved, or not
    exemplary for an exemplary certificate. The caller checks the permission.
    """
    if kind not in CertificateKind.values:
        raise CertificateError(_("Loại giấy chứng nhận không hợp lệ."))
    if not _eligible(initiative, kind):
        if kind == CertificateKind.EXEMPLARY:
            raise CertificateError(_("Chỉ sáng kiến tiêu biểu mới có giấy chứng nhận sáng kiến tiêu biểu."))
        raise CertificateError(_("Chỉ sáng kiến đã được công nhận mới có giấy chứng nhận."))
    latest = Certificate.objects.filter(initiative=initiative, kind=kind).order_by("-id").first()
    if latest is not None and certificate_check(latest).valid:
        return latest
    granted_on = _granted_on(initiative, kind)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    initiative=initiative, kind=kind, code=new_code(), granted_on=granted_on, issued_by=by
                )
        except IntegrityError:
            continue  # a code already taken: about one chance in 2^40, draw again
    raise RuntimeError("Could not draw a free certificate code")


@dataclass(frozen=True)
class CertificateCheck:
    """What the verification page says of one certificate."""

    certificate: Certificate
    valid: bool
    revoked_on: dt.date | None
    title: str
    authors: list[str]
    unit_name: str
    branch_name: str

    @property
    def code(self) -> str:
        return format_code(self.certificate.code)


def _revoked_on(certificate: Certificate, initiative: Initiative) -> dt.date | None:
    """The day the certificate stopped being valid, None while it is valid."""
    issued = certificate.issued_at
    if certificate.kind == CertificateKind.EXEMPLARY:
        unmark = (
            Decision.objects.filter(initiative=initiative, action=Action.UNMARK_EXEMPLARY, created_at__gt=issued)
            .order_by("id").values_list("created_at", flat=True).first()
        )
        if unmark is not None:
            return _local_day(unmark)
    if initiative.status == InitiativeStatus.APPROVED and (
        certificate.kind == CertificateKind.APPROVED or initiative.is_exemplary
    ):
        return None
    left = (
        Decision.objects.filter(initiative=initiative, from_status=InitiativeStatus.APPROVED, created_at__gt=issued)
        .exclude(to_status=InitiativeStatus.APPROVED).order_by("id").values_list("created_at", flat=True).first()
    )
    return _local_day(left or initiative.updated_at)


def certificate_check(certificate: Certificate) -> CertificateCheck:
    """Whether ``certificate`` is valid now and what it attests (title, authors' names, unit)."""
    initiative = (
        Initiative.objects.select_related("unit").only(
            "id", "title", "status", "is_exemplary", "updated_at", "author_name", "unit__name", "unit__path"
        ).get(pk=certificate.initiative_id)
    )
    revoked_on = _revoked_on(certificate, initiative)
    authors = [initiative.author_name, *initiative.co_authors.order_by("id").values_list("full_name", flat=True)]
    # The province federation or central sector union above the unit (the path's first two steps).
    branch = None
    if len(initiative.unit.path) > 8:
        branch = Unit.objects.filter(path=initiative.unit.path[:8]).values_list("name", flat=True).first()
    return CertificateCheck(
        certificate=certificate, valid=revoked_on is None, revoked_on=revoked_on, title=initiative.title,
        authors=authors, unit_name=initiative.unit.name, branch_name=branch or "",
    )


def certificate_by_code(text: str | None) -> Certificate | None:
    """The certificate of a code as typed or scanned, None if there is none."""
    code = normalise_code(text)
    if code is None:
        return None
    return Certificate.objects.filter(code=code).first()
