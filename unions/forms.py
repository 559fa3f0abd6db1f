"""Forms of the unions app: appointing someone at a unit, importing a list of officers."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from initiatives_portal.forms import TextInputMixin

from .enums import Role


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class AppointmentForm(TextInputMixin, forms.Form):
    """Who (phone or e-mail; the name is needed only for someone without an account) and which role."""

    identifier = forms.CharField(
        label=_("Số điện thoại hoặc e-mail"),
        max_length=254,
        help_text=_("Nếu người này chưa có tài khoản, hệ thống tạo tài khoản; họ tự đặt mật khẩu khi đăng nhập lần đầu."),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=())

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles]
        self.helper = _helper()

    def clean_identifier(self) -> dict:
        from initiatives_portal.identifiers import looks_like_email, normalize_email, normalize_phone

        raw = self.cleaned_data["identifier"].strip()
        if looks_like_email(raw):
            email = normalize_email(raw)
            forms.EmailField().clean(email)
            return {"email": email, "phone": None}
        phone = normalize_phone(raw)
        if phone is None:
            raise ValidationError(_("Số điện thoại không hợp lệ. Nhập 10 chữ số, ví dụ 0912345678."))
        return {"email": None, "phone": phone}


class OfficerImportForm(TextInputMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách cán bộ (CSV UTF-8 hoặc Excel .xlsx)"),
        help_text=_("Các cột: phone_or_email, full_name, unit_code, role (officer, manager hoặc staff)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
