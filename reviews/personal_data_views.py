"""A person's own data, as a page and as a JSON download (paths under /accounts/, from the root URLs)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.services import user_record_data_export

from .personal_data import personal_data_of


@never_cache
@login_required
def my_data(request):
    """Everything the portal holds about the user, as a readable page."""
    return render(request, "reviews/my_data.html", {"data": personal_data_of(request.user)})


@never_cache
@login_required
def my_data_json(request):
    """The same as a JSON file to keep or take elsewhere."""
    data = personal_data_of(request.user)
    user_record_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{stamp}.json"'
    return response
