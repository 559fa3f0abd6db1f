"""What every form that takes text from people does with it: one mixin for the whole portal."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import has_bidi_controls

BIDI_CONTROL_MESSAGE = _(
    "Văn bản chứa ký tự điều khiển hướng chữ ẩn (U+202A–U+202E, U+2066–U+2069), có thể làm chữ hiển thị "
    "khác với nội dung thật. Hãy xóa các ký tự này rồi gửi lại."
)


def refuse_bidi_controls(value) -> None:
    """Validator: no bidirectional embedding, override or isolate character in the text."""
    if isinstance(value, str) and has_bidi_controls(value):
        raise ValidationError(BIDI_CONTROL_MESSAGE, code="bidi_control")


def is_free_text(field: forms.Field) -> bool:
    """A field whose value is text a person typed: every character field except passwords,
    whose exact characters are what the hash was made of."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


class TextInputMixin:
    """Put before ``forms.Form`` or ``forms.ModelForm`` in every form that takes text from people.

    Each free-text value is turned into NFC before any validation, so that ``max_length``
    (and every other check) applies to the text as it will be stored: NFC may shorten
    decomposed Vietnamese, but it also lengthens some characters (U+0958 becomes two code
    points). The posted data itself is replaced, so a form shown again with its errors
    shows the stored form too. Bidirectional control characters are refused.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_fields = [name for name, field in self.fields.items() if is_free_text(field)]
        for name in text_fields:
            self.fields[name].validators.append(refuse_bidi_controls)
        if self.is_bound and text_fields:
            self.data = _normalised(self.data, [self.add_prefix(name) for name in text_fields])


def _normalised(data, keys: list[str]):
    """A copy of ``data`` with the values under ``keys`` in NFC (the bound data is not changed)."""
    if hasattr(data, "getlist"):
        copy = data.copy()
        for key in keys:
            if key in copy:
                copy.setlist(key, [_nfc(value) for value in copy.getlist(key)])
        return copy
    return {key: _nfc(value) if key in keys else value for key, value in data.items()}


def _nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class PortalFormSet(forms.BaseFormSet):
    """Formset whose own messages are in the portal's language (Django's catalogue lacks them)."""

    default_error_messages = {
        "missing_management_form": _(
            "Dữ liệu biểu mẫu bị thiếu hoặc đã bị thay đổi (thiếu các trường: %(field_names)s). "
            "Vui lòng tải lại trang và nhập lại."
        ),
        "too_many_forms": _("Chỉ được nhập tối đa %(num)d dòng."),
        "too_few_forms": _("Cần nhập ít nhất %(num)d dòng."),
    }


class TextModelForm(TextInputMixin, forms.ModelForm):
    """The base form of the admin's change pages, so that text entered there is held to the same rules."""
