"""Log-in, registration and profile forms."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from initiatives_portal.text import nfc

from .identifiers import looks_like_email, normalize_email, normalize_phone
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


class LoginForm(AuthenticationForm):
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

    def clean_full_name(self):
        name = nfc(self.cleaned_data["full_name"])
        if not name:
            raise ValidationError(_("Vui lòng nhập họ và tên."))
        return name


class RegistrationForm(ProfileFieldsMixin, forms.ModelForm):
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

    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self._setup_profile_fields()
        self.order_fields(["full_name", "identifier", "password1", "password2"] + PROFILE_FIELDS[1:])
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


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_profile_fields()
        self.helper = _helper()
