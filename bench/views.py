"""Bench-only views, served from ``bench.urls`` and never from the application.

- ``bare_insert``: the floor of the submit path. No log-in, no CSRF, no form: it inserts
  the same initiative row the real path inserts, through the same ORM ``save()``.
- ``naive_progress``: the progress API's answer computed the way a portal without
  aggregates would, with live ``GROUP BY`` queries over the initiatives.
- ``reference_export``: what a streaming CSV export of a unit's initiatives costs when
  written with a server-side cursor; a reference for the export the portal lacks.
"""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.enums import SubmitterCategory
from accounts.models import User
from campaign.models import Phase, UnitTarget
from initiatives_portal.formatting import ratio_percent, round_progress
from reports.selectors import current_programme, local_today, periods, targets_of
from submissions.enums import COUNTED_STATES, REVIEWABLE_STATES, InitiativeStatus
from submissions.models import Initiative
from unions.models import Unit
from unions.selectors import child_units, subtree_q

BARE_WORKER_PHONE = "0990000000"
TEXT_FIELDS = (
    "title", "summary", "problem", "solution", "applied_where", "application_conditions",
    "first_application_participants", "benefits", "recognised_by", "author_workplace", "author_job_title",
    "author_qualification",
)
_cache: dict = {}


def _bare_worker() -> User:
    if "worker" not in _cache:
        _cache["worker"] = User.objects.get(phone=BARE_WORKER_PHONE)
    return _cache["worker"]


def _phase_id(day: dt.date) -> int | None:
    key = ("phase", day)
    if key not in _cache:
        phase = Phase.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("starts_on").first()
        _cache[key] = phase.pk if phase else None
    return _cache[key]


@csrf_exempt
@require_POST
def bare_insert(request):
    """Insert one submitted initiative from the posted fields, nothing else."""
    worker = _bare_worker()
    post = request.POST
    now = timezone.now()
    day = timezone.localdate(now)
    initiative = Initiative(
        submission_key=post["submission_key"],
        status=InitiativeStatus.SUBMITTED,
        submitter_id=worker.pk,
        entered_by_id=worker.pk,
        unit_id=worker.unit_id,
        author_name=worker.full_name,
        category=worker.category,
        holds_management_post=worker.holds_management_post,
        is_direct_production_worker=worker.is_direct_production_worker,
        field_id=int(post["field"]),
        author_contribution=post.get("author_contribution") or "100",
        benefit_vnd=int(post["benefit_vnd"]) if post.get("benefit_vnd") else None,
        first_applied_on=post.get("first_applied_on") or None,
        recognised_on=post.get("recognised_on") or None,
        first_submitted_at=now,
        submitted_on=day,
        phase_id=_phase_id(day),
        **{name: post.get(name, "") for name in TEXT_FIELDS},
    )
    initiative.save()
    return HttpResponse(str(initiative.pk), status=201, content_type="text/plain")


def _scoped_unit(request) -> Unit:
    code = request.GET.get("unit", "")
    unit = Unit.objects.filter(code=code).first() if code else None
    if unit is None or not request.user.has_perm("reports.view_unit_progress", unit):
        raise Http404
    return unit


def _target_json(target: UnitTarget, count: int) -> dict:
    over = max(0, count - target.assigned)
    percent = ratio_percent(count, target.assigned)
    return {
        "phase": target.phase,
        "target": target.assigned,
        "self_set": target.self_set,
        "count": count,
        "percent": float(round_progress(percent)) if percent is not None else None,
        "exceeded_by": over,
        "exceeded_percent": float(round_progress(ratio_percent(over, target.assigned))) if over else None,
    }


@login_required
def naive_progress(request):
    """``/bench/naive-progress/?unit=CODE``: the progress API's figures, counted live from the initiatives."""
    unit = _scoped_unit(request)
    programme = current_programme()
    day = local_today()
    spans = periods(programme)
    counted = Q(status__in=COUNTED_STATES)
    rows = Initiative.objects.filter(subtree_q(unit, prefix="unit__"), submitted_on__lte=day)

    def in_period(period) -> Q:
        return counted & Q(submitted_on__gte=period.starts_on, submitted_on__lte=min(day, period.ends_on))

    measures = {
        "received": Count("id", filter=counted),
        "approved": Count("id", filter=Q(status=InitiativeStatus.APPROVED)),
        **{f"c_{c.value}": Count("id", filter=counted & Q(category=c.value)) for c in SubmitterCategory},
        **{f"p_{p.code}": Count("id", filter=in_period(p)) for p in spans},
    }
    totals = rows.aggregate(**measures)
    by_field = dict(
        rows.filter(counted).values_list("field__code").annotate(n=Count("id")).order_by().values_list("field__code", "n")
    )
    children = list(child_units(unit))
    branch_len = len(unit.path) + Unit.steplen
    per_branch = {
        row["branch"]: row
        for row in rows.filter(counted)
        .annotate(branch=Substr("unit__path", 1, branch_len))
        .values("branch")
        .annotate(received=Count("id"), **{f"p_{p.code}": Count("id", filter=in_period(p)) for p in spans})
        .order_by()
    }
    targets = targets_of(unit, programme)
    child_targets: dict[int, dict[str, UnitTarget]] = {c.pk: {} for c in children}
    for target in UnitTarget.objects.filter(unit__in=children):
        child_targets[target.unit_id][target.phase] = target
    child_json = []
    for child in children:
        figures = per_branch.get(child.path, {})
        child_json.append(
            {
                "code": child.code,
                "name": child.name,
                "received": figures.get("received", 0),
                "targets": [
                    _target_json(child_targets[child.pk][p.code], figures.get(f"p_{p.code}", 0))
                    for p in spans
                    if p.code in child_targets[child.pk]
                ],
            }
        )
    child_json.sort(key=lambda row: (-row["received"], row["name"]))
    return JsonResponse(
        {
            "unit": unit.code,
            "as_of": day.isoformat(),
            "received": totals["received"],
            "approved": totals["approved"],
            "by_category": {c.value: totals[f"c_{c.value}"] for c in SubmitterCategory},
            "by_field": {code: n for code, n in sorted(by_field.items()) if n},
            "targets": [_target_json(targets[p.code], totals[f"p_{p.code}"]) for p in spans if p.code in targets],
            "children": child_json,
        },
        json_dumps_params={"ensure_ascii": False},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


EXPORT_COLUMNS = (
    "id", "unit__code", "unit__name", "title", "field__code", "category", "author_name", "status",
    "first_submitted_at", "submitted_on", "benefit_vnd",
)


@login_required
def reference_export(request, code: str):
    """All non-draft initiatives of ``code``'s subtree as CSV, streamed through a server-side cursor."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not request.user.has_perm("reports.view_unit_progress", unit):
        raise Http404
    rows = (
        Initiative.objects.filter(subtree_q(unit, prefix="unit__"), status__in=REVIEWABLE_STATES)
        .order_by()
        .values_list(*EXPORT_COLUMNS)
        .iterator(chunk_size=5000)
    )
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
        batch = []
        for row in rows:
            batch.append(writer.writerow(row))
            if len(batch) == 1000:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}.csv"'
    return response
