"""Every write to an initiative's content, its co-authors and its attachments.

Status changes go through the state machine (``reviews.services``), which this module
reaches through the port ``workflow`` defines, to submit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from unions.models import Unit

from .attachments import FileKind, sha256_of
from .enums import EDITABLE_STATES
from .models import Attachment, CoAuthor, Initiative, PublicationConsentChange, new_submission_key
from .workflow import workflow

CONTENT_FIELDS = (
    "title", "field", "summary", "problem", "solution", "applied_where", "first_applied_on",
    "application_conditions", "first_application_participants", "benefits", "benefit_vnd", "recognised_by",
    "recognised_on", "author_workplace", "author_job_title", "author_qualification", "author_contribution",
)

# Foreign keys of a new initiative, all set from rows already read.
_REFERENCES = ("entered_by", "submitter", "unit", "field")


class InitiativeError(Exception):
    """A change that cannot be made; ``message`` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _replace_co_authors(initiative: Initiative, rows: Sequence[dict]) -> None:
    # The form does not carry the accounts linked to co-authors: a co-author listed again
    # under the same name keeps theirs (the link keeps them from reviewing the initiative).
    linked = dict(initiative.co_authors.filter(account__isnull=False).values_list("full_name", "account_id"))
    initiative.co_authors.all().delete()
    _add_co_authors(
        initiative,
        [row if row.get("account") or row["full_name"] not in linked else {**row, "account_id": linked[row["full_name"]]}
         for row in rows],
    )


def _add_co_authors(initiative: Initiative, rows: Sequence[dict]) -> None:
    """Each row: full_name, contribution, optionally workplace, job_title, qualification and
    the co-author's ``account`` (or its ``account_id``)."""
    if not rows:
        return
    CoAuthor.objects.bulk_create(
        CoAuthor(
            initiative=initiative,
            full_name=row["full_name"],
            account_id=row["account"].pk if row.get("account") else row.get("account_id"),
            workplace=row.get("workplace", ""),
            job_title=row.get("job_title", ""),
            qualification=row.get("qualification", ""),
            contribution=row["contribution"],
        )
        for row in rows
    )


def _store_files(initiative: Initiative, files: Sequence, kinds: Sequence[FileKind], by) -> list[Attachment]:
    """Write each upload under a random name and record it; on failure remove what was written."""
    stored: list[Attachment] = []
    try:
        for upload, kind in zip(files, kinds, strict=True):
            attachment = Attachment(
                initiative=initiative,
                original_name=upload.name[:255],
                extension=kind.extension,
                content_type=kind.content_type,
                size=upload.size,
                sha256=sha256_of(upload),
                uploaded_by=by,
            )
            attachment.file.save(upload.name, upload, save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        _delete_files(stored)
        raise
    return stored


def _check_attachment_count(kept: int, adding: int) -> None:
    """Refuse files beyond the limit.

    ``kept`` is counted with the initiative's row locked: edits adding files at the same
    moment each passed the form's check on what they had read, and only a count taken
    under the lock sees what the others stored.
    """
    if kept + adding > settings.ATTACHMENT_MAX_COUNT:
        raise InitiativeError(
            _("Mỗi sáng kiến có tối đa %(max)s tệp đính kèm (đang có %(kept)s, thêm %(new)s).")
            % {"max": settings.ATTACHMENT_MAX_COUNT, "kept": kept, "new": adding}
        )


def _delete_files(attachments: Sequence[Attachment]) -> None:
    for attachment in attachments:
        attachment.file.delete(save=False)


def initiative_create(
    *,
    entered_by,
    author: dict,
    data: dict,
    co_authors: Sequence[dict] = (),
    files: Sequence = (),
    file_kinds: Sequence[FileKind] = (),
    submitter=None,
    unit: Unit | None = None,
    submission_key: uuid.UUID | None = None,
    submit: bool = False,
) -> tuple[Initiative, bool]:
    """Create an initiative (as a draft, or submitted at once) with its co-authors and files.

    ``unit`` is the author's grassroots union, by default the submitter's own (taken from
    the account without reading the unit). ``author`` holds author_name, category and the
    two position flags. A second call with the same ``submission_key`` (a double click, a
    retried POST) returns the first initiative and ``False`` instead of creating another:
    the unique index on the key refuses the second row, so the usual, first call pays no
    look-up.
    """
    key = submission_key or new_submission_key()
    consent = bool(data.get("publication_consent"))
    initiative = Initiative(
        submission_key=key, entered_by=entered_by, submitter=submitter, publication_consent=consent,
        unit_id=unit.pk if unit is not None else submitter.unit_id,
        **author, **{name: data.get(name) for name in CONTENT_FIELDS if name in data},
    )
    # The references are rows the caller read (and foreign keys the database enforces),
    # a reused key is told by the unique index below, and the only constraint (a submitted
    # row has a time) concerns the status, set by the state machine: checking them here
    # would cost five queries and a constraint query build on every submission for nothing.
    initiative.full_clean(exclude=[*_REFERENCES, "status"], validate_unique=False, validate_constraints=False)
    _check_attachment_count(0, len(files))
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            if submit:
                workflow().insert_submitted(initiative=initiative, actor=entered_by)
            else:
                initiative.save()
            _add_co_authors(initiative, co_authors)
            stored = _store_files(initiative, files, file_kinds, entered_by)
            if consent:
                PublicationConsentChange.objects.create(
                    initiative=initiative, consent=True, changed_by=entered_by,
                    on_behalf=submitter is None or submitter.pk != entered_by.pk,
                )
    except IntegrityError:
        _delete_files(stored)
        existing = Initiative.objects.filter(submission_key=key).first()
        if existing is None:
            raise
        _check_same_author(existing, entered_by)
        return existing, False
    except Exception:
        _delete_files(stored)
        raise
    return initiative, True


def _check_same_author(initiative: Initiative, user) -> None:
    if initiative.entered_by_id != user.pk:
        raise InitiativeError(_("Biểu mẫu này đã được dùng. Vui lòng mở lại trang tạo sáng kiến."))


def initiative_update(
    *,
    initiative: Initiative,
    by,
    data: dict,
    co_authors: Sequence[dict] = (),
    files: Sequence = (),
    file_kinds: Sequence[FileKind] = (),
    remove_attachment_ids: Sequence[int] = (),
    submit: bool = False,
) -> Initiative:
    """Save new content of a draft or returned initiative; optionally (re)submit it.

    The row is locked while it is changed, and the state is checked again under the
    lock, so an edit never lands on an initiative that was just submitted elsewhere.
    """
    stored: list[Attachment] = []
    removed: list[Attachment] = []
    try:
        with transaction.atomic():
            locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
            if locked.status not in EDITABLE_STATES:
                raise InitiativeError(_("Sáng kiến đã được gửi nên không thể sửa nữa."))
            for name in CONTENT_FIELDS:
                if name in data:
                    setattr(locked, name, data[name])
            locked.full_clean(exclude=["status"])
            locked.save()
            _replace_co_authors(locked, co_authors)
            removed = list(locked.attachments.filter(pk__in=remove_attachment_ids))
            Attachment.objects.filter(pk__in=[a.pk for a in removed]).delete()
            if files:
                _check_attachment_count(locked.attachments.count(), len(files))
            stored = _store_files(locked, files, file_kinds, by)
            if submit:
                workflow().submit(initiative=locked, actor=by)
    except Exception:
        _delete_files(stored)
        raise
    # Only once the rows are gone for good are the removed files deleted from disk.
    _delete_files(removed)
    return locked


def initiative_delete_draft(*, initiative: Initiative, by) -> None:
    """Discard a draft that was never submitted, with its files."""
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.first_submitted_at is not None or locked.status != "draft":
            raise InitiativeError(_("Chỉ có thể xóa bản nháp chưa từng gửi."))
        attachments = list(locked.attachments.all())
        locked.attachments.all().delete()
        locked.co_authors.all().delete()
        locked.delete()
    _delete_files(attachments)


def initiatives_anonymise_author(*, author, placeholder: str) -> int:
    """Remove a closing account's personal data from its initiatives; returns how many were kept.

    Drafts never submitted are deleted with their files (they never counted). Every
    other initiative keeps its unit, status and submission snapshot, so every count is
    unchanged; the author's name becomes ``placeholder`` and their workplace, job title
    and qualification are cleared (the search text follows).
    """
    from initiatives_portal.text import fold

    for draft in Initiative.objects.filter(submitter=author, status="draft", first_submitted_at__isnull=True):
        initiative_delete_draft(initiative=draft, by=author)
    kept = list(Initiative.objects.filter(submitter=author).only("id", "title", "summary"))
    for initiative in kept:
        initiative.author_name = placeholder
        initiative.author_workplace = ""
        initiative.author_job_title = ""
        initiative.author_qualification = ""
        initiative.search_text = fold(" ".join([initiative.title, initiative.summary, placeholder]))
    Initiative.objects.bulk_update(
        kept,
        ["author_name", "author_workplace", "author_job_title", "author_qualification", "search_text"],
        batch_size=500,
    )
    return len(kept)


def initiative_set_publication_consent(*, initiative: Initiative, by, consent: bool, note: str = "") -> bool:
    """The author gives or withdraws their consent to publication, or an officer of the
    initiative's unit records the author's word (a note saying how it was given is then
    required). Returns whether anything changed; every change is recorded with who, when
    and the note. Withdrawing consent takes the initiative off the public showcase at once.
    """
    if by.has_perm("submissions.change_publication_consent", initiative):
        on_behalf = False
    elif by.has_perm("submissions.record_publication_consent", initiative):
        on_behalf = True
    else:
        raise InitiativeError(_("Bạn không có quyền thay đổi việc đồng ý công bố của sáng kiến này."))
    note = (note or "").strip()
    if on_behalf and not note:
        raise InitiativeError(_("Hãy ghi rõ tác giả đã đồng ý (hoặc từ chối) bằng cách nào, khi nào."))
    with transaction.atomic():
        changed = Initiative.objects.filter(pk=initiative.pk).exclude(publication_consent=consent).update(
            publication_consent=consent
        )
        if changed:
            PublicationConsentChange.objects.create(
                initiative=initiative, consent=consent, changed_by=by, on_behalf=on_behalf, note=note
            )
    initiative.publication_consent = consent
    return bool(changed)


def attachment_set_public(*, attachment: Attachment, by, public: bool) -> None:
    """The author marks one file public (downloadable from the showcase once the initiative
    is shown there) or private again."""
    if not by.has_perm("submissions.change_attachment_visibility", attachment.initiative):
        raise InitiativeError(_("Chỉ tác giả mới được chọn tệp nào công khai."))
    Attachment.objects.filter(pk=attachment.pk).update(is_public=public)
    attachment.is_public = public
