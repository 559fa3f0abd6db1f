"""Intake views: thin; the rules are in rules.py, the writes in services.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unions import selectors as unit_selectors

from . import selectors, services
from .enums import InitiativeStatus
from .forms import CoAuthorFormSet, InitiativeForm, OnBehalfForm, PublicationConsentForm, WithdrawForm
from .models import Attachment, Initiative, new_submission_key
from .workflow import IncompleteInitiativeError, TransitionError, workflow

PAGE_SIZE = 20
# Returned initiatives shown first on the list, above the others; more are one filter away.
RETURNED_SHOWN = 20
# A keyset cursor is an id: anything else (or beyond a bigint) is read as the first page.
_MAX_ID = 2**63 - 1


def _get_initiative(request, pk: int, perm: str = "submissions.view_initiative"):
    """The initiative if the user may act on it; 404 otherwise, so nothing leaks."""
    initiative = selectors.initiative_for_detail(request.user, pk)
    if initiative is None or not request.user.has_perm(perm, initiative):
        raise Http404
    return initiative


def _cursor(value: str | None) -> int | None:
    try:
        cursor = int(value or "")
    except ValueError:
        return None
    return cursor if 0 < cursor <= _MAX_ID else None


@dataclass
class MinePage:
    """One page of the worker's list: keyset on the id, newest first; no count of the rows."""

    object_list: list
    returned: list = field(default_factory=list)
    more_returned: bool = False
    next_before: int | None = None
    is_first: bool = True


@login_required
def my_initiatives(request):
    """The worker's initiatives, newest first; those returned for changes come first, with the officer's reason.

    Each page is read by id from the submitter's (or enterer's) index: a fixed number of
    queries whatever the page or the number of initiatives, the return notes in one.
    """
    status = request.GET.get("status", "")
    if status not in InitiativeStatus.values:
        status = ""
    before = _cursor(request.GET.get("before"))
    own = selectors.initiatives_of(request.user).select_related("field").order_by("-id")
    page = MinePage(object_list=[], is_first=before is None)
    rows = own.filter(status=status) if status else own.exclude(status=InitiativeStatus.RETURNED)
    if before is not None:
        rows = rows.filter(id__lt=before)
    items = list(rows[: PAGE_SIZE + 1])
    page.object_list = items[:PAGE_SIZE]
    if len(items) > PAGE_SIZE:
        page.next_before = page.object_list[-1].pk
    if not status and before is None:
        returned = list(own.filter(status=InitiativeStatus.RETURNED)[: RETURNED_SHOWN + 1])
        page.returned, page.more_returned = returned[:RETURNED_SHOWN], len(returned) > RETURNED_SHOWN
    needing_notes = [i for i in [*page.returned, *page.object_list] if i.status == InitiativeStatus.RETURNED]
    notes = workflow().return_notes([i.pk for i in needing_notes]) if needing_notes else {}
    for item in needing_notes:
        item.return_note = notes.get(item.pk)
    return render(
        request,
        "submissions/my_initiatives.html",
        {"page": page, "status": status, "statuses": InitiativeStatus.choices},
    )


def _stored_data(initiative) -> dict:
    """The initiative's stored content as its form posts it, to check it as if it were sent."""
    data = {}
    for name in InitiativeForm.Meta.fields:
        value = getattr(initiative, Initiative._meta.get_field(name).attname)
        data[name] = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
    data.update(_co_author_data(initiative))
    return data


def _co_author_data(initiative) -> dict:
    """The stored co-authors as the formset posts them, as its initial rows, and two empty rows.

    Rows posted as initial rows are always read: posted as extra rows equal to their
    initial values, they would count as untouched, be dropped and then deleted.
    """
    co_authors = list(initiative.co_authors.all())
    total = min(len(co_authors) + CoAuthorFormSet.extra, CoAuthorFormSet.max_num)
    data = {"co-TOTAL_FORMS": str(max(total, len(co_authors))), "co-INITIAL_FORMS": str(len(co_authors))}
    for i, co in enumerate(co_authors):
        for name in ("full_name", "workplace", "job_title", "qualification", "contribution"):
            data[f"co-{i}-{name}"] = str(getattr(co, name))
    return data


def _intake_forms(request, *, initiative=None, on_behalf=False, complete=True, data=None, files=None):
    """Bind the initiative form, the co-author formset and (for officers) the on-behalf form.

    ``complete``: checked as for submitting (every required field, shares totalling 100%);
    otherwise as a draft. ``data`` and ``files`` default to the request's on a POST.
    """
    attachments = list(initiative.attachments.all()) if initiative else []
    if data is None and request.method == "POST":
        data, files = request.POST, request.FILES
    initial = {"submission_key": new_submission_key()}
    if initiative is None and not on_behalf:
        user = request.user
        initial.update(
            author_workplace=user.workplace, author_job_title=user.job_title, author_qualification=user.qualification
        )
    form = InitiativeForm(
        data, files, instance=initiative, initial=initial, existing_attachments=attachments, complete=complete
    )
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
    formset = CoAuthorFormSet(
        data, prefix="co", initial=co_initial, author_contribution=author_share, complete=complete
    )
    behalf = OnBehalfForm(data, officer=request.user, prefix="behalf") if on_behalf else None
    return form, formset, behalf


def _render_form(request, form, formset, *, behalf=None, initiative=None, kept_files=0, draft_kept=False,
                 checking=False):
    form.mark_submit_requirements()
    return_note = None
    if initiative is not None and initiative.status == InitiativeStatus.RETURNED:
        return_note = workflow().return_notes([initiative.pk]).get(initiative.pk)
    return render(
        request,
        "submissions/initiative_form.html",
        {"form": form, "formset": formset, "behalf": behalf, "initiative": initiative, "on_behalf": behalf is not None,
         "return_note": return_note, "kept_files": kept_files, "draft_kept": draft_kept, "checking": checking},
    )


def _save_feedback(request, initiative, submitted: bool):
    if submitted:
        messages.success(request, _("Đã gửi sáng kiến “%(title)s”. Cảm ơn bạn!") % {"title": initiative.title})
    else:
        messages.success(request, _("Đã lưu bản nháp. Bạn có thể sửa và gửi sau."))


def _after_save(request, initiative, submitted: bool):
    _save_feedback(request, initiative, submitted)
    if submitted:
        return redirect("submissions:receipt", pk=initiative.pk)
    return redirect("submissions:detail", pk=initiative.pk)


def _draft_valid(request, form, *, initiative=None, on_behalf=False):
    """The posted content checked as a draft (without its files, already checked by ``form``),
    when a submission was refused: what can be kept is saved rather than typed again."""
    if "new_files" in form.errors:
        return None
    draft_form, draft_set, behalf = _intake_forms(
        request, initiative=initiative, on_behalf=on_behalf, complete=False, data=request.POST, files={}
    )
    if draft_form.is_valid() & draft_set.is_valid() & (behalf.is_valid() if behalf else True):
        return draft_form, draft_set, behalf
    return None


def _show_refused_submission(request, initiative, *, kept_files: int):
    """The saved draft's form, checked as for submitting: the same errors, its files now attached."""
    data = request.POST.copy()
    data.pop("remove_attachments", None)
    for name in [name for name in data if name.startswith("co-")]:
        del data[name]
    data.update(_co_author_data(initiative))
    form, formset, _behalf = _intake_forms(request, initiative=initiative, complete=True, data=data, files={})
    form.is_valid()
    formset.is_valid()
    return _render_form(request, form, formset, initiative=initiative, kept_files=kept_files, draft_kept=True)


def _author_of(user, behalf) -> tuple:
    """The unit, submitter and author snapshot of a new initiative: the worker's own, or the one entered for."""
    if behalf is not None:
        b = behalf.cleaned_data
        author = {
            "author_name": b["author_name"], "category": b["category"],
            "holds_management_post": b["holds_management_post"],
            "is_direct_production_worker": b["is_direct_production_worker"],
        }
        return b["unit"], b["account"], author
    author = {
        "author_name": user.full_name, "category": user.category,
        "holds_management_post": user.holds_management_post,
        "is_direct_production_worker": user.is_direct_production_worker,
    }
    return None, user, author


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request, on_behalf: bool = False):
    user = request.user
    if on_behalf and not user.has_perm("submissions.enter_on_behalf"):
        raise PermissionDenied
    if not on_behalf and (user.unit_id is None or not user.category):
        messages.warning(request, _("Vui lòng cập nhật công đoàn cơ sở và đối tượng trong hồ sơ trước khi gửi."))
        return redirect("accounts:profile")
    submit = request.method == "POST" and "submit" in request.POST
    form, formset, behalf = _intake_forms(request, on_behalf=on_behalf, complete=submit)
    if request.method == "POST":
        valid = form.is_valid() & formset.is_valid() & (behalf.is_valid() if behalf else True)
        draft = None if valid or not submit else _draft_valid(request, form, on_behalf=on_behalf)
        if valid or draft:
            saving = (form, formset, behalf) if valid else draft
            unit, submitter, author = _author_of(user, saving[2])
            try:
                initiative, created = services.initiative_create(
                    entered_by=user, submitter=submitter, unit=unit, author=author, data=saving[0].cleaned_data,
                    co_authors=saving[1].rows(), files=form.cleaned_data["new_files"],
                    file_kinds=form.cleaned_data["new_file_kinds"],
                    submission_key=saving[0].cleaned_data["submission_key"], submit=valid and submit,
                )
            except (TransitionError, services.InitiativeError) as error:
                messages.error(request, error.message)
            else:
                if not created:
                    messages.info(request, _("Sáng kiến này đã được ghi nhận trước đó; không tạo bản trùng."))
                    # A double click on "Gửi": the same receipt as the first click's.
                    target = "submissions:receipt" if initiative.first_submitted_at else "submissions:detail"
                    return redirect(target, pk=initiative.pk)
                if valid:
                    return _after_save(request, initiative, submit)
                return _show_refused_submission(request, initiative, kept_files=len(form.cleaned_data["new_files"]))
    return _render_form(request, form, formset, behalf=behalf)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk: int):
    initiative = _get_initiative(request, pk, "submissions.change_initiative")
    if request.method == "GET" and request.GET.get("check") == "submit":
        # Sent here by a submission refused on the initiative's page: its gaps, field by field.
        form, formset, _behalf = _intake_forms(
            request, initiative=initiative, complete=True, data=_stored_data(initiative), files={}
        )
        form.is_valid()
        formset.is_valid()
        return _render_form(request, form, formset, initiative=initiative, checking=True)
    submit = request.method == "POST" and "submit" in request.POST
    form, formset, _behalf = _intake_forms(request, initiative=initiative, complete=submit)
    if request.method == "POST":
        valid = form.is_valid() & formset.is_valid()
        draft = None if valid or not submit else _draft_valid(request, form, initiative=initiative)
        if valid or draft:
            saving = (form, formset) if valid else draft[:2]
            try:
                initiative = services.initiative_update(
                    initiative=initiative, by=request.user, data=saving[0].cleaned_data, co_authors=saving[1].rows(),
                    files=form.cleaned_data["new_files"], file_kinds=form.cleaned_data["new_file_kinds"],
                    remove_attachment_ids=[int(x) for x in saving[0].cleaned_data.get("remove_attachments") or []],
                    submit=valid and submit,
                )
            except (TransitionError, services.InitiativeError) as error:
                messages.error(request, error.message)
            else:
                if valid:
                    return _after_save(request, initiative, submit)
                return _show_refused_submission(request, initiative, kept_files=len(form.cleaned_data["new_files"]))
    return _render_form(request, form, formset, initiative=initiative)


@login_required
def initiative_detail(request, pk: int):
    initiative = _get_initiative(request, pk)
    return_note = None
    if initiative.status == InitiativeStatus.RETURNED:
        return_note = workflow().return_notes([initiative.pk]).get(initiative.pk)
    return render(
        request,
        "submissions/initiative_detail.html",
        {
            "initiative": initiative,
            "co_authors": list(initiative.co_authors.all()),
            "attachments": list(initiative.attachments.all()),
            "decisions": list(initiative.decisions.select_related("actor", "actor_unit")),
            "unit_path": unit_selectors.ancestors_of(initiative.unit),
            "return_note": return_note,
            "consent_changes": selectors.publication_consent_changes(initiative),
            "consent_form": PublicationConsentForm.for_initiative(initiative),
        },
    )


@login_required
@require_POST
def initiative_publication_consent(request, pk: int):
    """The author's consent to publication on the showcase, or an officer recording it."""
    initiative = _get_initiative(request, pk)
    form = PublicationConsentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("submissions:detail", pk=pk)
    try:
        changed = services.initiative_set_publication_consent(
            initiative=initiative, by=request.user, consent=form.cleaned_data["consent"],
            note=form.cleaned_data["note"],
        )
    except services.InitiativeError as error:
        messages.error(request, error.message)
    else:
        if changed and initiative.publication_consent:
            messages.success(request, _("Đã ghi nhận: tác giả đồng ý công bố sáng kiến."))
        elif changed:
            messages.success(request, _("Đã ghi nhận: sáng kiến không được công bố công khai."))
    return redirect(f"{reverse('submissions:detail', args=[pk])}#cong-bo")


@login_required
@require_POST
def attachment_visibility(request, pk: int):
    """The author marks one attachment public (shown on the showcase page) or private."""
    attachment = Attachment.objects.filter(pk=pk).select_related("initiative").first()
    if attachment is None:
        raise Http404
    _get_initiative(request, attachment.initiative_id)
    try:
        services.attachment_set_public(attachment=attachment, by=request.user, public=request.POST.get("public") == "1")
    except services.InitiativeError as error:
        messages.error(request, error.message)
    return redirect(f"{reverse('submissions:detail', args=[attachment.initiative_id])}#tep")


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
        return redirect("submissions:receipt", pk=pk)
    if not request.user.has_perm("submissions.submit_initiative", initiative):
        raise Http404
    try:
        workflow().submit(initiative=initiative, actor=request.user)
    except IncompleteInitiativeError:
        # A draft saved half-filled: its form, with each gap marked and listed at the top.
        return redirect(f"{reverse('submissions:edit', args=[pk])}?check=submit")
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        _save_feedback(request, initiative, True)
        return redirect("submissions:receipt", pk=pk)
    return redirect("submissions:detail", pk=pk)


@login_required
@require_GET
def initiative_receipt(request, pk: int):
    """The author's receipt of a submission: reference, time, who reviews it next and how to follow it."""
    initiative = _get_initiative(request, pk, "submissions.view_receipt")
    receipt = selectors.initiative_receipt(initiative)
    if receipt is None:
        raise Http404
    return render(request, "submissions/receipt.html", {"initiative": initiative, "receipt": receipt})


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
