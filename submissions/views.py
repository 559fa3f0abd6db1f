"""Intake views: thin; the rules are in rules.py, the writes in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unions import selectors as unit_selectors

from . import selectors, services
from .enums import InitiativeStatus
from .forms import CoAuthorFormSet, InitiativeForm, OnBehalfForm, WithdrawForm
from .models import Attachment, new_submission_key
from .workflow import TransitionError, workflow

PAGE_SIZE = 20


def _get_initiative(request, pk: int, perm: str = "submissions.view_initiative"):
    """The initiative if the user may act on it; 404 otherwise, so nothing leaks."""
    initiative = selectors.initiative_for_detail(request.user, pk)
    if initiative is None or not request.user.has_perm(perm, initiative):
        raise Http404
    return initiative


@login_required
def my_initiatives(request):
    status = request.GET.get("status", "")
    qs = selectors.initiatives_of(request.user).select_related("field", "unit").order_by("-id")
    if status in InitiativeStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "submissions/my_initiatives.html",
        {"page": page, "status": status, "statuses": InitiativeStatus.choices},
    )


def _intake_forms(request, *, initiative=None, on_behalf=False):
    """Bind the initiative form, the co-author formset and (for officers) the on-behalf form."""
    attachments = list(initiative.attachments.all()) if initiative else []
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    initial = {"submission_key": new_submission_key()}
    if initiative is None and not on_behalf:
        user = request.user
        initial.update(
            author_workplace=user.workplace, author_job_title=user.job_title, author_qualification=user.qualification
        )
    form = InitiativeForm(data, files, instance=initiative, initial=initial, existing_attachments=attachments)
    if initiative is not None:
        form.fields["submission_key"].required = False
    author_share = None
    if form.is_bound and form.is_valid():
        author_share = form.cleaned_data["author_contribution"]
    co_initial = (
        [
            {k: getattr(c, k) for k in ("full_name", "workplace", "job_title", "qualification", "contribution")}
            for c in initiative.co_authors.all()
        ]
        if initiative
        else []
    )
    formset = CoAuthorFormSet(data, prefix="co", initial=co_initial, author_contribution=author_share)
    behalf = OnBehalfForm(data, officer=request.user, prefix="behalf") if on_behalf else None
    return form, formset, behalf


def _render_form(request, form, formset, *, behalf=None, initiative=None):
    return render(
        request,
        "submissions/initiative_form.html",
        {"form": form, "formset": formset, "behalf": behalf, "initiative": initiative, "on_behalf": behalf is not None},
    )


def _save_feedback(request, initiative, submitted: bool):
    if submitted:
        messages.success(request, _("Đã gửi sáng kiến “%(title)s”. Cảm ơn bạn!") % {"title": initiative.title})
    else:
        messages.success(request, _("Đã lưu bản nháp. Bạn có thể sửa và gửi sau."))


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request, on_behalf: bool = False):
    user = request.user
    if on_behalf and not user.has_perm("submissions.enter_on_behalf"):
        raise PermissionDenied
    if not on_behalf and (user.unit_id is None or not user.category):
        messages.warning(request, _("Vui lòng cập nhật công đoàn cơ sở và đối tượng trong hồ sơ trước khi gửi."))
        return redirect("accounts:profile")
    form, formset, behalf = _intake_forms(request, on_behalf=on_behalf)
    if request.method == "POST":
        valid = form.is_valid() & formset.is_valid() & (behalf.is_valid() if behalf else True)
        if valid:
            submit = "submit" in request.POST
            if behalf is not None:
                b = behalf.cleaned_data
                unit, submitter = b["unit"], b["account"]
                author = {
                    "author_name": b["author_name"], "category": b["category"],
                    "holds_management_post": b["holds_management_post"],
                    "is_direct_production_worker": b["is_direct_production_worker"],
                }
            else:
                unit, submitter = None, user
                author = {
                    "author_name": user.full_name, "category": user.category,
                    "holds_management_post": user.holds_management_post,
                    "is_direct_production_worker": user.is_direct_production_worker,
                }
            try:
                initiative, created = services.initiative_create(
                    entered_by=user, submitter=submitter, unit=unit, author=author, data=form.cleaned_data,
                    co_authors=formset.rows(), files=form.cleaned_data["new_files"],
                    file_kinds=form.cleaned_data["new_file_kinds"],
                    submission_key=form.cleaned_data["submission_key"], submit=submit,
                )
            except (TransitionError, services.InitiativeError) as error:
                messages.error(request, error.message)
            else:
                if created:
                    _save_feedback(request, initiative, submit)
                else:
                    messages.info(request, _("Sáng kiến này đã được ghi nhận trước đó; không tạo bản trùng."))
                return redirect("submissions:detail", pk=initiative.pk)
        else:
            messages.error(request, _("Vui lòng sửa các lỗi được đánh dấu bên dưới."))
    return _render_form(request, form, formset, behalf=behalf)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk: int):
    initiative = _get_initiative(request, pk, "submissions.change_initiative")
    form, formset, _behalf = _intake_forms(request, initiative=initiative)
    if request.method == "POST":
        if form.is_valid() & formset.is_valid():
            submit = "submit" in request.POST
            try:
                initiative = services.initiative_update(
                    initiative=initiative, by=request.user, data=form.cleaned_data, co_authors=formset.rows(),
                    files=form.cleaned_data["new_files"], file_kinds=form.cleaned_data["new_file_kinds"],
                    remove_attachment_ids=[int(x) for x in form.cleaned_data.get("remove_attachments") or []],
                    submit=submit,
                )
            except (TransitionError, services.InitiativeError) as error:
                messages.error(request, error.message)
            else:
                _save_feedback(request, initiative, submit)
                return redirect("submissions:detail", pk=initiative.pk)
        else:
            messages.error(request, _("Vui lòng sửa các lỗi được đánh dấu bên dưới."))
    return _render_form(request, form, formset, initiative=initiative)


@login_required
def initiative_detail(request, pk: int):
    initiative = _get_initiative(request, pk)
    return render(
        request,
        "submissions/initiative_detail.html",
        {
            "initiative": initiative,
            "co_authors": list(initiative.co_authors.all()),
            "attachments": list(initiative.attachments.all()),
            "decisions": list(initiative.decisions.select_related("actor", "actor_unit")),
            "unit_path": unit_selectors.ancestors_of(initiative.unit),
        },
    )


@login_required
@require_POST
def initiative_submit_view(request, pk: int):
    initiative = selectors.initiative_for_detail(request.user, pk)
    if initiative is None or not request.user.has_perm("submissions.view_initiative", initiative):
        raise Http404
    if initiative.status == InitiativeStatus.SUBMITTED and request.user.pk in (
        initiative.submitter_id, initiative.entered_by_id
    ):
        # A double click or a retried POST: the first one already submitted it.
        messages.info(request, _("Sáng kiến đã được gửi."))
        return redirect("submissions:detail", pk=pk)
    if not request.user.has_perm("submissions.submit_initiative", initiative):
        raise Http404
    try:
        workflow().submit(initiative=initiative, actor=request.user)
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        _save_feedback(request, initiative, True)
    return redirect("submissions:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_withdraw_view(request, pk: int):
    initiative = _get_initiative(request, pk, "submissions.withdraw_initiative")
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            for error in form.errors["comment"]:
                messages.error(request, error)
            return redirect("submissions:withdraw", pk=pk)
        try:
            workflow().withdraw(initiative=initiative, actor=request.user, comment=form.cleaned_data["comment"])
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã rút sáng kiến."))
        return redirect("submissions:detail", pk=pk)
    return render(request, "submissions/confirm_withdraw.html", {"initiative": initiative})


@login_required
@require_http_methods(["GET", "POST"])
def initiative_delete_view(request, pk: int):
    initiative = _get_initiative(request, pk, "submissions.delete_initiative")
    if request.method == "POST":
        try:
            services.initiative_delete_draft(initiative=initiative, by=request.user)
        except services.InitiativeError as error:
            messages.error(request, error.message)
            return redirect("submissions:detail", pk=pk)
        messages.success(request, _("Đã xóa bản nháp."))
        return redirect("submissions:mine")
    return render(request, "submissions/confirm_delete.html", {"initiative": initiative})


@login_required
def attachment_download(request, pk: int):
    attachment = Attachment.objects.filter(pk=pk).only("initiative_id").first()
    if attachment is None:
        raise Http404
    _get_initiative(request, attachment.initiative_id)
    attachment = Attachment.objects.get(pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
