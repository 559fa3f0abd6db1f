"""Log-in, registration and profile forms."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from initiatives_portal.forms import TextInputMixin
from initiatives_portal.identifiers import looks_like_email, normalize_email, normalize_phone

from .models import User

PROFILE_FIELDS = [
    "full_name", "category", "job_title", "workplace", "qualification", "holds_management_post",
    "is_direct_production_worker",
]


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class LoginForm(TextInputMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("Số điện thoại hoặc e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "email"}),
    )
    error_messages = {
        "invalid_login": _("Số điện thoại/e-mail hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ProfileFieldsMixin:
    def _setup_profile_fields(self):
        self.fields["category"].required = True
        self.fields["category"].choices = [("", _("— Chọn đối tượng —"))] + list(self.fields["category"].choices)[1:]
        self.fields["full_name"].required = True
        self.fields["category"].help_text = _("Dùng để thống kê theo đối tượng tham gia chương trình.")
        self.fields["holds_management_post"].help_text = _("Đánh dấu nếu bạn giữ chức vụ lãnh đạo, quản lý.")
        # A phone's autofill offers the person's name and workplace as it does for an address.
        for name, autocomplete in (("full_name", "name"), ("job_title", "organization-title"),
                                   ("workplace", "organization")):
            self.fields[name].widget.attrs.setdefault("autocomplete", autocomplete)

    def clean_full_name(self):
        name = self.cleaned_data["full_name"]
        if not name:
            raise ValidationError(_("Vui lòng nhập họ và tên."))
        return name


class RegistrationForm(ProfileFieldsMixin, TextInputMixin, forms.ModelForm):
    """A worker's account; the grassroots union is chosen beforehand (``unit`` is given)."""

    identifier = forms.CharField(
        label=_("Số điện thoại hoặc e-mail"),
        max_length=254,
        help_text=_("Dùng để đăng nhập. Ví dụ: 0912 345 678 hoặc ten@vi-du.vn"),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không quá đơn giản, không toàn chữ số."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    consent = forms.BooleanField(
        label=_("Tôi đồng ý để Công đoàn xử lý dữ liệu cá nhân của tôi cho chương trình, như thông báo dưới đây."),
        required=True,
        error_messages={"required": _("Cần đồng ý với việc xử lý dữ liệu cá nhân để tạo tài khoản.")},
    )

    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self._setup_profile_fields()
        self.order_fields(["full_name", "identifier", "password1", "password2"] + PROFILE_FIELDS[1:] + ["consent"])
        self.fields["consent"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("accounts:privacy"),
            _("Đọc thông báo về xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP)"),
        )
        self.helper = _helper()

    def clean_identifier(self) -> dict:
        raw = self.cleaned_data["identifier"].strip()
        if looks_like_email(raw):
            email = normalize_email(raw)
            forms.EmailField().clean(email)
            if User.objects.filter(email=email).exists():
                raise ValidationError(_("E-mail này đã được đăng ký. Hãy đăng nhập hoặc dùng e-mail khác."))
            return {"email": email, "phone": None}
        phone = normalize_phone(raw)
        if phone is None:
            raise ValidationError(_("Số điện thoại không hợp lệ. Nhập 10 chữ số, ví dụ 0912345678."))
        if User.objects.filter(phone=phone).exists():
            raise ValidationError(_("Số điện thoại này đã được đăng ký. Hãy đăng nhập hoặc dùng số khác."))
        return {"email": None, "phone": phone}

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        elif p1:
            probe = User(full_name=data.get("full_name", ""), **(data.get("identifier") or {}))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        identifier = self.cleaned_data["identifier"]
        user.email, user.phone = identifier["email"], identifier["phone"]
        user.unit = self.unit
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class ProfileForm(ProfileFieldsMixin, TextInputMixin, forms.ModelForm):
    """The profile; an officer (``reviews_initiatives``) also chooses how often the digest of
    what waits for their review is sent."""

    class Meta:
        model = User
        fields = [*PROFILE_FIELDS, "digest_frequency"]
        widgets = {"digest_frequency": forms.RadioSelect}

    def __init__(self, *args, reviews_initiatives: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_profile_fields()
        if reviews_initiatives:
            self.fields["digest_frequency"].help_text = _(
                "Một bản tóm tắt các sáng kiến chờ bạn xét duyệt (mới, đang chờ, quá hạn), trên trang "
                "Thông báo và qua e-mail nếu tài khoản có e-mail. Không gửi khi không có sáng kiến nào chờ."
            )
        else:
            del self.fields["digest_frequency"]
        self.helper = _helper()


# --- passwords ------------------------------------------------------------------------------


class NewPasswordForm(TextInputMixin, forms.Form):
    """A new password typed twice and checked by the password validators against ``user``."""

    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không quá đơn giản, không toàn chữ số."),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, user=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = _helper()

    def _probe_user(self):
        return self.user

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("Hai mật khẩu không khớp."))
        elif p1:
            try:
                password_validation.validate_password(p1, self._probe_user())
            except ValidationError as error:
                self.add_error("new_password1", error)
        return data


class PasswordChangeForm(NewPasswordForm):
    """The current password, then the new one twice."""

    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mật khẩu hiện tại không đúng."))
        return password


class EmailPasswordResetForm(TextInputMixin, PasswordResetForm):
    """Asks for the e-mail address; accounts created at an appointment (no password yet) get the link too."""

    email = forms.EmailField(
        label=_("E-mail đã đăng ký"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def get_users(self, email):
        return User.objects.filter(email=normalize_email(email), is_active=True, closed_at__isnull=True)


class ResetWithCodeForm(NewPasswordForm):
    """Phone (or e-mail), the one-time code from the union officer, and the new password."""

    identifier = forms.CharField(
        label=_("Số điện thoại hoặc e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    code = forms.CharField(
        label=_("Mã do cán bộ công đoàn cấp"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=_("Gồm 8 chữ số; mã chỉ dùng được một lần."),
    )

    field_order = ["identifier", "code", "new_password1", "new_password2"]

    def _probe_user(self):
        raw = (self.cleaned_data.get("identifier") or "").strip()
        if looks_like_email(raw):
            return User(email=normalize_email(raw))
        return User(phone=normalize_phone(raw))


class CloseAccountForm(TextInputMixin, forms.Form):
    """The holder confirms, with their password, that the account is to be closed for good."""

    password = forms.CharField(
        label=_("Mật khẩu của bạn"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("Tôi hiểu rằng tài khoản sẽ bị đóng vĩnh viễn và không thể khôi phục."), required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = _helper()

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mật khẩu không đúng."))
        return password
