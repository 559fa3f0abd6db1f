"""Forms of the showcase: recording a replication, typing a certificate's code."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives_portal.forms import TextInputMixin
from submissions.forms import DateInput
from unions.models import Unit

from .replication import EARLIEST


class ReplicationForm(TextInputMixin, forms.Form):
    """An officer's record that their unit applied a showcased initiative."""

    unit = forms.ModelChoiceField(label=_("Đơn vị đã áp dụng"), queryset=Unit.objects.none(), empty_label=None)
    applied_on = forms.DateField(
        label=_("Ngày áp dụng"), widget=DateInput(), help_text=_("Ngày đơn vị bắt đầu áp dụng, ví dụ 31/05/2022.")
    )
    result = forms.CharField(
        label=_("Kết quả áp dụng"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Một câu về kết quả, ví dụ: giảm 20% thời gian chờ của người bệnh."),
    )

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("sort_name")

    def clean_applied_on(self):
        day = self.cleaned_data["applied_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày áp dụng không được ở tương lai."))
        if day < EARLIEST:
            raise forms.ValidationError(_("Ngày áp dụng không hợp lệ."))
        return day
