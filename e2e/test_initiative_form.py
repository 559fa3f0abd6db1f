"""The initiative form as a worker meets it on a phone (375 px) and a desktop (1280 px).

A draft saved with its title alone; a submission refused with every error listed at the top,
each link reaching its field, and the chosen file kept with the draft; the receipt after
sending; a returned initiative's reason on top of its page, its form and the list; what was
typed kept in the browser across a reload. Each page visited is checked with axe-core, and
every step leaves a full-page screenshot in var/e2e/ (or ``E2E_SHOTS``).
"""

import os
import re
from pathlib import Path

import pytest

from reviews.services import initiative_decide, initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory

from .browser import DESKTOP, PHONE, log_in, page_width, png_bytes, reachable, serious_axe_violations
from .conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

# Screenshots go beside the journey's (var/e2e/), or where E2E_SHOTS says.
SHOTS = Path(os.environ.get("E2E_SHOTS", SCREENSHOTS))
TITLE = "Bảng theo dõi ca trực điện tử cho tổ bảo trì"
ATTACHMENT = "bang-ca-truc.png"
COMMENT = "Bổ sung số giờ dừng máy trước và sau khi áp dụng, kèm bảng số liệu của quý I."
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")


def shot(page, viewport, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{viewport['width']}px-{name}.png"), full_page=True)


def checked(page) -> None:
    """The page as a person sees it: no sideways scrolling and no serious accessibility violation."""
    assert page_width(page) <= page.viewport_size["width"]
    assert serious_axe_violations(page) == []


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= -1 && r.top < window.innerHeight; }""",
        selector,
    )


@VIEWPORTS
def test_a_draft_saved_half_filled_is_sent_after_its_errors_are_fixed(open_page, worker, programme, viewport):
    page = open_page(viewport=viewport, bypass_csp=True)
    log_in(page, worker.phone)
    page.goto("/initiatives/new/")
    reachable(page, "#id_title").fill(TITLE)
    reachable(page, "button[name=save]").click()
    page.wait_for_url(re.compile(r"/initiatives/\d+/$"))
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.status == "draft"
    shot(page, viewport, "01-draft-saved")
    checked(page)

    # Sent from its form with most of it still empty, and a picture chosen.
    reachable(page, page.get_by_role("link", name="Sửa", exact=True)).click()
    reachable(page, "#id_summary").fill("Ca trực ghi trên bảng tính dùng chung thay cho sổ giấy.")
    reachable(page, "input[name=new_files]").set_input_files(
        files=[{"name": ATTACHMENT, "mimeType": "image/png", "buffer": png_bytes()}]
    )
    reachable(page, "button[name=submit]").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert in_view(page, "#error-summary"), "the errors are not where the page lands"
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    shot(page, viewport, "02-errors-at-the-top")
    checked(page)
    assert initiative.attachments.count() == 1
    reachable(page, "#kept-files")
    for field in ("field", "problem", "solution", "benefits"):
        link = reachable(page, summary.locator(f"a[href='#id_{field}']"))
        link.click()
        assert in_view(page, f"#id_{field}"), f"the link to {field} does not reach it"
        assert in_view(page, f"label[for=id_{field}]"), f"the label of {field} is cut off"
        page.evaluate("() => window.scrollTo(0, 0)")
    reachable(page, "select[name=field]").select_option(label="Kỹ thuật, sản xuất")
    reachable(page, "#id_problem").fill("Sổ giấy thất lạc, ca trực chồng chéo.")
    reachable(page, "#id_solution").fill("Mỗi người xem và đổi ca trên điện thoại.")
    reachable(page, "#id_benefits").fill("Không còn ca trống; giảm giờ dừng máy.")
    shot(page, viewport, "03-errors-fixed")
    reachable(page, "button[name=submit]").click()

    page.get_by_role("heading", name="Biên nhận sáng kiến").wait_for()
    initiative.refresh_from_db()
    assert (initiative.status, initiative.attachments.count()) == ("submitted", 1)
    reachable(page, ".receipt-ref")
    assert page.locator(".receipt-ref").inner_text() == str(initiative.pk)
    reachable(page, ".receipt-time")
    reachable(page, ".receipt-steps")
    reachable(page, page.get_by_role("button", name="In biên nhận"))
    reachable(page, page.get_by_role("link", name="Xem sáng kiến"))
    shot(page, viewport, "04-receipt")
    checked(page)
    page.emulate_media(media="print")
    assert not page.locator(".portal-header").is_visible()
    assert not page.get_by_role("button", name="In biên nhận").is_visible()
    shot(page, viewport, "05-receipt-printed")
    page.emulate_media(media="screen")


@VIEWPORTS
def test_a_returned_initiatives_reason_is_on_top_of_its_page_its_form_and_the_list(
    open_page, worker, school_officer, programme, viewport
):
    InitiativeFactory.create_batch(3, submitter=worker)
    initiative = InitiativeFactory(submitter=worker, title=TITLE)
    initiative_submit(initiative=initiative, actor=worker)
    initiative_decide(initiative=initiative, action="return", actor=school_officer, comment=COMMENT)
    InitiativeFactory.create_batch(2, submitter=worker)
    page = open_page(viewport=viewport, bypass_csp=True)
    log_in(page, worker.phone)

    page.goto("/initiatives/")
    first = page.locator(".initiative-list > li").first
    assert TITLE in first.inner_text() and COMMENT in first.inner_text()
    assert in_view(page, ".returned-item")
    shot(page, viewport, "06-list-returned-first")
    checked(page)

    reachable(page, first.get_by_role("link", name=TITLE)).click()
    note = page.locator(".return-note")
    note.wait_for()
    assert in_view(page, ".return-note"), "the officer's reason is not where the page lands"
    assert COMMENT in note.inner_text() and school_officer.full_name in note.inner_text()
    shot(page, viewport, "07-detail-returned")
    checked(page)

    reachable(page, note.get_by_role("link", name="Sửa và gửi lại")).click()
    page.locator("form.initiative-form").wait_for()
    assert in_view(page, ".return-note")
    assert COMMENT in page.locator(".return-note").inner_text()
    reachable(page, page.get_by_role("button", name="Gửi lại"))
    shot(page, viewport, "08-form-returned")
    checked(page)


@VIEWPORTS
def test_what_is_typed_survives_a_reload_in_the_browser(open_page, worker, programme, viewport):
    """The page's Content-Security-Policy stays enforced: the script is a static file."""
    page = open_page(viewport=viewport)
    log_in(page, worker.phone)
    page.goto("/initiatives/new/")
    reachable(page, "#id_title").fill(TITLE)
    reachable(page, "#id_solution").fill("Một giải pháp dài gõ trên điện thoại.")
    page.wait_for_timeout(1200)
    page.reload()
    banner = page.locator("#form-keep-restore")
    banner.wait_for(state="visible")
    shot(page, viewport, "09-restore-offered")
    reachable(page, banner.get_by_role("button", name="Khôi phục nội dung đó")).click()
    assert page.locator("#id_title").input_value() == TITLE
    assert page.locator("#id_solution").input_value() == "Một giải pháp dài gõ trên điện thoại."
    reachable(page, "button[name=save]").click()
    page.wait_for_url(re.compile(r"/initiatives/\d+/$"))
    page.goto("/initiatives/new/")
    page.wait_for_timeout(300)
    assert not banner.is_visible(), "the text was saved, yet the browser offers it again"


def test_what_is_typed_is_gone_from_the_browser_after_logging_out(open_page, worker, programme):
    """A phone shared by a workshop: the next person finds nothing of the form the last one typed."""
    page = open_page()
    log_in(page, worker.phone)
    page.goto("/initiatives/new/")
    page.locator("#id_title").fill(TITLE)
    page.wait_for_timeout(1200)
    kept = "() => Object.keys(localStorage).filter((k) => k.startsWith('portal-keep:')).length"
    assert page.evaluate(kept) == 1
    with page.expect_navigation():
        page.locator("form[action='/accounts/logout/'] button").first.evaluate("(button) => button.form.submit()")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate(kept) == 0
