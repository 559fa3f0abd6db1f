"""Reads of accounts: who may act on whose account, the members an officer sees, a person's own data."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from initiatives_portal.identifiers import normalize_phone
from initiatives_portal.text import fold, nfc
from unions import selectors as unit_selectors
from unions.models import Appointment, AppointmentChange, Unit

from .models import AccountEvent, PasswordResetCode, User

# --- who may act on an account --------------------------------------------------------------


def may_manage_account(actor, target: User | None) -> bool:
    """True when ``actor`` may lock, unlock or issue a reset code for ``target``'s account.

    Every place the account holds must lie under the actor: its grassroots union must be
    in the actor's review subtree, and each of its appointments must be one the actor may
    grant (so an officer never acts on a peer or on anyone above or beside them). An
    account with no place at all, a superuser, a closed account and oneself are refused.
    """
    if target is None or not getattr(actor, "is_authenticated", False):
        return False
    if target.pk == actor.pk or target.is_superuser or target.is_closed:
        return False
    if actor.is_superuser:
        return True
    places = 0
    if target.unit_id is not None:
        if not unit_selectors.unit_in_review_scope(actor, target.unit):
            return False
        places += 1
    for appointment in unit_selectors.active_appointments(target):
        if not unit_selectors.may_appoint(actor, appointment.unit, appointment.role):
            return False
        places += 1
    return places > 0


def acting_unit(actor, target: User) -> Unit | None:
    """The actor's unit in whose name they act on ``target`` (the closest one above it), for the history."""
    places = [target.unit] if target.unit_id is not None else []
    places += [a.unit for a in unit_selectors.active_appointments(target)]
    candidates = [
        a.unit
        for a in unit_selectors.active_appointments(actor)
        if any(unit_selectors.unit_contains(a.unit, place) for place in places)
    ]
    return max(candidates, key=lambda unit: unit.depth, default=None)


# --- members of an officer's subtree --------------------------------------------------------

MEMBERS_PAGE_SIZE = 50
MEMBERS_COUNT_CAP = 10_000


def members_visible_to(actor) -> QuerySet[User]:
    """Accounts whose grassroots union lies in the subtrees ``actor`` reviews (all for superusers)."""
    if not getattr(actor, "is_authenticated", False):
        return User.objects.none()
    qs = User.objects.filter(closed_at__isnull=True)
    if actor.is_superuser:
        return qs.filter(unit__isnull=False)
    scopes = unit_selectors.review_units(actor)
    if not scopes:
        return User.objects.none()
    return qs.filter(unit_selectors.subtrees_q(scopes, prefix="unit__"))


_PHONE_TYPING = re.compile(r"[\s().+-]")


def member_search_q(query: str) -> Q:
    """A filter for what an officer types: an e-mail (part), a phone number (part) or words of a name.

    Names are matched without accents ("nguyen van" finds "Nguyễn Văn").
    """
    text = nfc(query)[:100]
    if not text:
        return Q()
    if "@" in text:
        return Q(email__contains=text.lower())
    digits = _PHONE_TYPING.sub("", text)
    if digits.isdigit():
        phone = normalize_phone(text)
        return Q(phone=phone) if phone else Q(phone__contains=digits)
    condition = Q()
    for word in fold(text).split()[:6]:
        condition &= Q(search_name__contains=word)
    return condition


@dataclass
class MembersPage:
    members: list[User]
    next_after: int | None
    count: int
    capped: bool


def members_page(actor, *, query: str = "", within: Unit | None = None, after: int | None = None,
                 size: int = MEMBERS_PAGE_SIZE) -> MembersPage:
    """One page of the members ``actor`` sees, by name, with a count capped at ``MEMBERS_COUNT_CAP``.

    Keyset pagination on (folded name, id): ``after`` is the id of the last member of
    the previous page, so a page deep in a province costs what the first one costs.
    ``within`` narrows the list to one unit's subtree. A fixed number of queries,
    whatever the page size.
    """
    qs = members_visible_to(actor).filter(member_search_q(query))
    if within is not None:
        qs = qs.filter(unit_selectors.subtree_q(within, prefix="unit__"))
    count = qs.order_by()[: MEMBERS_COUNT_CAP + 1].count()
    if after is not None:
        anchor = qs.filter(pk=after).values_list("search_name", flat=True).first()
        if anchor is not None:
            qs = qs.filter(Q(search_name__gt=anchor) | Q(search_name=anchor, pk__gt=after))
    rows = list(qs.select_related("unit").order_by("search_name", "pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return MembersPage(
        members=rows,
        next_after=rows[-1].pk if more else None,
        count=min(count, MEMBERS_COUNT_CAP),
        capped=count > MEMBERS_COUNT_CAP,
    )


def account_history(user: User, *, limit: int = 50) -> list[AccountEvent]:
    """The latest events of ``user``'s account, newest first."""
    return list(AccountEvent.objects.filter(subject=user).select_related("actor", "unit").order_by("-id")[:limit])


# --- a person's own data (Decree 13/2023/NĐ-CP) ----------------------------------------------


def _iso(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    return value.isoformat()


def _unit(unit: Unit | None) -> dict | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def personal_data_of(user: User) -> dict:
    """Everything the portal holds about ``user``, as plain JSON-ready data.

    The account and profile; appointments and their history; the initiatives they
    authored with co-authors, attachment names and the history of decisions on them
    (officers appear by role and unit, not by name: those are other people's data);
    the initiatives they entered for others (title only); every action they took on
    initiatives (submit, withdraw, and as an officer verify, approve…); their notifications; their account history and reset codes (times only).
    A fixed number of queries, whatever the amount of data.
    """
    from reviews.models import Decision, Notification
    from submissions.models import Initiative

    initiatives = (
        Initiative.objects.filter(submitter=user)
        .select_related("unit", "field", "phase")
        .prefetch_related(
            "co_authors",
            "attachments",
            Prefetch("decisions", queryset=Decision.objects.select_related("actor_unit").order_by("created_at", "id")),
        )
        .order_by("id")
    )
    entered = (
        Initiative.objects.filter(entered_by=user)
        .exclude(submitter=user)
        .select_related("unit")
        .order_by("id")
        .only("id", "title", "status", "created_at", "unit__code", "unit__name")
    )
    appointments = Appointment.objects.filter(user=user).select_related("unit").order_by("granted_at", "id")
    appointment_changes = AppointmentChange.objects.filter(user=user).select_related("unit").order_by("id")
    decisions = Decision.objects.filter(actor=user).order_by("id").only(
        "id", "initiative_id", "action", "from_status", "to_status", "comment", "created_at"
    )
    notifications = Notification.objects.filter(recipient=user).select_related("decision").order_by("id")
    return {
        "generated_at": _iso(timezone.now()),
        "account": {
            "id": user.pk,
            "full_name": user.full_name,
            "phone": user.phone,
            "email": user.email,
            "unit": _unit(user.unit),
            "category": user.category,
            "category_label": str(user.get_category_display()) if user.category else "",
            "job_title": user.job_title,
            "workplace": user.workplace,
            "qualification": user.qualification,
            "holds_management_post": user.holds_management_post,
            "is_direct_production_worker": user.is_direct_production_worker,
            "is_active": user.is_active,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "personal_data_consent_at": _iso(user.personal_data_consent_at),
        },
        "appointments": [
            {"unit": _unit(a.unit), "role": a.role, "role_label": str(a.get_role_display()),
             "granted_at": _iso(a.granted_at), "revoked_at": _iso(a.revoked_at)}
            for a in appointments
        ],
        "appointment_history": [
            {"action": c.action, "unit": _unit(c.unit), "role": c.role, "source": c.source, "at": _iso(c.created_at)}
            for c in appointment_changes
        ],
        "initiatives": [_initiative_data(i) for i in initiatives],
        "entered_for_others": [
            {"id": i.pk, "title": i.title, "status": i.status, "unit": _unit(i.unit), "created_at": _iso(i.created_at)}
            for i in entered
        ],
        "actions_taken": [
            {"initiative_id": d.initiative_id, "action": d.action, "from_status": d.from_status,
             "to_status": d.to_status, "comment": d.comment, "at": _iso(d.created_at)}
            for d in decisions
        ],
        "notifications": [
            {"at": _iso(n.created_at), "read_at": _iso(n.read_at), "email_state": n.email_state,
             "initiative_id": n.decision.initiative_id, "action": n.decision.action}
            for n in notifications
        ],
        "account_history": [
            {"action": e.action, "action_label": str(e.get_action_display()), "at": _iso(e.created_at),
             "unit": _unit(e.unit), "by_self": e.actor_id == user.pk}
            for e in AccountEvent.objects.filter(subject=user).select_related("unit").order_by("id")
        ],
        "reset_codes": [
            {"issued_at": _iso(c.created_at), "expires_at": _iso(c.expires_at), "used_at": _iso(c.used_at)}
            for c in PasswordResetCode.objects.filter(user=user).order_by("id")
        ],
    }


def _initiative_data(initiative) -> dict:
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "status": initiative.status,
        "status_label": str(initiative.get_status_display()),
        "unit": _unit(initiative.unit),
        "field": initiative.field.code,
        "summary": initiative.summary,
        "problem": initiative.problem,
        "solution": initiative.solution,
        "applied_where": initiative.applied_where,
        "first_applied_on": _iso(initiative.first_applied_on),
        "application_conditions": initiative.application_conditions,
        "first_application_participants": initiative.first_application_participants,
        "benefits": initiative.benefits,
        "benefit_vnd": initiative.benefit_vnd,
        "recognised_by": initiative.recognised_by,
        "recognised_on": _iso(initiative.recognised_on),
        "author_name": initiative.author_name,
        "author_workplace": initiative.author_workplace,
        "author_job_title": initiative.author_job_title,
        "author_qualification": initiative.author_qualification,
        "author_contribution": str(initiative.author_contribution),
        "category": initiative.category,
        "holds_management_post": initiative.holds_management_post,
        "is_direct_production_worker": initiative.is_direct_production_worker,
        "first_submitted_at": _iso(initiative.first_submitted_at),
        "submitted_on": _iso(initiative.submitted_on),
        "phase": initiative.phase.code if initiative.phase_id else None,
        "is_exemplary": initiative.is_exemplary,
        "created_at": _iso(initiative.created_at),
        "updated_at": _iso(initiative.updated_at),
        "co_authors": [
            {"full_name": c.full_name, "workplace": c.workplace, "job_title": c.job_title,
             "qualification": c.qualification, "contribution": str(c.contribution)}
            for c in initiative.co_authors.all()
        ],
        "attachments": [
            {"name": a.original_name, "size": a.size, "uploaded_at": _iso(a.uploaded_at)}
            for a in initiative.attachments.all()
        ],
        "history": [
            {"action": d.action, "action_label": str(d.get_action_display()), "from_status": d.from_status,
             "to_status": d.to_status, "to_status_label": str(d.get_to_status_display()), "actor_role": d.actor_role,
             "actor_unit": _unit(d.actor_unit), "reason": d.reason, "comment": d.comment, "at": _iso(d.created_at)}
            for d in initiative.decisions.all()
        ],
    }
