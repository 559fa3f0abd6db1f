from django.db import models
from django.utils.translation import gettext_lazy as _


class PhaseCode(models.TextChoices):
    PHASE_1 = "phase-1", _("Giai đoạn 1")
    PHASE_2 = "phase-2", _("Giai đoạn 2")
    OVERALL = "overall", _("Toàn chương trình")
