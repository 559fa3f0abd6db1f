from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from initiatives_portal.identifiers import normalize_email, normalize_phone
from initiatives_portal.text import fold, nfc, person_sort_key

from .enums import AccountAction, DigestFrequency, SubmitterCategory


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
    must_set_password = models.BooleanField(
        _("phải đặt mật khẩu trước khi dùng"),
        default=False,
        help_text=_("Tài khoản được tạo khi phân công: người dùng phải tự đặt mật khẩu ở lần đăng nhập đầu tiên."),
    )
    personal_data_consent_at = models.DateTimeField(_("đồng ý xử lý dữ liệu cá nhân lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng tài khoản lúc"), null=True, blank=True)
    # The folded name (no accents, "đ" → "d") for accent-insensitive search of members.
    search_name = models.CharField(max_length=150, editable=False, blank=True, default="")
    # The name's place in Vietnamese alphabetical order, by given name first
    # (``initiatives_portal.text.person_sort_key``), in collation "C": member lists order by it.
    sort_name = models.TextField(editable=False, blank=True, default="", db_collation="C")
    # Raised when the account is locked or closed (``accounts.services.user_end_sessions``).
    # It is part of the hash every session keeps of its account and Django checks on each
    # request, so every session signed in before stops working at once, and stays dead
    # after the account is unlocked, without reading or deleting a single session row.
    session_generation = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    # How often an officer is told what waits for their review (``reports.digests``); a
    # database default too, so rows written by COPY (imports) get it.
    digest_frequency = models.CharField(
        _("nhận bản tóm tắt sáng kiến chờ xét duyệt"), max_length=8, choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY, db_default=DigestFrequency.DAILY,
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                # A closed account is anonymised: it keeps neither its phone nor its e-mail.
                condition=models.Q(email__isnull=False)
                | models.Q(phone__isnull=False)
                | models.Q(closed_at__isnull=False),
                name="user_has_phone_or_email",
            )
        ]
        indexes = [models.Index(fields=["sort_name", "id"], name="user_sort_name")]

    def __str__(self) -> str:
        return self.full_name or self.login_identifier

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def login_identifier(self) -> str:
        return self.phone or self.email or ""

    def _get_session_auth_hash(self, secret=None):
        # Generation 0 keeps Django's own hash, so sessions signed in before this field
        # existed are not ended by its arrival.
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}\x1f{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split()[-1] if self.full_name else self.login_identifier

    def clean(self):
        super().clean()
        self.email = normalize_email(self.email) or None
        self.full_name = nfc(self.full_name)

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)[:150]
        self.sort_name = person_sort_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = list({*update_fields, "search_name", "sort_name"})
        super().save(*args, **kwargs)


class ImmutableRecord(Exception):
    """Raised on an attempt to change or delete a history row."""


class AccountEvent(models.Model):
    """One change to an account: who did what to whose account, in the name of which unit, when.

    Written only by ``accounts.services``; never updated or deleted (the database
    refuses it too). ``detail`` holds codes and field names, never personal data, so
    the history survives the anonymisation of a closed account unchanged.
    """

    subject = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="account_events", verbose_name=_("tài khoản")
    )
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người thực hiện")
    )
    action = models.CharField(_("thao tác"), max_length=32, choices=AccountAction.choices)
    unit = models.ForeignKey(
        "unions.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nhân danh đơn vị"),
    )
    detail = models.CharField(_("chi tiết"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sự kiện tài khoản")
        verbose_name_plural = _("lịch sử tài khoản")
        ordering = ["-id"]
        indexes = [models.Index(fields=["subject", "-id"], name="account_event_subject")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.subject_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("An account event is never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("An account event is never deleted.")


class PasswordResetCode(models.Model):
    """A one-time code an officer gives a worker who registered by phone, to set a new password.

    Only a hash is stored; the code is shown once, to the officer who issued it. It
    works once, until ``expires_at``, and stops working after a few wrong guesses.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reset_codes", verbose_name=_("tài khoản"))
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người cấp"))
    unit = models.ForeignKey(
        "unions.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị cấp")
    )
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)

    class Meta:
        verbose_name = _("mã đặt lại mật khẩu")
        verbose_name_plural = _("mã đặt lại mật khẩu")
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "-id"], name="reset_code_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"
