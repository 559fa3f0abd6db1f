from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives_portal.text import nfc

from .enums import SubmitterCategory
from .identifiers import normalize_email, normalize_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_identifier(self, identifier: str):
        """The user whose phone number or e-mail is ``identifier``; DoesNotExist otherwise."""
        if "@" in identifier:
            return self.get(email=normalize_email(identifier))
        phone = normalize_phone(identifier)
        if phone is None:
            raise self.model.DoesNotExist
        return self.get(phone=phone)

    def _create(self, *, email=None, phone=None, password=None, **fields):
        email = normalize_email(email) or None
        phone = normalize_phone(phone) if phone else None
        user = self.model(email=email, phone=phone, **fields)
        user.full_name = nfc(user.full_name)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email=email, password=password, **fields)

    def create_superuser(self, email=None, password=None, **fields):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email=email, password=password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person using the portal; logs in with a phone number or an e-mail address."""

    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, unique=True, null=True, blank=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    unit = models.ForeignKey(
        "unions.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("công đoàn cơ sở"),
    )
    category = models.CharField(
        _("đối tượng"), max_length=20, choices=SubmitterCategory.choices, blank=True
    )
    job_title = models.CharField(_("chức danh"), max_length=150, blank=True)
    workplace = models.CharField(_("nơi công tác"), max_length=255, blank=True)
    qualification = models.CharField(_("trình độ chuyên môn"), max_length=150, blank=True)
    holds_management_post = models.BooleanField(_("giữ chức vụ lãnh đạo, quản lý"), default=False)
    is_direct_production_worker = models.BooleanField(_("công nhân lao động trực tiếp sản xuất"), default=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_staff = models.BooleanField(_("được vào trang quản trị"), default=False)
    date_joined = models.DateTimeField(_("ngày đăng ký"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_has_phone_or_email",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.login_identifier

    @property
    def login_identifier(self) -> str:
        return self.phone or self.email or ""

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.login_identifier

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email) or None
        self.full_name = nfc(self.full_name)
