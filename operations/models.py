"""Records the operations page lists besides those of other apps: imports of the unit tree, targets and programme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TreeImportRecord(models.Model):
    """One import of a file of units, targets or the programme (web page or command), applied or refused.

    Written by a receiver of ``unions.signals.import_finished``; the imports themselves
    keep no record, so without it the operations page could not say who changed the tree
    or the targets, and when.
    """

    class Kind(models.TextChoices):
        UNITS = "units", _("Cơ cấu đơn vị")
        TARGETS = "targets", _("Chỉ tiêu đơn vị")
        PROGRAMME = "programme", _("Chương trình và giai đoạn")

    class Source(models.TextChoices):
        WEB = "web", _("Trang nhập cơ cấu, chỉ tiêu")
        COMMAND = "command", _("Lệnh quản trị")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("người thực hiện"),
    )
    applied = models.BooleanField(_("đã áp dụng"))
    created = models.PositiveIntegerField(_("số dòng mới"), default=0)
    updated = models.PositiveIntegerField(_("số dòng cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("số dòng không đổi"), default=0)
    errors = models.PositiveIntegerField(_("số dòng lỗi"), default=0)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập cơ cấu, chỉ tiêu")
        verbose_name_plural = _("các lần nhập cơ cấu, chỉ tiêu")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


class TaskRun(models.Model):
    """The last run of one Celery task (one row per task, rewritten by each run): when it
    started and ended, how long it took, its outcome, and the last failure with its error.

    Written by ``operations.tasklog`` from Celery's signals (worker or eager), so the
    operations page shows whether the recompute, the e-mail sweep and the imports run.
    """

    task = models.CharField(_("tác vụ"), max_length=200, unique=True)
    state = models.CharField(_("kết quả"), max_length=16)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"))
    duration_ms = models.PositiveIntegerField(_("thời gian chạy (ms)"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("số lần chạy"), default=1)
    last_failed_at = models.DateTimeField(_("lần lỗi gần nhất"), null=True, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("lần chạy tác vụ")
        verbose_name_plural = _("các lần chạy tác vụ")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.task} {self.state}"

    @property
    def succeeded(self) -> bool:
        return self.state == "SUCCESS"
