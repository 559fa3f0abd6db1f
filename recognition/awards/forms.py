from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaign.enums import PhaseCode
from initiatives_portal.forms import TextInputMixin
from unions.selectors import unit_by_code

from ..councils.forms import styled

PHASES = [(c.value, c.label) for c in PhaseCode if c != PhaseCode.OVERALL]


class CandidatesForm(forms.Form):
    phase = forms.ChoiceField(label=_("Giai đoạn"), choices=PHASES, required=False)
    parent = forms.ChoiceField(label=_("Trong đơn vị"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(u.code, u.name) for u in units]
        styled(self)


class AwardForm(TextInputMixin, forms.Form):
    unit = forms.CharField(label=_("Mã đơn vị được khen thưởng"), max_length=40)
    phase = forms.ChoiceField(label=_("Giai đoạn"), choices=PHASES)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60,
                                      help_text=_("Ví dụ: 1234/QĐ-TLĐ."))
    decided_on = forms.DateField(label=_("Ngày quyết định"), help_text=_("Ngày/tháng/năm, ví dụ 15/07/2022."),
                                 widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
                                 error_messages={"invalid": _("Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/07/2022.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)

    def clean_unit(self):
        unit = unit_by_code(self.cleaned_data["unit"].strip())
        if unit is None:
            raise ValidationError(_("Không tìm thấy đơn vị có mã này."))
        return unit


class WithdrawForm(TextInputMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do gỡ bỏ"), max_length=500,
                             error_messages={"required": _("Hãy ghi rõ lý do gỡ bỏ.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)
