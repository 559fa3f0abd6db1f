"""Pages of selection rounds. Thin: every rule is in ``rules``, ``services`` and ``selectors``.

A round the user may not see answers 404, like one that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from reports.selectors import local_today, totals_as_of
from unions.models import Unit

from . import documents, selectors, services
from .enums import RoundStatus
from .forms import ConflictForm, RoundForm, ScoreForm, SelectForm
from .models import CouncilAssignment, CouncilRound
from .rules import round_units

RESULTS_PAGE = 50
ASSIGNMENTS_PAGE = 50
SUGGESTED_TOP = 10


def _round_for(request, pk: int, perm: str = "recognition.view_round") -> CouncilRound:
    council_round = get_object_or_404(CouncilRound.objects.select_related("unit", "chair", "field"), pk=pk)
    if not request.user.has_perm(perm, council_round):
        raise Http404
    return council_round


@login_required
@require_safe
def round_list(request):
    rounds = selectors.rounds_visible_to(request.user).select_related("unit", "chair").order_by("-id")
    page = Paginator(rounds, 30).get_page(request.GET.get("page"))
    return render(request, "recognition/councils/list.html", {
        "page": page, "can_open": request.user.has_perm("recognition.open_round"),
    })


@login_required
def round_new(request):
    if not request.user.has_perm("recognition.open_round"):
        raise Http404
    units = round_units(request.user)
    if request.user.is_superuser and not units:
        units = list(Unit.objects.filter(kind__in=("federation", "province", "sector")).order_by("depth", "sort_name"))
    form = RoundForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = next(u for u in units if u.code == d["unit"])
        try:
            council_round = services.round_open(
                actor=request.user, unit=unit, name=d["name"], chair=d["chair"], members=d["members"],
                criteria=d["criteria"], phase=d["phase"], period=d["period"], field=d["field"],
                members_per_initiative=d["members_per_initiative"], disagreement_threshold=d["disagreement_threshold"],
            )
        except services.CouncilError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lập hội đồng xét chọn."))
            return redirect("recognition:council", pk=council_round.pk)
    return render(request, "recognition/councils/new.html", {"form": form})


@login_required
@require_safe
def round_detail(request, pk: int):
    council_round = _round_for(request, pk)
    runs = request.user.has_perm("recognition.run_round", council_round)
    context = {"round": council_round, "runs": runs, "criteria": council_round.criteria.all(),
               "is_chair": council_round.chair_id == request.user.pk}
    if runs:
        context["progress"] = selectors.member_progress(council_round)
        context["events"] = council_round.events.select_related("actor", "initiative").order_by("-id")[:30]
        # From the aggregates (no request counts initiatives); a field's pool is not among them.
        if council_round.status == RoundStatus.DRAFT and not council_round.field_id:
            context["pool_size"] = totals_as_of(council_round.unit_id, local_today())["approved"]
    mine = selectors.assignments_of(council_round, request.user)
    context["page"] = Paginator(mine, ASSIGNMENTS_PAGE).get_page(request.GET.get("page"))
    context["my_total"] = context["page"].paginator.count
    context["my_scored"] = mine.filter(scored_at__isnull=False).count() if context["my_total"] else 0
    return render(request, "recognition/councils/detail.html", context)


@login_required
@require_POST
def round_start(request, pk: int):
    council_round = _round_for(request, pk, "recognition.run_round")
    try:
        count = services.round_start(council_round=council_round, actor=request.user)
    except services.CouncilError as error:
        return render(request, "recognition/councils/blocked.html",
                      {"round": council_round, "message": error.message, "blocked": error.blocked}, status=409)
    messages.success(request, _("Đã phân công chấm %(n)s sáng kiến.") % {"n": count})
    return redirect("recognition:council", pk=pk)


def _assignment_for(request, pk: int, assignment_pk: int) -> CouncilAssignment:
    assignment = get_object_or_404(
        CouncilAssignment.objects.select_related("round", "round__unit", "member", "initiative", "initiative__field")
        .prefetch_related(Prefetch("scores")),
        pk=assignment_pk, round_id=pk, member__user=request.user,
    )
    return assignment


@login_required
def score(request, pk: int, assignment_pk: int):
    """A member scores one initiative (a phone-sized form; works without JavaScript)."""
    assignment = _assignment_for(request, pk, assignment_pk)
    council_round = assignment.round
    criteria = list(council_round.criteria.all())
    current = {s.criterion_id: s.value for s in assignment.scores.all()}
    initial = {f"score_{c.pk}": current[c.pk] for c in criteria if c.pk in current}
    initial["comment"] = assignment.comment
    can_score = request.user.has_perm("recognition.score_assignment", assignment)
    form = ScoreForm(request.POST if request.method == "POST" else None, criteria=criteria, initial=initial)
    if request.method == "POST":
        if not can_score:
            messages.error(request, _("Đợt xét chọn đã kết thúc: điểm không thay đổi được nữa."))
            return redirect("recognition:council", pk=pk)
        if form.is_valid():
            try:
                services.assignment_score(assignment=assignment, actor=request.user, values=form.values(),
                                          comment=form.cleaned_data["comment"])
            except services.CouncilError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã lưu điểm."))
                following = (selectors.assignments_of(council_round, request.user)
                             .filter(scored_at__isnull=True).first())
                if following is not None:
                    return redirect("recognition:council_score", pk=pk, assignment_pk=following.pk)
                return redirect("recognition:council", pk=pk)
    return render(request, "recognition/councils/score.html", {
        "round": council_round, "assignment": assignment, "initiative": assignment.initiative, "form": form,
        "conflict_form": ConflictForm(), "can_score": can_score,
        "unscored": selectors.assignments_of(council_round, request.user).filter(scored_at__isnull=True).count(),
    })


@login_required
@require_POST
def conflict(request, pk: int, assignment_pk: int):
    assignment = _assignment_for(request, pk, assignment_pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_declare_conflict(assignment=assignment, actor=request.user,
                                                 reason=form.cleaned_data["reason"])
        except services.CouncilError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã ghi nhận xung đột lợi ích; sáng kiến được giao cho thành viên khác."))
            return redirect("recognition:council", pk=pk)
    council_round = assignment.round
    return render(request, "recognition/councils/score.html", {
        "round": council_round, "assignment": assignment, "initiative": assignment.initiative,
        "form": ScoreForm(criteria=council_round.criteria.all()), "conflict_form": form,
        "can_score": request.user.has_perm("recognition.score_assignment", assignment),
        "unscored": selectors.assignments_of(council_round, request.user).filter(scored_at__isnull=True).count(),
    }, status=400)


@login_required
def close(request, pk: int):
    council_round = _round_for(request, pk, "recognition.close_round")
    if request.method == "POST":
        try:
            services.round_close(council_round=council_round, actor=request.user)
        except services.CouncilError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã kết thúc chấm điểm. Điểm không thay đổi được nữa."))
        return redirect("recognition:council_results", pk=pk)
    unscored = CouncilAssignment.objects.filter(round=council_round, withdrawn_at__isnull=True,
                                                scored_at__isnull=True).count()
    return render(request, "recognition/councils/close.html", {"round": council_round, "unscored": unscored})


@login_required
@require_safe
def results(request, pk: int):
    council_round = _round_for(request, pk, "recognition.run_round")
    rows = selectors.round_results(council_round)
    page = Paginator(rows, RESULTS_PAGE).get_page(request.GET.get("page"))
    return render(request, "recognition/councils/results.html", {
        "round": council_round, "page": page, "total": len(rows),
        "wide_count": sum(1 for r in rows if r.wide),
        "suggested": selectors.suggested_top(council_round, rows, SUGGESTED_TOP), "top": SUGGESTED_TOP,
        "can_select": request.user.has_perm("recognition.select_round", council_round),
        "criteria": council_round.criteria.all(),
    })


@login_required
@require_POST
def select(request, pk: int):
    council_round = _round_for(request, pk, "recognition.select_round")
    rows = selectors.round_results(council_round)
    form = SelectForm(request.POST, ids=[r.initiative_id for r in rows if r.rank is not None])
    if not form.is_valid():
        for error in form.errors.get("initiative", []):
            messages.error(request, error)
        return redirect("recognition:council_results", pk=pk)
    outcomes = services.round_select(council_round=council_round, actor=request.user,
                                     initiative_ids=form.cleaned_data["initiative"])
    for outcome in outcomes:
        (messages.success if outcome.ok else messages.error)(request, f"{outcome.title or outcome.initiative_id}: "
                                                                      f"{outcome.message}")
    return redirect("recognition:council_results", pk=pk)


@login_required
@require_safe
def scores_of(request, pk: int, initiative_pk: int):
    """Who scored what for one initiative: the chair and the unit's managers and staff only."""
    council_round = _round_for(request, pk, "recognition.run_round")
    rows = selectors.who_scored_what(council_round, initiative_pk)
    if not rows:
        raise Http404
    return render(request, "recognition/councils/scores_of.html", {
        "round": council_round, "rows": rows, "initiative": rows[0][0].initiative,
        "criteria": council_round.criteria.all(),
    })


@login_required
@require_safe
def results_xlsx(request, pk: int):
    council_round = _round_for(request, pk, "recognition.run_round")
    response = HttpResponse(documents.results_xlsx(council_round), content_type=documents.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-xet-chon-{council_round.pk}.xlsx"'
    return response


@login_required
@require_safe
def decision_docx(request, pk: int):
    council_round = _round_for(request, pk, "recognition.run_round")
    if council_round.status != RoundStatus.CLOSED:
        raise Http404
    response = HttpResponse(documents.decision_docx(council_round), content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="quyet-dinh-hoi-dong-{council_round.pk}.docx"'
    return response
