import datetime as dt
import uuid
from decimal import Decimal

import uuid6
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.enums import SubmitterCategory
from initiatives_portal.text import fold

from .enums import InitiativeStatus

# The largest estimated benefit accepted (a million billion đồng): far beyond any initiative,
# well inside the column, so a slip of the keyboard is refused rather than summed into dashboards.
MAX_BENEFIT_VND = 10**15

# What an initiative must have to be submitted; a draft needs only its title. The
# co-authors' shares must also total 100% with the author's.
SUBMIT_REQUIRED = ("title", "field", "summary", "problem", "solution", "benefits")


class Field(models.Model):
    """A field (lĩnh vực) of initiatives; the list is edited in the admin."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=150, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


def new_submission_key() -> uuid.UUID:
    """A key for one submission form: a time-ordered UUID (version 7, 74 random bits; keys
    drawn faster than one a millisecond run ahead of the clock, which nothing reads).

    Keys drawn one after another sort one after another, so each new initiative's key
    goes to the end of the unique index instead of a random page of it: with 10 million
    initiatives a random key costs every insert a page of that index read and written.
    """
    return uuid.UUID(int=uuid6.uuid7().int)


class Initiative(models.Model):
    """An initiative after the statutory form (Decree 13/2012/NĐ-CP).

    ``unit``, ``category`` and the two position flags are a snapshot taken when the
    initiative is first submitted; ``first_submitted_at``, ``submitted_on`` (its local
    date) and ``phase`` never change afterwards. ``status`` is written only by
    ``reviews.services``.
    """

    submission_key = models.UUIDField(unique=True, default=new_submission_key, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=InitiativeStatus.choices, default=InitiativeStatus.DRAFT
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("tài khoản tác giả"),
        db_index=False,  # initiative_submitter_recent starts with it
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entered_initiatives",
        verbose_name=_("người nhập"),
        help_text=_("Trống khi sáng kiến được nhập từ tệp bằng lệnh quản trị."),
        db_index=False,  # initiative_enterer_recent starts with it
    )
    unit = models.ForeignKey(
        "unions.Unit", on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("công đoàn cơ sở"),
        db_index=False,  # initiative_queue_unit (migration 0006) starts with it
    )
    # A copy of ``unit.path`` kept by database triggers (on insert, on a change of unit, and
    # when a unit moves), whatever code writes the row (an import that checked its units'
    # paths under lock writes them itself: migration 0011): a province's or upper-level
    # unit's queue becomes one walk of a covering index instead of a join over its units.
    # A database default makes PostgreSQL return the trigger's value with the insert
    # (RETURNING), which the queue-count bump after a submission reads. Otherwise the value
    # on an instance may be stale; queries read the column.
    unit_path = models.CharField(max_length=255, default="", db_default="", editable=False)

    # The author (the submitter, or the worker an officer enters it for).
    author_name = models.CharField(_("họ và tên tác giả"), max_length=150)
    author_workplace = models.CharField(_("nơi công tác"), max_length=255, blank=True)
    author_job_title = models.CharField(_("chức danh"), max_length=150, blank=True)
    author_qualification = models.CharField(_("trình độ chuyên môn"), max_length=150, blank=True)
    author_contribution = models.DecimalField(
        _("tỷ lệ đóng góp của tác giả (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    category = models.CharField(_("đối tượng"), max_length=20, choices=SubmitterCategory.choices)
    holds_management_post = models.BooleanField(_("tác giả giữ chức vụ lãnh đạo, quản lý"), default=False)
    is_direct_production_worker = models.BooleanField(_("tác giả là công nhân lao động trực tiếp sản xuất"), default=False)

    # The statutory content.
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    # Empty only on a draft never submitted (a draft saves with a title alone): the
    # constraint below keeps it on every initiative the figures count.
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives", verbose_name=_("lĩnh vực")
    )
    summary = models.TextField(_("tóm tắt"), max_length=2000, blank=True)
    problem = models.TextField(_("thực trạng, vấn đề cần giải quyết"), max_length=10000, blank=True)
    solution = models.TextField(_("nội dung giải pháp"), max_length=20000, blank=True)
    applied_where = models.CharField(_("nơi áp dụng"), max_length=255, blank=True)
    first_applied_on = models.DateField(_("ngày áp dụng lần đầu"), null=True, blank=True)
    application_conditions = models.TextField(_("điều kiện cần thiết để áp dụng"), max_length=5000, blank=True)
    first_application_participants = models.TextField(
        _("những người tham gia áp dụng lần đầu"), max_length=2000, blank=True
    )
    benefits = models.TextField(_("lợi ích thu được"), max_length=5000, blank=True)
    # Read from people only by initiatives_portal.money.parse_vnd (forms, admin, import), up to MAX_BENEFIT_VND.
    benefit_vnd = models.PositiveBigIntegerField(_("giá trị làm lợi ước tính (đồng)"), null=True, blank=True)
    recognised_by = models.CharField(_("đơn vị, hội đồng công nhận tại cơ sở"), max_length=255, blank=True)
    recognised_on = models.DateField(_("ngày công nhận tại cơ sở"), null=True, blank=True)

    # Set once, at the first submission.
    first_submitted_at = models.DateTimeField(_("thời điểm gửi lần đầu"), null=True, blank=True)
    submitted_on = models.DateField(_("ngày gửi (giờ Việt Nam)"), null=True, blank=True)
    phase = models.ForeignKey(
        "campaign.Phase", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("giai đoạn")
    )

    # The review stage's clock (``reviews`` deadlines), written only by the state machine.
    # ``stage_since``: while the initiative waits for a review (submitted or verified), the
    # moment its clock at that stage counts from: its arrival there, moved earlier by the
    # time it already waited at the stage before being returned to its author; empty
    # otherwise. ``stage_waited``: while it is returned, the time it had waited at stage 1,
    # carried to its resubmission (the clock stops while the author holds it).
    stage_since = models.DateTimeField(_("chờ xét duyệt ở bước này từ"), null=True, blank=True, editable=False)
    stage_waited = models.DurationField(
        _("thời gian đã chờ trước khi trả lại"), default=dt.timedelta(0), db_default=dt.timedelta(0), editable=False
    )
    # The local day of the stage-2 decision that approved it, written with that decision by the
    # review workflow (``reviews.services``). Kept if the initiative later leaves the approved
    # state (it says when that approval happened); the figures count it only while approved.
    approved_on = models.DateField(_("ngày được công nhận (giờ Việt Nam)"), null=True, blank=True, editable=False)

    is_exemplary = models.BooleanField(_("sáng kiến tiêu biểu"), default=False)
    # The author's agreement to show it on the public showcase once it is exemplary: asked
    # at submission, off by default (and for every imported initiative) until the author,
    # or an officer recording the author's word, says yes. Each change is a
    # ``PublicationConsentChange`` (who, when, why). A database default, so that COPY and
    # bulk inserts that do not name it write "no".
    publication_consent = models.BooleanField(
        _("tác giả đồng ý công bố công khai"), default=False, db_default=False,
        help_text=_("Nếu sáng kiến được chọn là tiêu biểu, tên, tóm tắt, lợi ích, đơn vị và họ tên tác giả "
                    "sẽ được giới thiệu công khai. Có thể thay đổi sau."),
    )
    # Fingerprint of an imported row (unit, title, author, time): importing it again finds it.
    # Unique through a constraint (not ``unique=True``, which on PostgreSQL adds a second,
    # pattern-matching index that no query uses): every insert pays for each index. NULL,
    # not "", for initiatives not imported: any number of them may coexist, and the index
    # holds the imported ones only (as the import run's: a form's submission enters neither).
    import_key = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    import_run = models.ForeignKey(
        "ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives", editable=False,
        db_index=False,  # initiative_import_run, for the imported ones only
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        # Every index costs each insert (an import writes 100.000 rows). On PostgreSQL the
        # queue's covering indexes (migration 0006) serve a unit's initiatives by state and
        # the recompute's index any range of submission days (migration 0006).
        indexes = [
            models.Index(fields=["submitter", "-id"], name="initiative_submitter_recent"),
            models.Index(fields=["entered_by", "-id"], name="initiative_enterer_recent"),
            models.Index(fields=["import_run"], name="initiative_import_run", condition=models.Q(import_run__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(first_submitted_at__isnull=False),
                name="initiative_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(field__isnull=False),
                name="initiative_submitted_has_field",
            ),
            models.UniqueConstraint(
                fields=["import_key"], name="initiative_import_key_unique", condition=models.Q(import_key__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join([self.title, self.summary, self.author_name]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            fields = set(update_fields)
            if fields & {"title", "summary", "author_name"}:
                kwargs["update_fields"] = list(fields | {"search_text"})
        super().save(*args, **kwargs)


class CoAuthor(models.Model):
    """A co-author with their share of the contribution (all shares total 100%)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="co_authors")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    # The co-author's own account, when they have one: a co-author, like the author, never
    # reviews the initiative (``reviews.rules.conflict_of_interest``). Losing the account
    # keeps the co-author's name and share.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="co_authored_initiatives", verbose_name=_("tài khoản đồng tác giả"),
        db_index=False,  # coauthor_account, for the linked ones only
    )
    workplace = models.CharField(_("nơi công tác"), max_length=255, blank=True)
    job_title = models.CharField(_("chức danh"), max_length=150, blank=True)
    qualification = models.CharField(_("trình độ chuyên môn"), max_length=150, blank=True)
    contribution = models.DecimalField(
        _("tỷ lệ đóng góp (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("đồng tác giả")
        verbose_name_plural = _("đồng tác giả")
        ordering = ["id"]
        # Most co-authors have no account (every imported one): their rows stay out of it.
        indexes = [models.Index(fields=["account"], name="coauthor_account", condition=models.Q(account__isnull=False))]

    def __str__(self) -> str:
        return self.full_name


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name is random: the original name is kept only as data.
    return f"attachments/{instance.initiative_id}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    """A file stored outside the web root, served only through a permission-checked view."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Set by the author: a public file may be downloaded from the showcase page by anyone
    # once the initiative is showcased; every other file stays behind the permission check.
    is_public = models.BooleanField(_("công khai"), default=False, db_default=False)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name to download the file as: the uploader's, with the extension of the detected type.

        The uploader's extension is not kept: a PNG named "bao-cao.html" (an image with a page
        after it) or a PDF named ".hta" would be opened by the browser or the system as that.
        """
        stem = self.original_name.rsplit(".", 1)[0].strip(" .") if "." in self.original_name else self.original_name
        return f"{stem or 'tep-dinh-kem'}.{self.extension}"


class PublicationConsentChange(models.Model):
    """One change of an initiative's publication consent: to what, by whom, when and why.

    ``on_behalf`` is an officer recording the author's word (a note says how it was given).
    Written only by ``services.initiative_set_publication_consent`` (and by ``initiative_create``
    for the answer given on the form).
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="consent_changes")
    consent = models.BooleanField(_("đồng ý công bố"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thay đổi")
    )
    on_behalf = models.BooleanField(_("cán bộ ghi nhận thay tác giả"), default=False)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    changed_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi đồng ý công bố")
        verbose_name_plural = _("thay đổi đồng ý công bố")
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["initiative", "id"], name="consent_change_initiative")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.consent}"


class ImportRun(models.Model):
    """One upload of a file of initiatives and what became of it (progress, counts, errors)."""

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("Chỉ nhập khi mọi dòng đều hợp lệ")
        VALID_ROWS = "valid_rows", _("Nhập các dòng hợp lệ, bỏ qua dòng lỗi")

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang kiểm tra")
        WRITING = "writing", _("Đang ghi dữ liệu")
        DONE = "done", _("Hoàn tất")
        REFUSED = "refused", _("Không nhập (tệp có lỗi)")
        FAILED = "failed", _("Lỗi hệ thống")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người tải lên"),
    )
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    mode = models.CharField(_("cách nhập"), max_length=16, choices=Mode.choices, default=Mode.ALL_OR_NOTHING)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("số dòng trong tệp (ước tính)"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    rows_valid = models.PositiveIntegerField(_("số dòng hợp lệ"), default=0)
    rows_invalid = models.PositiveIntegerField(_("số dòng lỗi"), default=0)
    rows_created = models.PositiveIntegerField(_("số sáng kiến đã tạo"), default=0)
    rows_duplicate = models.PositiveIntegerField(_("số dòng đã có từ trước"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập sáng kiến")
        verbose_name_plural = _("các lần nhập sáng kiến")
        ordering = ["-id"]
        indexes = [models.Index(fields=["uploaded_by", "-id"], name="import_run_by_user")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def percent_read(self) -> int:
        """How far the reading has got, for the progress bar (0–100)."""
        if self.is_finished:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_read * 100 // self.rows_total)

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.REFUSED, self.State.FAILED)

    @property
    def has_error_file(self) -> bool:
        """Whether the file with its error column can be given: only once every row was
        checked (a failed run stopped part way, and its unchecked rows would look valid)."""
        return self.state in (self.State.DONE, self.State.REFUSED)


class ImportRowError(models.Model):
    """Why one row (and which column) of an import was refused."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="row_errors")
    line = models.PositiveIntegerField(_("dòng"))
    column = models.CharField(_("cột"), max_length=40, blank=True)
    message = models.CharField(_("lỗi"), max_length=500)

    class Meta:
        ordering = ["line", "id"]
        indexes = [models.Index(fields=["run", "line"], name="import_error_by_line")]

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"
