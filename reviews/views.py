"""Officers' pages: the review queue, the review page with its decision form, bulk decisions, notifications."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from submissions import selectors as submission_selectors
from submissions.enums import InitiativeStatus
from submissions.forms import PublicationConsentForm
from unions import selectors as unit_selectors

from . import inbox, selectors, services
from . import rules as review_rules
from .deadlines import DEADLINE_FILTERS, deadline_units, deadlines_of, phases_of_programme, unit_deadlines_of
from .enums import Action
from .forms import (
    BulkDecisionForm,
    DecisionForm,
    ExemplaryForm,
    PhaseDeadlineForm,
    QueueFilterForm,
    UnitDeadlineForm,
)
from .models import Notification


def _require_reviewer(user) -> None:
    if not user.has_perm("reviews.view_queue"):
        raise PermissionDenied


def _initiative_in_review_scope(request, pk: int):
    """The initiative if it is in the officer's review subtree; 404 otherwise (nothing leaks)."""
    initiative = selectors.review_scope(request.user).select_related(
        "unit", "field", "submitter", "entered_by", "phase"
    ).filter(pk=pk).first()
    if initiative is None:
        raise Http404
    return initiative


@login_required
def queue(request):
    _require_reviewer(request.user)
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = selectors.review_queue(
        request.user, filters, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    params = {k: v for k, v in request.GET.items() if k not in ("after", "before", "picked") and v}
    state_params = {k: v for k, v in params.items() if k != "state"}
    # The tabs keep the queue's counts (cached) while searching; the search's own matches
    # are told apart, under the tabs.
    counts = selectors.queue_tab_counts(request.user, filters)
    tabs = [
        {"key": key, "label": label, "count": counts[key][0] if key in counts else None,
         "capped": key in counts and counts[key][1], "active": key == filters.state,
         "query": urlencode({**state_params, "state": key})}
        for key, label in form.fields["state"].choices
    ]
    # Deadline filters and the days-waiting order, as plain links, on the tabs of waiting initiatives.
    deadline_links, waiting_order_query = [], ""
    if filters.state in selectors.WAITING_TABS:
        deadline_params = {k: v for k, v in params.items() if k != "deadline"}
        deadline_links = [
            {"key": key, "label": label, "active": key == filters.deadline,
             "query": urlencode({**deadline_params, **({"deadline": key} if key else {})})}
            for key, label in form.fields["deadline"].choices if key in ("", *DEADLINE_FILTERS)
        ]
        waiting_order_query = urlencode({**params, "sort": "waiting"})
    # A number the open tab does not hold may be in another tab: say which.
    number_elsewhere, number_filtered_out, number_searched = None, False, filters.number
    if filters.number is not None and not page.items:
        state = selectors.initiative_state_in_scope(request.user, filters.number)
        number_elsewhere = next((tab for tab in tabs if tab["key"] == state and not tab["active"]), None)
        # In the open tab, but left out by the other filters.
        number_filtered_out = state is not None and state == filters.state
        typed = form.cleaned_data["q"].strip()
        if state is None and typed.isdigit():
            # Digits alone that name none of the officer's initiatives may be a word of a title ("2022").
            filters = replace(filters, number=None, text=typed)
            page = selectors.review_queue(request.user, filters)
    labels = {value: str(label) for value, label in InitiativeStatus.choices}
    today = filters.today or timezone.localdate()
    deadlines = deadlines_of(page.items, today)
    rows = [
        (item, labels.get(item.status, item.status), review_rules.conflict_of_interest(request.user, item),
         deadlines.get(item.pk))
        for item in page.items
    ]
    # Without JavaScript, "select all" reloads the page with every box it may tick ticked.
    pickable = [item.pk for item, _label, conflict, _deadline in rows if conflict is None]
    select_all = request.GET.copy()
    select_all.setlist("picked", [str(pk) for pk in pickable])
    return render(
        request,
        "reviews/queue.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            # Initiatives the officer may not decide stay listed, with the reason and no checkbox.
            "rows": rows,
            "pickable_count": len(pickable),
            "select_all_query": select_all.urlencode(),
            "searching": selectors.is_search(filters),
            "number_elsewhere": number_elsewhere,
            "number_searched": number_searched,
            "number_filtered_out": number_filtered_out,
            # A refused batch comes back with the rest of its selection still ticked.
            "picked": {int(v) for v in request.GET.getlist("picked") if v.isdigit()},
            "back": request.GET.urlencode(),
            "tabs": tabs,
            "deadline_links": deadline_links,
            "today": today,
            "waiting_order_query": waiting_order_query,
            "query": urlencode(params),
            "bulk_form": BulkDecisionForm(),
            "review_units": unit_selectors.scope_units(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk: int):
    _require_reviewer(request.user)
    initiative = _initiative_in_review_scope(request, pk)
    allowed = review_rules.decidable_actions(request.user, initiative)
    stage = review_rules.stage_appointment(request.user, initiative)
    # The reason is told to whoever would decide this stage but for it.
    conflict = (
        review_rules.conflict_of_interest(request.user, initiative)
        if stage is not None or request.user.is_superuser else None
    )
    form = DecisionForm(request.POST or None, allowed_actions=allowed)
    today = timezone.localdate()
    if request.method == "POST":
        if conflict is not None:
            # No form offers it: the service refuses the attempt and records it.
            try:
                services.initiative_decide(
                    initiative=initiative, action=request.POST.get("action", ""), actor=request.user,
                    comment=request.POST.get("comment", ""), reason=request.POST.get("reason", ""),
                )
            except services.TransitionError as error:
                messages.error(request, error.message)
            return redirect("reviews:detail", pk=pk)
        if not allowed:
            messages.error(request, _("Sáng kiến không còn chờ bạn xử lý."))
            return redirect("reviews:detail", pk=pk)
        if form.is_valid():
            try:
                services.initiative_decide(
                    initiative=initiative, action=form.cleaned_data["action"], actor=request.user,
                    comment=form.cleaned_data["comment"], reason=form.cleaned_data["reason"],
                )
            except services.TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Đã ghi nhận: %(state)s.") % {"state": initiative.get_status_display()})
                return redirect("reviews:queue")
            return redirect("reviews:detail", pk=pk)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "initiative": initiative,
            "form": form if allowed else None,
            "can_mark_exemplary": request.user.has_perm("reviews.mark_exemplary", initiative),
            "co_authors": list(initiative.co_authors.all()),
            "attachments": list(initiative.attachments.all()),
            "decisions": list(initiative.decisions.select_related("actor", "actor_unit")),
            "unit_path": unit_selectors.ancestors_of(initiative.unit),
            "similar": selectors.similar_initiatives(initiative),
            "consent_changes": submission_selectors.publication_consent_changes(initiative),
            "consent_form": PublicationConsentForm.for_initiative(initiative),
            "stage_unit": stage,
            "conflict": conflict,
            "deadline": deadlines_of([initiative], today).get(initiative.pk),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mark_exemplary(request, pk: int):
    """GET asks to confirm marking (or unmarking) the initiative exemplary; POST, sent by that
    confirmation, does it. A step of its own, so that it needs no JavaScript."""
    _require_reviewer(request.user)
    initiative = _initiative_in_review_scope(request, pk)
    if request.method == "GET":
        # Only an approved initiative bears the mark (the superuser's every permission included).
        if initiative.status != InitiativeStatus.APPROVED or not request.user.has_perm("reviews.mark_exemplary",
                                                                                      initiative):
            raise PermissionDenied
        return render(request, "reviews/exemplary_confirm.html", {"initiative": initiative, "form": ExemplaryForm()})
    form = ExemplaryForm(request.POST)
    if form.is_valid():
        try:
            services.initiative_mark_exemplary(
                initiative=initiative, actor=request.user, exemplary=form.cleaned_data["exemplary"],
                comment=form.cleaned_data["comment"],
            )
        except services.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Đã đánh dấu sáng kiến tiêu biểu.") if initiative.is_exemplary else _("Đã bỏ đánh dấu tiêu biểu."),
            )
    return redirect("reviews:detail", pk=pk)


@login_required
@require_POST
def bulk_decide(request):
    _require_reviewer(request.user)
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reviews:queue")
    try:
        results = services.initiatives_bulk_decide(
            initiatives=selectors.review_scope(request.user),
            ids=form.cleaned_data["ids"],
            action=form.cleaned_data["action"],
            actor=request.user,
            comment=form.cleaned_data["comment"],
        )
    except services.ConflictOfInterestError as error:
        messages.error(request, error.message)
        for _pk, title, conflict in error.conflicts:
            messages.error(request, _("“%(title)s”: %(reason)s") % {"title": title, "reason": conflict.label})
        refused = {pk for pk, _title, _conflict in error.conflicts}
        back = QueryDict(form.cleaned_data["back"], mutable=True)
        back.setlist("picked", [str(pk) for pk in form.cleaned_data["ids"] if pk not in refused])
        return redirect(f"{reverse('reviews:queue')}?{back.urlencode()}")
    return render(
        request,
        "reviews/bulk_result.html",
        {"results": results, "action": Action(form.cleaned_data["action"]).label,
         "ok_count": sum(r.ok for r in results), "failed_count": sum(not r.ok for r in results)},
    )


@login_required
def notifications(request):
    qs = Notification.objects.filter(recipient=request.user).select_related(
        "decision__initiative", "decision__actor_unit"
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    # The other sources' latest messages (the digests of the waiting initiatives), above the first page.
    sections = [(s.template, s.recent(request.user)) for s in inbox.sources()] if page.number == 1 else []
    return render(request, "reviews/notifications.html", {
        "page": page, "sections": sections, "has_other_messages": any(items for _template, items in sections),
    })


@login_required
@require_http_methods(["GET", "POST"])
def notification_open(request, pk: int):
    """Open a notification: it is marked read, then its initiative is shown.

    A GET (the notifications page's links) that changes nothing but the reader's own
    notification, and goes only to the initiative the notification names: no address
    from the request is followed. Another user's notification is a 404.
    """
    initiative_id = selectors.notification_initiative(request.user, pk)
    if initiative_id is None:
        raise Http404
    services.notifications_mark_read(user=request.user, ids=[pk])
    return redirect("submissions:detail", pk=initiative_id)


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    for source in inbox.sources():
        source.mark_read(request.user)
    return redirect("reviews:notifications")




@login_required
def queue_export(request, fmt: str):
    """The filtered queue as CSV (streamed) or XLSX, within the user's scope."""
    from . import exports

    _require_reviewer(request.user)
    filters = QueueFilterForm(request.GET or None, user=request.user).filters()
    if fmt == "csv":
        return exports.queue_csv(request.user, filters)
    if fmt == "xlsx":
        return exports.queue_xlsx(request.user, filters)
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def deadlines(request):
    """The review deadlines in force: each phase's (federation staff change them) and the
    own, shorter ones of the units the user manages (their managers change them)."""
    if not request.user.has_perm("reviews.view_deadlines"):
        raise PermissionDenied
    may_set_phases = request.user.has_perm("reviews.set_phase_deadlines")
    managed = deadline_units(request.user)
    phase_forms, unit_forms = {}, {}
    if request.method == "POST":
        kind, pk = request.POST.get("kind"), request.POST.get("pk", "")
        if kind == "phase" and may_set_phases and pk.isdigit():
            phase = next((p for p in phases_of_programme() if p.pk == int(pk)), None)
            if phase is None:
                raise Http404
            form = PhaseDeadlineForm(request.POST, prefix=f"phase{phase.pk}")
            if form.is_valid() and _saved(form, lambda: services.phase_deadlines_set(
                    phase=phase, actor=request.user, **form.cleaned_data)):
                messages.success(request, _("Đã lưu thời hạn của %(phase)s.") % {"phase": phase.name})
                return redirect("reviews:deadlines")
            phase_forms[phase.pk] = form
        elif kind == "unit" and pk.isdigit():
            unit = next((u for u in managed if u.pk == int(pk)), None)
            if unit is None or not request.user.has_perm("reviews.set_unit_deadline", unit):
                raise Http404
            form = UnitDeadlineForm(request.POST, prefix=f"unit{unit.pk}")
            if form.is_valid() and _saved(form, lambda: services.unit_deadline_set(
                    unit=unit, actor=request.user, **form.cleaned_data)):
                messages.success(request, _("Đã lưu thời hạn riêng của %(unit)s.") % {"unit": unit.name})
                return redirect("reviews:deadlines")
            unit_forms[unit.pk] = form
        else:
            raise PermissionDenied
    own = unit_deadlines_of(managed)
    phases = [
        (phase, phase_forms.get(phase.pk) or PhaseDeadlineForm(
            initial={"verify_days": phase.verify_days, "approve_days": phase.approve_days}, prefix=f"phase{phase.pk}"))
        for phase in phases_of_programme()
    ]
    units = [
        (unit, own.get(unit.pk), unit_forms.get(unit.pk) or UnitDeadlineForm(
            initial={"verify_days": getattr(own.get(unit.pk), "verify_days", None),
                     "approve_days": getattr(own.get(unit.pk), "approve_days", None)}, prefix=f"unit{unit.pk}"))
        for unit in managed
    ]
    return render(request, "reviews/deadlines.html", {
        "phases": phases, "units": units, "may_set_phases": may_set_phases,
    })


def _saved(form, save) -> bool:
    """Runs ``save``; a refusal by the model's rules goes onto ``form`` (nothing was written)."""
    try:
        save()
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        return False
    return True
