"""Intake forms: the initiative, its co-authors and its attachments."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.enums import SubmitterCategory
from accounts.models import User
from accounts.selectors import members_visible_to
from initiatives_portal.forms import PortalFormSet, TextInputMixin
from initiatives_portal.identifiers import looks_like_email
from initiatives_portal.money import VndAmountField
from unions import selectors as unit_selectors
from unions.enums import UnitKind
from unions.models import Unit

from .attachments import validate_upload
from .models import MAX_BENEFIT_VND, SUBMIT_REQUIRED, CoAuthor, Field, Initiative


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def benefit_field(**kwargs) -> VndAmountField:
    """The estimated benefit in đồng, typed the Vietnamese way (250.000.000), wherever it is edited."""
    return VndAmountField(
        max_value=MAX_BENEFIT_VND,
        required=False,
        label=capfirst(Initiative._meta.get_field("benefit_vnd").verbose_name),
        **kwargs,
    )


class InitiativeForm(TextInputMixin, forms.ModelForm):
    """The statutory initiative form, with new attachments and the removal of old ones."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    benefit_vnd = benefit_field(
        help_text=_("Không bắt buộc. Số tiền làm lợi ước tính trong một năm, đơn vị đồng, ví dụ 250.000.000.")
    )
    new_files = MultipleFileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=format_lazy(
            _("Tối đa {count} tệp, mỗi tệp không quá {size}: PDF, DOCX, XLSX, JPG, PNG."),
            count=settings.ATTACHMENT_MAX_COUNT,
            size=filesizeformat(settings.ATTACHMENT_MAX_BYTES),
        ),
    )
    remove_attachments = forms.MultipleChoiceField(
        label=_("Xóa tệp đã đính kèm"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Initiative
        fields = [
            "title", "field", "summary", "problem", "solution", "applied_where", "first_applied_on",
            "application_conditions", "first_application_participants", "benefits", "benefit_vnd",
            "recognised_by", "recognised_on", "author_workplace", "author_job_title", "author_qualification",
            "author_contribution",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 6}),
            "application_conditions": forms.Textarea(attrs={"rows": 3}),
            "first_application_participants": forms.Textarea(attrs={"rows": 2}),
            "benefits": forms.Textarea(attrs={"rows": 4}),
            "first_applied_on": DateInput(),
            "recognised_on": DateInput(),
            "author_contribution": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.01"}),
        }
        help_texts = {
            "title": _("Tên ngắn gọn, nêu rõ sáng kiến giải quyết việc gì."),
            "summary": _("Vài câu tóm tắt để người xét duyệt nắm nhanh nội dung."),
            "problem": _("Thực trạng trước khi có sáng kiến, vấn đề cần giải quyết."),
            "solution": _("Các bước, cách làm mới so với trước đây."),
            "applied_where": _("Bộ phận, đơn vị đang áp dụng sáng kiến."),
            "recognised_by": _("Hội đồng sáng kiến hoặc thủ trưởng cơ quan, đơn vị đã công nhận sáng kiến tại cơ sở."),
            "author_contribution": _("Phần trăm đóng góp của tác giả chính; cộng với các đồng tác giả phải bằng 100%."),
        }

    def __init__(self, *args, existing_attachments=(), complete: bool = True, **kwargs):
        """``complete``: the initiative is being submitted, so every field the statutory form
        asks for is required; otherwise (a draft) only its title is, and what is typed is
        still checked (lengths, dates, amounts, files)."""
        super().__init__(*args, **kwargs)
        self.complete = complete
        self.fields["field"].queryset = Field.objects.filter(is_active=True)
        self.fields["field"].empty_label = _("— Chọn lĩnh vực —")
        for name in SUBMIT_REQUIRED:
            self.fields[name].required = True
        if not complete:
            # An initiative once submitted keeps its field: the figures count it by field.
            keep = {"title", "field"} if self.instance.first_submitted_at else {"title"}
            for name in SUBMIT_REQUIRED:
                self.fields[name].required = name in keep
            self.fields["author_contribution"].required = False
        self.existing_attachments = list(existing_attachments)
        self.fields["remove_attachments"].choices = [(str(a.pk), a.original_name) for a in self.existing_attachments]
        if not self.existing_attachments:
            del self.fields["remove_attachments"]
        if self.instance.pk is None:
            # Asked once, on the new initiative's form; changed later from its page.
            model_field = Initiative._meta.get_field("publication_consent")
            self.fields["publication_consent"] = forms.BooleanField(
                label=capfirst(model_field.verbose_name), help_text=model_field.help_text, required=False,
                initial=False,
            )

    def mark_submit_requirements(self) -> None:
        """Show the fields a submission needs as required (the asterisk), whatever was checked:
        a draft's form tells what is still needed to send it."""
        for name in (*SUBMIT_REQUIRED, "author_contribution"):
            self.fields[name].required = True

    @cached_property
    def helper(self) -> FormHelper:
        """The layout, built only when the form is shown: a valid submission never renders it."""
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            "submission_key",
            Fieldset(
                _("Nội dung sáng kiến"),
                "title", "field", "summary", "problem", "solution",
            ),
            Fieldset(
                _("Áp dụng và hiệu quả"),
                "applied_where",
                Div(Div("first_applied_on", css_class="col-sm-6"), css_class="row"),
                "application_conditions", "first_application_participants", "benefits", "benefit_vnd",
            ),
            Fieldset(
                _("Công nhận tại cơ sở"),
                Div(Div("recognised_by", css_class="col-sm-8"), Div("recognised_on", css_class="col-sm-4"),
                    css_class="row"),
            ),
            Fieldset(
                _("Tác giả"),
                HTML('{% include "submissions/_author_header.html" %}'),
                Div(Div("author_workplace", css_class="col-sm-6"), Div("author_job_title", css_class="col-sm-6"),
                    css_class="row"),
                Div(Div("author_qualification", css_class="col-sm-6"),
                    Div("author_contribution", css_class="col-sm-6"), css_class="row"),
            ),
        )
        if "publication_consent" in self.fields:
            helper.layout.append(Fieldset(_("Công bố công khai"), "publication_consent"))
        return helper

    def _get_validation_exclusions(self):
        # The chosen field was just read from the active fields; the model's own check of
        # the foreign key would read it a second time.
        return super()._get_validation_exclusions() | {"field"}

    def clean(self):
        data = super().clean()
        for name in ("title", "summary", "problem", "solution", "benefits"):
            if name in self.fields and self.fields[name].required and name in data and not data[name]:
                self.add_error(name, _("Trường này không được để trống."))
        if "author_contribution" in data and data["author_contribution"] is None:
            # A draft left without the author's share keeps the one it had (100% at first).
            data["author_contribution"] = self.instance.author_contribution
        first_applied, recognised = data.get("first_applied_on"), data.get("recognised_on")
        from django.utils import timezone

        today = timezone.localdate()
        if first_applied and first_applied > today:
            self.add_error("first_applied_on", _("Ngày áp dụng lần đầu không được ở tương lai."))
        if recognised and recognised > today:
            self.add_error("recognised_on", _("Ngày công nhận không được ở tương lai."))
        removed = set(data.get("remove_attachments") or [])
        kept = len([a for a in self.existing_attachments if str(a.pk) not in removed])
        files = data.get("new_files") or []
        if kept + len(files) > settings.ATTACHMENT_MAX_COUNT:
            self.add_error(
                "new_files",
                _("Mỗi sáng kiến có tối đa %(max)s tệp đính kèm (đang có %(kept)s, thêm %(new)s).")
                % {"max": settings.ATTACHMENT_MAX_COUNT, "kept": kept, "new": len(files)},
            )
        kinds = []
        for upload in files:
            try:
                kinds.append(validate_upload(upload))
            except ValidationError as error:
                self.add_error("new_files", error)
        data["new_file_kinds"] = kinds
        return data


class CoAuthorForm(TextInputMixin, forms.ModelForm):
    class Meta:
        model = CoAuthor
        fields = ["full_name", "workplace", "job_title", "qualification", "contribution"]
        widgets = {"contribution": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.01"})}


class BaseCoAuthorFormSet(PortalFormSet):
    """Co-authors; their shares plus the author's must total exactly 100%."""

    def __init__(self, *args, author_contribution=None, complete: bool = True, **kwargs):
        """``complete``: submitting, so the shares must total 100%; a draft is saved with any total."""
        self.author_contribution = author_contribution
        self.complete = complete
        super().__init__(*args, **kwargs)

    def rows(self) -> list[dict]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("full_name")
        ]

    def clean(self):
        if any(self.errors):
            return
        for form in self.forms:
            data = form.cleaned_data
            if data and not data.get("DELETE") and data.get("full_name") and data.get("contribution") is None:
                form.add_error("contribution", _("Nhập tỷ lệ đóng góp của đồng tác giả."))
            if data and not data.get("full_name") and data.get("contribution") is not None:
                form.add_error("full_name", _("Nhập họ tên đồng tác giả."))
        if any(self.errors) or self.author_contribution is None or not self.complete:
            return
        total = self.author_contribution + sum((r["contribution"] for r in self.rows()), Decimal("0"))
        if total != Decimal("100"):
            raise ValidationError(
                _("Tổng tỷ lệ đóng góp của tác giả và các đồng tác giả phải bằng 100%% (hiện là %(total)s%%).")
                % {"total": number_format(total.normalize())},
                code="contribution_total",
            )


CoAuthorFormSet = forms.formset_factory(
    CoAuthorForm, formset=BaseCoAuthorFormSet, extra=2, max_num=20, validate_max=True, can_delete=True
)


class OnBehalfForm(TextInputMixin, forms.Form):
    """Who the initiative is for, when an officer enters it on a worker's behalf."""

    unit = forms.CharField(
        label=_("Mã công đoàn cơ sở của tác giả"),
        max_length=40,
        help_text=_("Gõ tên hoặc mã để tìm công đoàn cơ sở trong phạm vi quản lý của bạn."),
        widget=forms.TextInput(
            attrs={
                "list": "unit-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("unions:search"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#unit-options",
            }
        ),
    )
    author_name = forms.CharField(label=_("Họ và tên tác giả"), max_length=150)
    category = forms.ChoiceField(label=_("Đối tượng"), choices=[("", "—")] + SubmitterCategory.choices)
    holds_management_post = forms.BooleanField(label=_("Tác giả giữ chức vụ lãnh đạo, quản lý"), required=False)
    is_direct_production_worker = forms.BooleanField(
        label=_("Tác giả là công nhân lao động trực tiếp sản xuất"), required=False
    )
    account = forms.CharField(
        label=_("Tài khoản của tác giả (số điện thoại hoặc e-mail)"),
        required=False,
        max_length=254,
        help_text=_("Không bắt buộc. Nếu tác giả đã đăng ký, sáng kiến sẽ hiện trong mục “Sáng kiến của tôi” của họ."),
    )

    def __init__(self, *args, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.officer = officer
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_unit(self) -> Unit:
        code = self.cleaned_data["unit"].strip()
        unit = Unit.objects.filter(code__iexact=code).first()
        if unit is None or not unit_selectors.unit_in_review_scope(self.officer, unit):
            raise ValidationError(_("Không tìm thấy đơn vị “%(code)s” trong phạm vi của bạn."), params={"code": code})
        if unit.kind != UnitKind.GRASSROOTS:
            raise ValidationError(_("Hãy chọn một công đoàn cơ sở, không phải đơn vị cấp trên."))
        return unit

    def clean_account(self) -> User | None:
        identifier = self.cleaned_data["account"].strip()
        if not identifier:
            return None
        try:
            account = User.objects.get_by_identifier(identifier)
        except User.DoesNotExist:
            account = None
        # Only the officer's own members are found: nobody learns who is registered elsewhere.
        if account is None or not members_visible_to(self.officer).filter(pk=account.pk).exists():
            kind = _("e-mail") if looks_like_email(identifier) else _("số điện thoại")
            raise ValidationError(_("Không có tài khoản nào với %(kind)s này."), params={"kind": kind})
        return account

    def clean(self):
        data = super().clean()
        unit, account = data.get("unit"), data.get("account")
        if unit is not None and account is not None and account.unit_id != unit.pk:
            self.add_error("account", _("Tài khoản này không thuộc công đoàn cơ sở đã chọn."))
        return data


class WithdrawForm(TextInputMixin, forms.Form):
    """The reason, optional, a worker gives for withdrawing an initiative."""

    comment = forms.CharField(label=_("Lý do rút (không bắt buộc)"), required=False, max_length=2000)


class ImportUploadForm(TextInputMixin, forms.Form):
    """A file of initiatives for bulk import, and what to do with invalid rows."""

    file = forms.FileField(
        label=_("Tệp sáng kiến (XLSX hoặc CSV UTF-8)"),
        help_text=format_lazy(_("Dùng tệp mẫu; tối đa {size}."), size=filesizeformat(settings.IMPORT_MAX_BYTES)),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    mode = forms.ChoiceField(
        label=_("Khi có dòng lỗi"),
        choices=[
            ("all_or_nothing", _("Không nhập gì cho đến khi mọi dòng đều hợp lệ")),
            ("valid_rows", _("Nhập các dòng hợp lệ, bỏ qua các dòng lỗi")),
        ],
        initial="all_or_nothing",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class PublicationConsentForm(TextInputMixin, forms.Form):
    """The author's answer, or an officer recording the author's word (a note then required)."""

    @classmethod
    def for_initiative(cls, initiative: Initiative) -> PublicationConsentForm:
        """The form as the initiative's page shows it: the current answer chosen."""
        return cls(initial={"consent": "1" if initiative.publication_consent else "0"})

    consent = forms.TypedChoiceField(
        label=_("Công bố công khai"),
        choices=[("1", _("Đồng ý công bố")), ("0", _("Không công bố"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=500, required=False,
        help_text=_("Cán bộ ghi nhận thay tác giả: ghi rõ tác giả đồng ý bằng cách nào, khi nào."),
    )
