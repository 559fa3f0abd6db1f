"""A selection round and everything recorded in it.

Scores and assignments are written only by ``councils.services``; once the round is closed
the database refuses any change to them (triggers of migration ``councils``), and the
round's events and selections are never changed at all.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.enums import PhaseCode

from .enums import CouncilAction, RoundStatus


class ImmutableRecord(Exception):
    pass


class CouncilRound(models.Model):
    """A selection round opened by a province federation, sector union or the federation.

    Its pool is the approved initiatives in ``unit``'s subtree (of ``field`` when given),
    taken when the round starts.
    """

    unit = models.ForeignKey("unions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức"))
    name = models.CharField(_("tên đợt xét chọn"), max_length=255)
    phase = models.CharField(_("giai đoạn"), max_length=16, choices=PhaseCode.choices, blank=True)
    period = models.CharField(_("kỳ xét chọn"), max_length=100, blank=True)
    field = models.ForeignKey(
        "submissions.Field", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lĩnh vực")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ tịch hội đồng")
    )
    members_per_initiative = models.PositiveSmallIntegerField(
        _("số thành viên chấm mỗi sáng kiến"), default=2, validators=[MinValueValidator(2), MaxValueValidator(5)]
    )
    disagreement_threshold = models.DecimalField(
        _("ngưỡng chênh lệch điểm"), max_digits=3, decimal_places=1, default=Decimal("3.0"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("10"))],
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu chấm"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc chấm"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")

    class Meta:
        verbose_name = _("đợt xét chọn")
        verbose_name_plural = _("đợt xét chọn")
        indexes = [models.Index(fields=["unit", "-id"], name="council_round_unit")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED


class CouncilCriterion(models.Model):
    """A criterion scored 0–10 by every member, weighted in the member's mean."""

    round = models.ForeignKey(CouncilRound, on_delete=models.PROTECT, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("tiêu chí"), max_length=150)
    weight = models.DecimalField(
        _("trọng số"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="council_criterion_position"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="council_criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weight_shown(self) -> Decimal:
        """The weight without trailing zeros (2; 1,5), never in exponent form (100, not 1E+2)."""
        return self.weight.quantize(Decimal(1)) if self.weight == self.weight.to_integral() else self.weight.normalize()


class CouncilMember(models.Model):
    """An account sitting on the council (the chair is recorded on the round)."""

    round = models.ForeignKey(CouncilRound, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="council_member_once")]
        indexes = [models.Index(fields=["user", "-round"], name="council_member_user")]


    def __str__(self) -> str:
        return str(self.user)

class CouncilAssignment(models.Model):
    """One initiative given to one member to score.

    A conflict declared by the member withdraws it (``withdrawn_at``, the member's
    reason) and the initiative goes to another member; the row stays as the record.
    """

    round = models.ForeignKey(CouncilRound, on_delete=models.PROTECT, related_name="assignments")
    initiative = models.ForeignKey("submissions.Initiative", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField(_("chấm lúc"), null=True, blank=True)
    comment = models.TextField(_("nhận xét"), max_length=3000, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    conflict_reason = models.CharField(_("lý do xung đột lợi ích"), max_length=500, blank=True)

    class Meta:
        ordering = ["initiative_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "initiative", "member"], condition=models.Q(withdrawn_at__isnull=True),
                name="council_assignment_active_once",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "initiative"], name="council_assignment_member"),
            models.Index(fields=["round", "initiative"], name="council_assignment_round"),
        ]


    def __str__(self) -> str:
        return f"{self.member} — {self.initiative_id}"

class CouncilScore(models.Model):
    """A member's score for one criterion of an assignment: 0–10 in steps of 0,1."""

    round = models.ForeignKey(CouncilRound, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(CouncilAssignment, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(CouncilCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(
        _("điểm"), max_digits=3, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="council_score_once"),
            models.CheckConstraint(condition=models.Q(value__gte=0, value__lte=10), name="council_score_range"),
        ]


    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"

class CouncilEvent(models.Model):
    """Who did what in a round, when and why; never changed or deleted."""

    round = models.ForeignKey(CouncilRound, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("thao tác"), max_length=16, choices=CouncilAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    initiative = models.ForeignKey("submissions.Initiative", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["round", "id"], name="council_event_round")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.actor_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("A council event is never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("A council event is never deleted.")


class CouncilSelection(models.Model):
    """An initiative the chair selected after the round closed, with the figures it was chosen on."""

    round = models.ForeignKey(CouncilRound, on_delete=models.PROTECT, related_name="selections")
    initiative = models.ForeignKey("submissions.Initiative", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField(_("thứ hạng"))
    mean = models.DecimalField(_("điểm bình quân"), max_digits=5, decimal_places=2)
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    selected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rank", "initiative_id"]
        constraints = [models.UniqueConstraint(fields=["round", "initiative"], name="council_selection_once")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.initiative_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("A selection is never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("A selection is never deleted.")


__all__ = [
    "CouncilAssignment", "CouncilCriterion", "CouncilEvent", "CouncilMember", "CouncilRound", "CouncilScore",
    "CouncilSelection", "ImmutableRecord", "CouncilAction", "RoundStatus",
]
