"""Opening a digest of the waiting initiatives (listed with the notifications)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from .digests import digest_link, digests_mark_read
from .models import Digest


@login_required
@require_GET
def digest_open(request, pk: int):
    """Open one of the user's digests: it is marked read, then the queue it tells of (or, for
    an escalation, the dashboard of the unit whose children are late) is shown. Another
    user's digest is a 404; no address from the request is followed."""
    digest = Digest.objects.select_related("unit").filter(recipient=request.user, pk=pk).first()
    if digest is None:
        raise Http404
    digests_mark_read(request.user, ids=[pk])
    return redirect(digest_link(digest))
