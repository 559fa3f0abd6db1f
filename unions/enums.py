from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    FEDERATION = "federation", _("Tổng Liên đoàn")
    PROVINCE = "province", _("Liên đoàn Lao động tỉnh, thành phố")
    SECTOR = "sector", _("Công đoàn ngành trung ương, tổng công ty")
    UPPER = "upper", _("Công đoàn cấp trên trực tiếp cơ sở")
    GRASSROOTS = "grassroots", _("Công đoàn cơ sở")


# Kinds a worker can belong to and a poster can invite to.
MEMBER_UNIT_KINDS = (UnitKind.GRASSROOTS,)
# The first level under the federation, where the registration cascade starts.
TOP_LEVEL_KINDS = (UnitKind.PROVINCE, UnitKind.SECTOR)


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ công đoàn")
    MANAGER = "manager", _("Cán bộ phụ trách (quản lý phân quyền)")
    STAFF = "staff", _("Chuyên viên theo dõi, báo cáo")


# Roles that may review and enter initiatives for the unit's subtree.
REVIEW_ROLES = (Role.OFFICER, Role.MANAGER)


class AppointmentAction(models.TextChoices):
    GRANTED = "granted", _("Giao vai trò")
    REVOKED = "revoked", _("Thu hồi vai trò")


class ChangeSource(models.TextChoices):
    """Where an appointment change was made, for the history."""

    WEB = "web", _("Trang phân công")
    IMPORT = "import", _("Nhập danh sách cán bộ")
    COMMAND = "command", _("Lệnh quản trị")
    ADMIN = "admin", _("Trang quản trị")
    CLOSURE = "closure", _("Đóng tài khoản")
