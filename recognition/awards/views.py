"""The award candidates of a phase and the record of awards given. Thin: rules in ``rules`` and ``services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign.enums import PhaseCode
from unions.selectors import unit_contains

from . import selectors, services
from .forms import AwardForm, CandidatesForm, WithdrawForm
from .models import CollectiveAward
from .rules import award_units


@login_required
def candidates(request):
    """GET shows a phase's candidates under one of the user's units; POST records an award."""
    units = award_units(request.user)
    if not units:
        raise Http404
    choice = CandidatesForm(request.GET, units=units)
    choice.is_valid()
    phase = choice.cleaned_data.get("phase") or PhaseCode.PHASE_1
    parent = next((u for u in units if u.code == choice.cleaned_data.get("parent")), units[0])
    form = AwardForm(request.POST or None, initial={"unit": request.GET.get("unit", ""), "phase": phase})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not any(unit_contains(u, d["unit"]) and u.pk != d["unit"].pk for u in units):
            form.add_error("unit", _("Bạn không được ghi nhận khen thưởng cho đơn vị này."))
        else:
            try:
                services.award_record(actor=request.user, unit=d["unit"], phase=d["phase"],
                                      decision_number=d["decision_number"], decided_on=d["decided_on"])
            except services.AwardError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã ghi nhận Bằng khen cho %(unit)s.") % {"unit": d["unit"].name})
                query = urlencode({"phase": d["phase"], "parent": parent.code})
                return redirect(f"{reverse('recognition:awards')}?{query}")
    return render(request, "recognition/awards/candidates.html", {
        "choice": choice, "form": form, "units": units, "parent": parent, "phase_code": phase,
        "candidates": selectors.award_candidates(parent, phase),
        "awards": selectors.awards_given_under(parent, phase), "withdraw_form": WithdrawForm(),
    })


@login_required
@require_POST
def withdraw(request, pk: int):
    award = get_object_or_404(CollectiveAward.objects.select_related("unit"), pk=pk)
    if not request.user.has_perm("recognition.award_unit", award.unit):
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.award_withdraw(actor=request.user, award=award, reason=form.cleaned_data["reason"])
        except services.AwardError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã gỡ bỏ khen thưởng."))
    else:
        messages.error(request, _("Hãy ghi rõ lý do gỡ bỏ."))
    query = urlencode({"phase": award.phase, "parent": award.awarded_by.code})
    return redirect(f"{reverse('recognition:awards')}?{query}")
