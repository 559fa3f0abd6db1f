from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardKind(models.TextChoices):
    CERTIFICATE_OF_MERIT = "bang_khen", _("Bằng khen")
