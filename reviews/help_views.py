"""The help page: how the campaign works on the portal, and who a member can turn to.

It lives with reviews, the highest app it describes (an initiative's states and who
decides them); its path, /help/, is given in the root URLs.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from submissions.enums import InitiativeStatus
from unions import selectors as unit_selectors

# What each state means for the author, in the order an initiative goes through them.
STATUS_MEANINGS = (
    (InitiativeStatus.DRAFT, _("Bạn đã lưu nhưng chưa gửi. Chỉ bạn xem được; bạn sửa, gửi hoặc xóa lúc nào cũng được.")),
    (InitiativeStatus.SUBMITTED, _("Đã gửi tới công đoàn cơ sở của bạn và được tính vào số liệu của đơn vị. "
                                   "Cán bộ công đoàn cơ sở sẽ xem và xác nhận.")),
    (InitiativeStatus.VERIFIED, _("Công đoàn cơ sở đã xác nhận; công đoàn cấp trên đang xem để công nhận.")),
    (InitiativeStatus.APPROVED, _("Công đoàn cấp trên đã công nhận sáng kiến. Đây là kết quả cuối cùng.")),
    (InitiativeStatus.RETURNED, _("Cán bộ cần bạn bổ sung hoặc sửa: xem ý kiến của cán bộ, sửa rồi gửi lại. "
                                  "Sáng kiến vẫn được tính trong lúc bạn sửa.")),
    (InitiativeStatus.REJECTED, _("Sáng kiến không được công nhận, kèm lý do. Sáng kiến không còn được tính.")),
    (InitiativeStatus.WITHDRAWN, _("Bạn đã rút sáng kiến; sáng kiến không còn được tính.")),
)


@require_safe
def help_page(request):
    """Questions and answers for everyone; a member also sees the officers of their union and the one above.

    Officers are shown by name, role and unit only: the portal holds no work contact for
    them, and the phone number or e-mail they log in with is theirs, not a published one.
    """
    unit = getattr(request.user, "unit", None) if request.user.is_authenticated else None
    return render(
        request,
        "reviews/help.html",
        {
            "statuses": [(status.label, meaning) for status, meaning in STATUS_MEANINGS],
            "member_unit": unit,
            "contacts": unit_selectors.officers_to_contact(unit) if unit is not None else [],
        },
    )
