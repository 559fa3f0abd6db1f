"""The forms of selection rounds: open a round, score, declare a conflict, select."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from campaign.enums import PhaseCode
from initiatives_portal.forms import TextInputMixin
from submissions.models import Field

from .enums import DEFAULT_CRITERIA
from .services import MAX_CRITERIA, MAX_MEMBERS

CRITERIA_ROWS = 6


def parse_decimal(text: str, *, places: int) -> Decimal:
    """A number typed the Vietnamese way ("7,5") or the other ("7.5"); no grouping."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        raise ValidationError(_("Không hiểu số “%(value)s”."), params={"value": text})
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("Không hiểu số “%(value)s”."), params={"value": text}) from None
    if not value.is_finite() or value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(_("Tối đa %(n)s chữ số thập phân."), params={"n": places})
    return value


class ScoreField(forms.Field):
    """A score 0–10 with at most one decimal, "7,5" or "7.5"."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "4",
                                  "class": "form-control score-input"})

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        score = parse_decimal(str(value)[:10], places=1)
        if not Decimal(0) <= score <= Decimal(10):
            raise ValidationError(_("Điểm từ 0 đến 10."))
        return score


def styled(form: forms.Form) -> None:
    """Give every widget of ``form`` its Bootstrap class."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        classes = field.widget.attrs.get("class", "")
        if css not in classes.split():
            field.widget.attrs["class"] = f"{classes} {css}".strip()


def _accounts(text: str) -> tuple[list[User], list[str]]:
    found, missing = [], []
    for line in text.replace(",", "\n").replace(";", "\n").splitlines():
        identifier = line.strip()
        if not identifier:
            continue
        try:
            user = User.objects.get_by_identifier(identifier)
        except User.DoesNotExist:
            missing.append(identifier)
            continue
        if not user.is_active or user.closed_at is not None:
            missing.append(identifier)
            continue
        found.append(user)
    return found, missing


class RoundForm(TextInputMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị tổ chức"))
    name = forms.CharField(label=_("Tên đợt xét chọn"), max_length=255)
    phase = forms.ChoiceField(label=_("Giai đoạn"), required=False,
                              choices=[("", _("Không theo giai đoạn"))] + [
                                  (c.value, c.label) for c in PhaseCode if c != PhaseCode.OVERALL])
    period = forms.CharField(label=_("Kỳ xét chọn"), max_length=100, required=False,
                             help_text=_("Ví dụ: Quý II/2022, năm 2022."))
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), required=False, queryset=Field.objects.filter(is_active=True),
                                   empty_label=_("Mọi lĩnh vực"))
    chair = forms.CharField(label=_("Chủ tịch hội đồng"), max_length=254,
                            help_text=_("Số điện thoại hoặc e-mail của tài khoản."))
    members = forms.CharField(label=_("Thành viên chấm điểm"), widget=forms.Textarea(attrs={"rows": 5}),
                              max_length=5000,
                              help_text=_("Mỗi dòng một số điện thoại hoặc e-mail của tài khoản; ít nhất 2 người."))
    members_per_initiative = forms.IntegerField(label=_("Số thành viên chấm mỗi sáng kiến"), min_value=2,
                                                max_value=5, initial=2)
    disagreement_threshold = forms.CharField(label=_("Ngưỡng chênh lệch điểm giữa các thành viên"), initial="3",
                                             max_length=4,
                                             help_text=_("Chênh lệch từ ngưỡng này trở lên được đánh dấu để hội đồng xem lại."))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]
        for i in range(1, CRITERIA_ROWS + 1):
            default = DEFAULT_CRITERIA[i - 1] if i <= len(DEFAULT_CRITERIA) else ("", "")
            self.fields[f"criterion_{i}"] = forms.CharField(
                label=_("Tiêu chí %(n)s") % {"n": i}, max_length=150, required=False, initial=default[0])
            self.fields[f"weight_{i}"] = forms.CharField(
                label=_("Trọng số tiêu chí %(n)s") % {"n": i}, max_length=6, required=False, initial=default[1],
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        styled(self)

    def criteria_rows(self):
        return [(self[f"criterion_{i}"], self[f"weight_{i}"]) for i in range(1, CRITERIA_ROWS + 1)]

    def clean_chair(self):
        users, missing = _accounts(self.cleaned_data["chair"])
        if missing or len(users) != 1:
            raise ValidationError(_("Không tìm thấy tài khoản này."))
        return users[0]

    def clean_members(self):
        users, missing = _accounts(self.cleaned_data["members"])
        if missing:
            raise ValidationError(_("Không tìm thấy tài khoản: %(list)s."), params={"list": ", ".join(missing[:10])})
        if len({u.pk for u in users}) < 2:
            raise ValidationError(_("Hội đồng cần ít nhất 2 thành viên chấm điểm."))
        if len({u.pk for u in users}) > MAX_MEMBERS:
            raise ValidationError(_("Hội đồng có tối đa %(n)s thành viên."), params={"n": MAX_MEMBERS})
        return users

    def clean_disagreement_threshold(self):
        value = parse_decimal(self.cleaned_data["disagreement_threshold"], places=1)
        if not Decimal("0.1") <= value <= Decimal(10):
            raise ValidationError(_("Ngưỡng từ 0,1 đến 10."))
        return value

    def clean(self):
        data = super().clean()
        criteria = []
        for i in range(1, CRITERIA_ROWS + 1):
            name = (data.get(f"criterion_{i}") or "").strip()
            weight_text = (data.get(f"weight_{i}") or "").strip()
            if not name and not weight_text:
                continue
            if not name:
                self.add_error(f"criterion_{i}", _("Cần tên tiêu chí."))
                continue
            try:
                weight = parse_decimal(weight_text or "1", places=2)
            except ValidationError as error:
                self.add_error(f"weight_{i}", error)
                continue
            if not Decimal("0.01") <= weight <= Decimal(100):
                self.add_error(f"weight_{i}", _("Trọng số lớn hơn 0 và không quá 100."))
                continue
            criteria.append((name, weight))
        if not criteria and not self.errors:
            raise ValidationError(_("Cần ít nhất một tiêu chí chấm điểm."))
        if len(criteria) > MAX_CRITERIA:
            raise ValidationError(_("Cần từ 1 đến %(n)s tiêu chí chấm điểm."), params={"n": MAX_CRITERIA})
        members = data.get("members") or []
        k = data.get("members_per_initiative")
        if k and members and k > len({u.pk for u in members}):
            self.add_error("members_per_initiative",
                           _("Số thành viên chấm mỗi sáng kiến không được lớn hơn số thành viên hội đồng."))
        data["criteria"] = criteria
        return data


class ScoreForm(TextInputMixin, forms.Form):
    comment = forms.CharField(label=_("Nhận xét"), required=False, max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {}
        for c in self.criteria:
            scores[f"score_{c.pk}"] = ScoreField(label=c.name, error_messages={
                "required": _("Hãy chấm tiêu chí này (0–10).")})
        self.fields = {**scores, "comment": self.fields["comment"]}
        styled(self)

    def score_fields(self):
        return [(c, self[f"score_{c.pk}"]) for c in self.criteria]

    def values(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ConflictForm(TextInputMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do xung đột lợi ích"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Hãy ghi rõ lý do xung đột lợi ích.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class SelectForm(forms.Form):
    initiative = forms.TypedMultipleChoiceField(coerce=int, error_messages={
        "required": _("Hãy chọn ít nhất một sáng kiến.")})

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].choices = [(i, i) for i in ids]
