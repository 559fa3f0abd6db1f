"""A person's own data (Decree 13/2023/NĐ-CP): everything the portal holds about them.

It lives in reviews, the highest app it reads: the account (accounts), appointments
(unions), the initiatives they authored or entered (submissions) and the decisions and
notifications (reviews).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import AccountEvent, PasswordResetCode, User
from submissions.models import Initiative
from unions.models import Appointment, AppointmentChange, Unit

from .models import Decision, Notification


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
        "field": initiative.field.code if initiative.field else None,  # a draft may have none yet
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
