"""Forms of the reporting pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives_portal.forms import TextInputMixin

from . import dates


class TypedDayField(forms.Field):
    """A day as people write it: ``dd/mm/yyyy`` (``31/5/2022`` too) or ``YYYY-MM-DD``."""

    default_error_messages = {"invalid": _("Cần một ngày có thật dạng dd/mm/yyyy, ví dụ 31/05/2022.")}

    def to_python(self, value) -> dt.date | None:
        text = (value or "").strip() if isinstance(value, str) else ""
        if not text:
            return None
        day = dates.read_typed_day(text)
        if day is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day


class SentReportForm(TextInputMixin, forms.Form):
    """A report on the unit's figures that was sent: as of which day, and its document number."""

    as_of = TypedDayField(label=_("Số liệu tính đến hết ngày"),
                          widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric", "maxlength": 10,
                                                        "placeholder": "dd/mm/yyyy", "autocomplete": "off"}))
    number = forms.CharField(label=_("Số văn bản (nếu có)"), max_length=64, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control"}))
