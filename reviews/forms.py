"""Forms of the review pages: the queue filters, one decision, a bulk decision."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import SubmitterCategory
from campaign.models import MAX_DEADLINE_DAYS
from initiatives_portal.forms import TextInputMixin
from submissions.enums import REVIEWABLE_STATES, WAITING_STATES, InitiativeStatus
from submissions.models import Field
from unions import selectors as unit_selectors
from unions.models import Unit

from .deadlines import DUE_SOON, OVERDUE
from .enums import BULK_ACTIONS, OFFICER_ACTIONS, Action, RejectReason
from .selectors import AWAITING, QueueFilters, default_state, reference_number


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class _PlainQueryChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ShortListChoiceField(forms.ModelChoiceField):
    """A choice of a short list, read in one plain query when rendered (Django reads the
    choices through ``iterator()``, a server-side cursor on PostgreSQL: three round trips)."""

    iterator = _PlainQueryChoiceIterator


class QueueFilterForm(TextInputMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[(AWAITING, _("Chờ tôi xử lý"))] + [(s.value, s.label) for s in REVIEWABLE_STATES],
    )
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    field = ShortListChoiceField(label=_("Lĩnh vực"), required=False, queryset=Field.objects.all(),
                                 empty_label=_("Tất cả"))
    category = forms.ChoiceField(label=_("Đối tượng"), required=False,
                                 choices=[("", _("Tất cả"))] + SubmitterCategory.choices)
    unit = forms.CharField(label=_("Mã đơn vị (cấp dưới bất kỳ)"), required=False, max_length=40)
    date_from = forms.DateField(label=_("Gửi từ ngày"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("đến ngày"), required=False, widget=DateInput())
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False,
                             choices=[("newest", _("Mới gửi trước")), ("oldest", _("Gửi sớm trước")),
                                      ("waiting", _("Chờ lâu nhất trước"))])
    deadline = forms.ChoiceField(label=_("Thời hạn xét duyệt"), required=False,
                                 choices=[("", _("Tất cả")), (OVERDUE, _("Quá hạn")),
                                          (DUE_SOON, _("Sắp đến hạn (trong 3 ngày)"))])
    exemplary = forms.BooleanField(label=_("Chỉ sáng kiến tiêu biểu"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Bootstrap's look (and full width, so a long label cannot widen the page).
        for name in ("field", "category", "sort", "deadline"):
            self.fields[name].widget.attrs["class"] = "form-select"
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean_unit(self) -> Unit | None:
        code = self.cleaned_data["unit"].strip()
        if not code:
            return None
        unit = Unit.objects.filter(code__iexact=code).first()
        if unit is None or not unit_selectors.unit_in_review_scope(self.user, unit):
            raise ValidationError(_("Không tìm thấy đơn vị “%(code)s” trong phạm vi của bạn."), params={"code": code})
        return unit

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data

    def filters(self) -> QueueFilters:
        """The filters to apply; without a tab chosen, or with an invalid form, the user's
        default tab (``default_state``)."""
        if not self.is_valid():
            return QueueFilters(state=default_state(self.user))
        d = self.cleaned_data
        text = d.get("q") or ""
        # A number, as the portal shows it or grouped ("1.000.123", "#1000123"), is an initiative's.
        number = reference_number(text)
        state = d.get("state") or default_state(self.user)
        # Days waiting order the tabs of initiatives waiting for a review; elsewhere the
        # earliest submitted come first.
        longest_waiting = d.get("sort") == "waiting" and state in (AWAITING, *WAITING_STATES)
        return QueueFilters(
            state=state,
            field=d["field"].pk if d.get("field") else None,
            category=d.get("category") or "",
            unit=d.get("unit"),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            text="" if number is not None else text,
            oldest_first=d.get("sort") in ("oldest", "waiting"),
            number=number,
            exemplary=bool(d.get("exemplary")),
            longest_waiting=longest_waiting,
            deadline=d.get("deadline") or "",
            today=timezone.localdate(),
        )


class FirstOptionRadioSelect(forms.RadioSelect):
    """Radio buttons whose field is reached at its first option: the error summary's link
    (templates/partials/error_summary.html) lands on it, where Django's gives no target."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class DecisionForm(TextInputMixin, forms.Form):
    action = forms.ChoiceField(label=_("Quyết định"), choices=[(a.value, a.label) for a in OFFICER_ACTIONS],
                               widget=FirstOptionRadioSelect(attrs={"class": "form-check-input"}))
    reason = forms.ChoiceField(label=_("Lý do không công nhận"), required=False,
                               choices=[("", "—")] + RejectReason.choices)
    comment = forms.CharField(label=_("Ý kiến"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Bắt buộc khi trả lại, hoặc khi không công nhận với lý do khác."))

    def __init__(self, *args, allowed_actions=OFFICER_ACTIONS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a.value, a.label) for a in OFFICER_ACTIONS if a in allowed_actions]

    def clean(self):
        data = super().clean()
        action, comment, reason = data.get("action"), (data.get("comment") or "").strip(), data.get("reason")
        if action == Action.RETURN and not comment:
            self.add_error("comment", _("Hãy ghi rõ cần bổ sung gì khi trả lại sáng kiến."))
        if action == Action.REJECT:
            if not reason:
                self.add_error("reason", _("Hãy chọn lý do không công nhận."))
            elif reason == RejectReason.OTHER and not comment:
                self.add_error("comment", _("Hãy ghi rõ lý do khác."))
        return data


class BulkDecisionForm(TextInputMixin, forms.Form):
    action = forms.ChoiceField(label=_("Thao tác với các sáng kiến đã chọn"),
                               choices=[(a.value, a.label) for a in BULK_ACTIONS])
    ids = forms.TypedMultipleChoiceField(coerce=int, required=True, choices=(),
                                         error_messages={"required": _("Hãy chọn ít nhất một sáng kiến.")})
    comment = forms.CharField(label=_("Ý kiến (bắt buộc khi trả lại)"), required=False, max_length=5000)
    # The queue's query string (filters, page): a refused batch goes back to the same page.
    back = forms.CharField(required=False, max_length=2000)

    MAX_ITEMS = 100

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in raw if str(v).isdigit()]

    def clean_ids(self):
        ids = list(dict.fromkeys(self.cleaned_data["ids"]))
        if len(ids) > self.MAX_ITEMS:
            raise ValidationError(_("Mỗi lần chỉ xử lý tối đa %(n)s sáng kiến."), params={"n": self.MAX_ITEMS})
        return ids

    def clean(self):
        data = super().clean()
        if data.get("action") == Action.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Hãy ghi rõ cần bổ sung gì khi trả lại sáng kiến."))
        return data


class ExemplaryForm(TextInputMixin, forms.Form):
    exemplary = forms.BooleanField(required=False)
    comment = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)


STATUS_LABELS = dict(InitiativeStatus.choices)


class PhaseDeadlineForm(TextInputMixin, forms.Form):
    """A phase's review deadlines, in days (federation staff)."""

    verify_days = forms.IntegerField(label=_("Hạn xác nhận (ngày)"), min_value=1, max_value=MAX_DEADLINE_DAYS)
    approve_days = forms.IntegerField(label=_("Hạn công nhận (ngày)"), min_value=1, max_value=MAX_DEADLINE_DAYS)


class UnitDeadlineForm(TextInputMixin, forms.Form):
    """A unit's own, shorter deadlines; empty keeps the phase's."""

    verify_days = forms.IntegerField(label=_("Hạn xác nhận riêng (ngày)"), min_value=1, max_value=MAX_DEADLINE_DAYS,
                                     required=False)
    approve_days = forms.IntegerField(label=_("Hạn công nhận riêng (ngày)"), min_value=1,
                                      max_value=MAX_DEADLINE_DAYS, required=False)
