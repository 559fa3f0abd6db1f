from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmitterCategory(models.TextChoices):
    PUBLIC_SERVICE = "public_service", _("Đoàn viên là cán bộ, viên chức, người lao động đơn vị sự nghiệp")
    ENTERPRISE = "enterprise", _("Đoàn viên là công nhân lao động trong khu vực doanh nghiệp")
    UNION_OFFICIAL = "union_official", _("Cán bộ công đoàn")
    CIVIL_SERVANT = "civil_servant", _(
        "Đoàn viên là cán bộ, công chức cơ quan Đảng, Nhà nước, MTTQ và các tổ chức chính trị - xã hội"
    )


class DigestFrequency(models.TextChoices):
    """How often an officer is sent the digest of the initiatives waiting for them."""

    DAILY = "daily", _("Hằng ngày")
    WEEKLY = "weekly", _("Hằng tuần (thứ Hai)")


class AccountAction(models.TextChoices):
    """What happened to an account, for its history (``AccountEvent``)."""

    REGISTERED = "registered", _("Đăng ký tài khoản, đồng ý xử lý dữ liệu cá nhân")
    INVITED = "invited", _("Tạo tài khoản khi phân công")
    PROFILE_CHANGED = "profile_changed", _("Sửa hồ sơ")
    UNIT_CHANGED = "unit_changed", _("Đổi công đoàn cơ sở")
    PASSWORD_CHANGED = "password_changed", _("Đổi mật khẩu")
    PASSWORD_SET = "password_set", _("Đặt mật khẩu lần đầu")
    PASSWORD_RESET_BY_EMAIL = "password_reset_email", _("Đặt lại mật khẩu qua e-mail")
    RESET_CODE_ISSUED = "reset_code_issued", _("Cấp mã đặt lại mật khẩu")
    RESET_CODE_USED = "reset_code_used", _("Đặt lại mật khẩu bằng mã")
    DEACTIVATED = "deactivated", _("Khóa tài khoản")
    REACTIVATED = "reactivated", _("Mở khóa tài khoản")
    DATA_EXPORTED = "data_exported", _("Tải dữ liệu cá nhân")
    CLOSED = "closed", _("Đóng tài khoản, ẩn danh dữ liệu cá nhân")
    ADMIN_CHANGED = "admin_changed", _("Sửa trên trang quản trị")


class LoginLockScope(models.TextChoices):
    """What a log-in lock-out holds back, so the page can say what happened."""

    ACCOUNT_FROM_ADDRESS = "account_from_address", _("Tài khoản, từ mạng này")
    ADDRESS = "address", _("Mạng này, mọi tài khoản")
    ACCOUNT = "account", _("Tài khoản, từ mọi mạng")
