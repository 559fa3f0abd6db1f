"""Text typed into any form: stored in NFC, its length checked as stored, no bidirectional controls."""

import unicodedata

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import get_resolver

from accounts.enums import SubmitterCategory
from accounts.forms import ProfileForm
from accounts.tests.factories import UserFactory
from initiatives_portal.forms import TextInputMixin
from reviews.forms import DecisionForm

PROJECT_APPS = ("accounts", "unions", "campaign", "submissions", "reviews", "reports", "operations", "demo", "initiatives_portal")
BIDI_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def profile(**overrides) -> dict:
    return {"full_name": "Lê Thị Mai", "category": SubmitterCategory.ENTERPRISE, "job_title": "", "workplace": "",
            "qualification": "", **overrides}


def test_a_decision_comment_sent_decomposed_is_kept_composed():
    form = DecisionForm({"action": "verify", "comment": nfd("Đồng ý, đề nghị khen thưởng")})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["comment"] == "Đồng ý, đề nghị khen thưởng"


def test_the_length_limit_applies_to_the_text_as_stored_when_nfc_lengthens_it():
    # U+0958 is excluded from composition: NFC stores it as two code points.
    form = DecisionForm({"action": "return", "comment": "\u0958" * 2600})
    assert not form.is_valid()
    assert "5200" in form.errors["comment"][0]


@pytest.mark.django_db
def test_a_decomposed_name_within_the_limit_once_composed_is_accepted(worker):
    name = "Nguyễn Thị Ỷ Ầu Ễ " * 8
    assert len(nfd(name).strip()) > 150 >= len(name.strip())
    form = ProfileForm(profile(full_name=nfd(name)), instance=worker)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == name.strip()


@pytest.mark.django_db
@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=[f"U+{ord(c):04X}" for c in BIDI_CONTROLS])
def test_a_bidirectional_control_in_a_name_is_refused_with_a_message(worker, control):
    form = ProfileForm(profile(full_name=f"Lê Văn {control}naM"), instance=worker)
    assert not form.is_valid()
    assert "ký tự điều khiển hướng chữ" in form.errors["full_name"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("mark", ["\u200e", "\u200f"], ids=["LRM", "RLM"])
def test_a_direction_mark_in_a_name_is_accepted(worker, mark):
    form = ProfileForm(profile(full_name=f"Lê Văn {mark}Nam"), instance=worker)
    assert form.is_valid(), form.errors


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_portal_applies_the_text_rules():
    assert get_resolver().url_patterns  # imports every view, and with them every form
    project_forms = {
        form for form in _subclasses(forms.BaseForm)
        if form.__module__.split(".")[0] in PROJECT_APPS and ".tests" not in form.__module__
    }
    assert project_forms
    assert sorted(f.__qualname__ for f in project_forms if not issubclass(f, TextInputMixin)) == []


@pytest.mark.django_db
def test_every_admin_page_that_edits_text_applies_the_text_rules():
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    missing = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS or not model_admin.has_change_permission(request):
            continue
        for obj in (None, model()):
            if not issubclass(model_admin.get_form(request, obj), TextInputMixin):
                missing.append(type(model_admin).__name__)
        for inline in model_admin.get_inline_instances(request):
            if inline.has_change_permission(request) and not issubclass(inline.get_formset(request).form,
                                                                        TextInputMixin):
                missing.append(type(inline).__name__)
    assert sorted(set(missing)) == []
