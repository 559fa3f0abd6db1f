from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmitterCategory(models.TextChoices):
    PUBLIC_SERVICE = "public_service", _("Đoàn viên là cán bộ, viên chức, người lao động đơn vị sự nghiệp")
    ENTERPRISE = "enterprise", _("Đoàn viên là công nhân lao động trong khu vực doanh nghiệp")
    UNION_OFFICIAL = "union_official", _("Cán bộ công đoàn")
    CIVIL_SERVANT = "civil_servant", _(
        "Đoàn viên là cán bộ, công chức cơ quan Đảng, Nhà nước, MTTQ và các tổ chức chính trị - xã hội"
    )
