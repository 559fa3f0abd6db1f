from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.enums import EmailState


class EmulationCluster(models.Model):
    """A cụm/khối thi đua: top-level units ranked against each other each quarter."""

    name = models.CharField(_("tên cụm, khối thi đua"), max_length=255, unique=True)
    members = models.ManyToManyField("unions.Unit", related_name="clusters", verbose_name=_("đơn vị thành viên"))

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- precomputed aggregates -------------------------------------------------------------------


class AggregateSet(models.Model):
    """One recompute of the aggregates; the current one names the figures readers see.

    A recompute rewrites the aggregate rows that changed inside one transaction and makes
    its set current in the same transaction, so a reader sees the figures before it or
    after it, never a mix. Pages cache what they build under the current set's id.
    """

    started_at = models.DateTimeField(_("bắt đầu tính"))
    computed_at = models.DateTimeField(_("thời điểm tính"), null=True, blank=True)
    is_current = models.BooleanField(default=False)
    initiatives_read = models.PositiveIntegerField(default=0)
    daily_rows = models.PositiveIntegerField(default=0)
    rows_changed = models.PositiveIntegerField(_("số dòng thay đổi"), default=0)
    # Whether the last run read every initiative or applied the changes logged since the run before.
    full = models.BooleanField(_("tính lại toàn bộ"), default=True)
    changes_read = models.PositiveIntegerField(_("số thay đổi đã áp dụng"), default=0)
    # The last nightly check (``reports.aggregate_checks``), kept by the runs after it: when, and
    # how many units' rows differed from the initiatives and were rebuilt (summed over the tables).
    checked_at = models.DateTimeField(_("lần đối chiếu gần nhất"), null=True, blank=True)
    units_differing = models.PositiveIntegerField(_("số đơn vị có số liệu lệch"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lần tính số liệu")
        verbose_name_plural = _("các lần tính số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_aggregate_set"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.computed_at}"


class RecomputeLock(models.Model):
    """A single row locked by the running recompute, so two never build at once."""

    name = models.CharField(max_length=32, unique=True)

    def __str__(self) -> str:
        return self.name


class DailyCount(models.Model):
    """A unit's whole subtree on one day: the initiatives first submitted that local day.

    One row per (unit, day with at least one submission in the subtree), holding that
    day's figures, not running totals: "as of D" is the sum of the rows up to D, and a
    change to an old initiative rewrites one row per unit above it instead of every later
    day. Counts follow the counting rules: ``received`` are the initiatives in a counted
    state, by the local date of their first submission; the others count by current state.
    """

    # No foreign-key check or index per key: a recompute may write a million rows, and the
    # unique (unit, day) key serves every read.
    unit = models.ForeignKey("unions.Unit", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                             db_index=False)
    day = models.DateField()
    received = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    exemplary = models.PositiveIntegerField(default=0)
    public_service = models.PositiveIntegerField(default=0)
    enterprise = models.PositiveIntegerField(default=0)
    union_official = models.PositiveIntegerField(default=0)
    civil_servant = models.PositiveIntegerField(default=0)
    non_management = models.PositiveIntegerField(default=0)
    direct_production = models.PositiveIntegerField(default=0)
    benefit_vnd = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="daily_count_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.received}"


class FieldDailyCount(models.Model):
    """Received initiatives of a unit's subtree in one field, first submitted on ``day``."""

    unit = models.ForeignKey("unions.Unit", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                             db_index=False)
    field = models.ForeignKey("submissions.Field", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                              db_index=False)
    day = models.DateField()
    received = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day", "field"], name="field_daily_count_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.field_id} {self.day}: {self.received}"


class ApprovalDailyCount(models.Model):
    """A unit's whole subtree on one day: the initiatives approved (stage 2) that local day.

    Keyed by ``Initiative.approved_on``, not by the day of submission as ``DailyCount``: "approved
    between two dates" is the sum of the rows in between. Like ``DailyCount.approved`` it counts
    the initiatives in the approved state now, so one that left it no longer counts on its day.
    """

    unit = models.ForeignKey("unions.Unit", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                             db_index=False)
    day = models.DateField()
    approved = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="approval_daily_count_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.approved}"


class RunningTotal(models.Model):
    """A unit's whole subtree: its received and approved initiatives up to each day on which
    either moved, packed in one row, so "every unit as of D" reads one row per unit.

    ``received[i]`` and ``approved[i]`` are the sums of the unit's ``DailyCount`` rows up to
    ``days[i]`` (days in ascending order; a day on which neither figure moved is left out).
    As of D the figures are those of the last day not after D, found by a binary search
    (``width_bucket(D, days)``), none before the first. The national workbook's 130.000 units
    read these instead of summing every daily row (14,7 M at 10 M initiatives). The recompute
    rewrites the row of each unit whose daily rows it changed, in the transaction that makes
    its set current.
    """

    unit = models.OneToOneField("unions.Unit", on_delete=models.DO_NOTHING, primary_key=True, related_name="+",
                                db_constraint=False)
    days = ArrayField(models.DateField())
    received = ArrayField(models.IntegerField())
    approved = ArrayField(models.IntegerField())

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.received[-1] if self.received else 0}"


class BacklogWaiting(models.Model):
    """A unit's whole subtree: the initiatives waiting now at a review stage, by the local day
    their stage clock started and the day they are due.

    ``started_on`` is the local day of ``Initiative.stage_since`` (the arrival at the stage,
    moved earlier by the time already waited there before a return), ``due_on`` that day plus
    the deadline that applies (``reviews.deadlines``). "Overdue on D" is the sum of the rows
    due before D and "oldest waiting on D" is D less the earliest ``started_on``: time passing
    rewrites no row. The rows hold the waiting at the last recompute; ``BacklogFlow`` gives
    any earlier day.
    """

    unit = models.ForeignKey("unions.Unit", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                             db_index=False)
    stage = models.PositiveSmallIntegerField()  # 1: awaiting verification, 2: awaiting approval
    started_on = models.DateField()
    due_on = models.DateField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "stage", "started_on", "due_on"], name="backlog_waiting_key")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} stage {self.stage} since {self.started_on}: {self.n}"


class BacklogFlow(models.Model):
    """A unit's whole subtree on one local day: the initiatives that reached a review stage
    (``ARRIVED``) or left it, by the decision it waited for (``ADVANCED``: verified from stage
    1, approved from stage 2) or otherwise (``LEFT``: returned, rejected, withdrawn).

    ``started_on`` and ``due_on`` are those of the stay at the stage, as in ``BacklogWaiting``.
    The waiting on a day D before the last recompute is the waiting now less the arrivals
    after D plus the departures after D, so an earlier day reads only the flows since then;
    "days to verify/approve" of the initiatives decided in a period are ``day - started_on``
    of the ``ADVANCED`` rows of its days.
    """

    class Kind(models.IntegerChoices):
        ARRIVED = 1
        ADVANCED = 2
        LEFT = 3

    unit = models.ForeignKey("unions.Unit", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                             db_index=False)
    stage = models.PositiveSmallIntegerField()
    day = models.DateField()
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    started_on = models.DateField()
    due_on = models.DateField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "stage", "day", "kind", "started_on", "due_on"],
                                    name="backlog_flow_key")
        ]
        # The day's digests read every unit's arrivals of the last day or week at once.
        indexes = [models.Index(fields=["day"], condition=models.Q(kind=1), name="backlog_flow_arrivals_by_day")]

    def __str__(self) -> str:
        return f"{self.unit_id} stage {self.stage} {self.day} kind {self.kind}: {self.n}"


class FigureChange(models.Model):
    """What one write did to the figures: an initiative's counted values leaving (-1) or
    entering (+1) them, written by database triggers on the initiatives.

    Whatever writes an initiative (a decision, a submission, an import's COPY, an admin
    edit), the trigger logs its old values with -1 and its new ones with +1 when a value the
    figures read changed. The periodic recompute consumes the rows visible to it and adds
    their sums to each unit above the initiative on its day, instead of reading every
    initiative. Only submitted initiatives (``submitted_on`` set, not drafts) are logged.
    """

    sign = models.SmallIntegerField()
    unit_path = models.CharField(max_length=255)
    submitted_on = models.DateField()
    status = models.CharField(max_length=20)
    field_id = models.BigIntegerField()
    category = models.CharField(max_length=20)
    holds_management_post = models.BooleanField()
    is_direct_production_worker = models.BooleanField()
    is_exemplary = models.BooleanField()
    benefit_vnd = models.BigIntegerField(null=True)
    approved_on = models.DateField(null=True)
    # The backlog's waiting (``BacklogWaiting``): the stage clock and the phase whose deadline applies.
    stage_since = models.DateTimeField(null=True)
    phase_id = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.sign:+d} {self.unit_path} {self.submitted_on} {self.status}"


class DecisionChange(models.Model):
    """A decision written since the last recompute, logged by a database trigger on the decisions.

    The periodic recompute adds the flows in and out of the review stages that these decisions
    made (``BacklogFlow``), each stay's clock replayed from its initiative's whole history, as
    the full run replays every initiative's (``reports.backlog_recompute``).
    """

    decision_id = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.decision_id)


class FullRecomputeRequest(models.Model):
    """A change the logged differences cannot follow (a unit moved, merged or removed, an
    initiative given to another unit, a phase's or a unit's deadline changed), so the next
    recompute reads every initiative. Written by database triggers."""

    reason = models.CharField(max_length=64)
    requested_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.reason} {self.requested_at}"


class SentReport(models.Model):
    """A report on a unit's figures that its staff recorded as sent (to the level above, the
    press): the day its figures stop at and, optionally, the document's number. The period
    "since the last report" starts the day after the latest one's ``as_of``."""

    unit = models.ForeignKey("unions.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    as_of = models.DateField(_("số liệu tính đến hết ngày"))
    number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("người ghi nhận"))
    recorded_at = models.DateTimeField(_("thời điểm ghi nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo đã gửi")
        verbose_name_plural = _("các báo cáo đã gửi")
        indexes = [models.Index(fields=["unit", "-as_of", "-id"], name="sent_report_latest")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.as_of} {self.number}"


# --- digests of the review backlog (reports.digests) --------------------------------------------


class DigestRun(models.Model):
    """One local day's build of the digests and escalations, written first in the build's
    transaction: a beat that runs again that day finds it and sends nothing twice."""

    day = models.DateField(_("ngày lập"), unique=True)
    started_at = models.DateTimeField(_("bắt đầu"), auto_now_add=True)
    digests = models.PositiveIntegerField(_("số bản tóm tắt"), default=0)
    escalations = models.PositiveIntegerField(_("số đơn vị bị báo chậm"), default=0)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lần lập tóm tắt")
        verbose_name_plural = _("các lần lập tóm tắt")

    def __str__(self) -> str:
        return str(self.day)


class Digest(models.Model):
    """What one officer is told on one local day: the initiatives waiting for their review
    (``DAILY``/``WEEKLY``), or, to a manager, the child units of ``unit`` whose waiting is
    late past the escalation threshold (``ESCALATION``, the units in ``Escalation``).

    Built for every officer at once from the backlog's aggregates (``reports.digests``). The
    row is the in-app message (listed with the notifications, with its read mark) and the
    record that it was sent: its e-mail is sent after the commit and retried by a sweep, like a
    decision's notification. "verify" is stage 1 (the officer's own unit's initiatives),
    "approve" stage 2 (those verified below it).
    """

    class Kind(models.TextChoices):
        DAILY = "daily", _("Tóm tắt hằng ngày")
        WEEKLY = "weekly", _("Tóm tắt hằng tuần")
        ESCALATION = "escalation", _("Đơn vị cấp dưới chậm xét duyệt")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("người nhận"))
    day = models.DateField(_("ngày gửi"))
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    # ESCALATION: the unit whose children are late; empty for a digest.
    unit = models.ForeignKey("unions.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("đơn vị"))
    # The first day of the arrivals counted as new (the day before, or a week before).
    new_since = models.DateField(null=True, blank=True)
    new_verify = models.PositiveIntegerField(default=0)
    waiting_verify = models.PositiveIntegerField(default=0)
    overdue_verify = models.PositiveIntegerField(default=0)
    new_approve = models.PositiveIntegerField(default=0)
    waiting_approve = models.PositiveIntegerField(default=0)
    overdue_approve = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email_state = models.CharField(max_length=12, choices=EmailState.choices, default=EmailState.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("bản tóm tắt sáng kiến chờ xét duyệt")
        verbose_name_plural = _("các bản tóm tắt sáng kiến chờ xét duyệt")
        ordering = ["-id"]
        constraints = [
            # One message of a kind a day per person (and unit): the guard against a second beat.
            models.UniqueConstraint(fields=["recipient", "day", "kind", "unit"], nulls_distinct=False,
                                    name="digest_once_a_day"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-id"], name="digest_inbox"),
            models.Index(fields=["email_state", "id"], condition=models.Q(email_state=EmailState.PENDING),
                         name="digest_email_outbox"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day} {self.kind}"

    @property
    def waiting(self) -> int:
        return self.waiting_verify + self.waiting_approve

    @property
    def overdue(self) -> int:
        return self.overdue_verify + self.overdue_approve

    @property
    def new(self) -> int:
        return self.new_verify + self.new_approve


class Escalation(models.Model):
    """A unit reported late to the managers of the unit above it on ``day``: ``late`` of the
    initiatives it reviews waited longer than the escalation threshold (by default twice their
    deadline), the oldest ``oldest_days`` days. A unit is reported at most once in seven days."""

    unit = models.ForeignKey("unions.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    parent = models.ForeignKey("unions.Unit", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("đơn vị cấp trên"))
    day = models.DateField(_("ngày báo"))
    late = models.PositiveIntegerField(_("số sáng kiến chậm"))
    oldest_days = models.PositiveIntegerField(_("chờ lâu nhất (ngày)"))

    class Meta:
        verbose_name = _("báo chậm xét duyệt")
        verbose_name_plural = _("các lần báo chậm xét duyệt")
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="escalation_once_a_day")]
        indexes = [models.Index(fields=["parent", "day"], name="escalation_by_parent")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.late}"
