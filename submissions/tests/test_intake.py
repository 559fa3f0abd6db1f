"""A worker drafts, edits, submits and withdraws an initiative through the web form."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Attachment, Initiative

from .conftest import PDF_BYTES, PNG_BYTES, office_bytes

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def logged_in(client, worker, programme):
    client.force_login(worker)
    return client


def test_edit_draft_changes_content(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(save="1"))
    initiative = Initiative.objects.get()
    logged_in.post(reverse("submissions:edit", args=[initiative.pk]), form_data(title="Tên mới", save="1"))
    initiative.refresh_from_db()
    assert initiative.title == "Tên mới"
    assert initiative.status == "draft"


def test_submitted_initiative_cannot_be_edited(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    initiative = Initiative.objects.get()
    response = logged_in.post(reverse("submissions:edit", args=[initiative.pk]), form_data(title="Đổi"))
    assert response.status_code == 404
    initiative.refresh_from_db()
    assert initiative.title != "Đổi"


def test_draft_can_be_deleted_with_its_files(logged_in, form_data):
    upload = SimpleUploadedFile("mo-ta.pdf", PDF_BYTES)
    logged_in.post(reverse("submissions:create"), form_data(save="1", new_files=[upload]))
    initiative = Initiative.objects.get()
    stored = Attachment.objects.get().file
    logged_in.post(reverse("submissions:delete", args=[initiative.pk]))
    assert not Initiative.objects.exists()
    assert not stored.storage.exists(stored.name)


def test_text_is_stored_in_nfc(logged_in, form_data):
    decomposed = "Sa\u0301ng kie\u0302\u0301n đo\u0302\u0309i mo\u031b\u0301i"
    logged_in.post(reverse("submissions:create"), form_data(title=decomposed, save="1"))
    assert Initiative.objects.get().title == "Sáng kiến đổi mới"


def test_the_form_as_people_type_it_is_stored_as_meant(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(save="1"))
    initiative = Initiative.objects.get()
    assert initiative.title == "Cải tiến dây chuyền đóng gói giúp tăng năng suất"  # NFC
    assert (initiative.first_applied_on, initiative.recognised_on) == (dt.date(2022, 3, 1), dt.date(2022, 3, 15))
    assert initiative.benefit_vnd == 120_000_000
    assert (initiative.summary, initiative.benefits) == ("Thay đổi thứ tự công đoạn đóng gói 📦.", "Tăng 15% năng suất 👍")
    assert initiative.solution == "Bố trí lại bàn đóng gói theo dòng chảy sản phẩm\u200f."
    assert initiative.recognised_by == "Hội đồng sáng kiến Công ty Đường Đồng Nai"


def test_search_text_is_accent_folded(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(title="Đường ống Sáng kiến", save="1"))
    assert "duong ong sang kien" in Initiative.objects.get().search_text


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (dt.datetime(2022, 5, 31, 23, 59, 59, tzinfo=HANOI), "phase-1"),
        (dt.datetime(2022, 6, 1, 0, 0, 0, tzinfo=HANOI), "phase-2"),
    ],
)
def test_phase_is_taken_from_local_date_of_first_submission(logged_in, form_data, monkeypatch, moment, phase):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    initiative = Initiative.objects.get()
    assert initiative.phase.code == phase
    assert initiative.submitted_on == moment.date()


def test_submission_outside_every_phase_has_no_phase(logged_in, form_data, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2024, 1, 2, 3, 0, tzinfo=dt.UTC))
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    assert Initiative.objects.get().phase is None


# --- bad input ---------------------------------------------------------------------------


def _errors(response, field):
    return " ".join(str(e) for e in response.context["form"].errors.get(field, []))


@pytest.mark.parametrize("field", ["title", "summary", "problem", "solution", "benefits", "field"])
def test_required_field_missing_is_refused(logged_in, form_data, field):
    response = logged_in.post(reverse("submissions:create"), form_data(**{field: "", "submit": "1"}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Initiative.objects.exclude(status="draft").exists()


def test_whitespace_only_title_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(title="   \u3000 "))
    assert response.context["form"].errors["title"]


def test_negative_benefit_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(benefit_vnd="-5"))
    assert response.context["form"].errors["benefit_vnd"]
    assert not Initiative.objects.exists()


def test_non_numeric_benefit_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(benefit_vnd="một trăm"))
    assert response.context["form"].errors["benefit_vnd"]


# --- amounts typed the Vietnamese way ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("250.000.000", 250_000_000), ("250.000", 250_000), ("250 000 000", 250_000_000),
     ("250\u00a0000\u00a0000", 250_000_000), ("250\u202f000\u202f000", 250_000_000),
     ("250.000.000 đ", 250_000_000), ("1.500.000,00", 1_500_000), ("250000000", 250_000_000)],
)
def test_a_benefit_typed_the_vietnamese_way_is_stored_as_that_many_dong(logged_in, form_data, typed, stored):
    response = logged_in.post(reverse("submissions:create"), form_data(benefit_vnd=typed, save="1"))
    assert response.status_code == 302
    assert Initiative.objects.get().benefit_vnd == stored


def test_a_fraction_of_a_dong_is_refused_not_rounded(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(benefit_vnd="1.500.000,5", save="1"))
    assert _errors(response, "benefit_vnd") == (
        "“1.500.000,5” có phần lẻ của đồng: hãy ghi số đồng chẵn, không có phần thập phân."
    )
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.5", "“1.5” không rõ nghĩa: dấu chấm hay khoảng trắng chỉ dùng để tách từng nhóm ba chữ số"),
        ("250.00.000", "“250.00.000” không rõ nghĩa: dấu chấm hay khoảng trắng chỉ dùng để tách từng nhóm ba"),
        ("1,500", "“1,500” không rõ nghĩa: dấu phẩy chỉ dùng trước phần thập phân"),
        ("250.000 000", "“250.000 000” dùng lẫn dấu chấm và khoảng trắng"),
        ("-250.000", "“-250.000” là số âm"),
        ("1.000.000.000.000.001", "“1.000.000.000.000.001” vượt quá mức tối đa 1.000.000.000.000.000 đồng"),
        ("250 triệu", "“250 triệu” không phải là số tiền"),
    ],
)
def test_an_ambiguous_benefit_is_refused_naming_what_was_typed(logged_in, form_data, typed, message):
    response = logged_in.post(reverse("submissions:create"), form_data(benefit_vnd=typed, save="1"))
    assert message in _errors(response, "benefit_vnd")
    assert not Initiative.objects.exists()


def test_the_benefit_label_starts_with_a_capital_like_every_other_label(logged_in):
    page = logged_in.get(reverse("submissions:create")).content.decode()
    assert "Giá trị làm lợi ước tính (đồng)" in page


def test_the_edit_form_shows_the_benefit_grouped_and_it_resubmits_unchanged(logged_in, form_data):
    import re

    logged_in.post(reverse("submissions:create"), form_data(benefit_vnd="250.000.000", save="1"))
    initiative = Initiative.objects.get()
    url = reverse("submissions:edit", args=[initiative.pk])
    page = logged_in.get(url).content.decode()
    shown = re.search(r'<input[^>]*name="benefit_vnd"[^>]*>', page).group(0)
    assert 'value="250.000.000"' in shown
    logged_in.post(url, form_data(benefit_vnd="250.000.000", title="Đã sửa", save="1"))
    initiative.refresh_from_db()
    assert (initiative.title, initiative.benefit_vnd) == ("Đã sửa", 250_000_000)


def test_the_edit_form_keeps_the_benefit_when_resubmitted_as_shown_in_english(client, worker, form_data):
    import re

    client.force_login(worker)
    client.post(reverse("submissions:create"), form_data(benefit_vnd="250.000.000", save="1"))
    initiative = Initiative.objects.get()
    url = reverse("submissions:edit", args=[initiative.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    shown = re.search(r'<input[^>]*name="benefit_vnd"[^>]*value="([^"]*)"', page).group(1)
    client.post(url, form_data(benefit_vnd=shown, save="1"), HTTP_ACCEPT_LANGUAGE="en")
    initiative.refresh_from_db()
    assert initiative.benefit_vnd == 250_000_000


def test_the_admin_reads_a_benefit_typed_grouped(client, form_data, worker, tree):
    from accounts.tests.factories import UserFactory

    from .factories import InitiativeFactory

    initiative = InitiativeFactory(submitter=worker, benefit_vnd=None)
    admin = UserFactory(unit=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:submissions_initiative_change", args=[initiative.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data.update({"benefit_vnd": "250.000.000", "unit": tree["school"].pk, "co_authors-TOTAL_FORMS": "0",
                 "co_authors-INITIAL_FORMS": "0", "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative.refresh_from_db()
    assert initiative.benefit_vnd == 250_000_000


def test_future_first_application_date_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(first_applied_on="2999-01-01"))
    assert "tương lai" in _errors(response, "first_applied_on")


def test_invalid_date_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(recognised_on="31/02/2022"))
    assert response.context["form"].errors["recognised_on"]


def test_title_too_long_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(title="x" * 301))
    assert response.context["form"].errors["title"]


def test_contributions_not_totalling_100_are_refused(logged_in, form_data):
    response = logged_in.post(
        reverse("submissions:create"),
        form_data(**{"author_contribution": "60", "co-0-full_name": "Trần B", "co-0-contribution": "30", "submit": "1"}),
    )
    assert "100%" in " ".join(response.context["formset"].non_form_errors())
    assert not Initiative.objects.exclude(status="draft").exists()


def test_contributions_totalling_100_are_stored(logged_in, form_data):
    logged_in.post(
        reverse("submissions:create"),
        form_data(**{"author_contribution": "60", "co-0-full_name": "Trần B", "co-0-contribution": "40", "save": "1"}),
    )
    initiative = Initiative.objects.get()
    assert [(c.full_name, c.contribution) for c in initiative.co_authors.all()] == [("Trần B", 40)]


def test_co_author_without_share_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(**{"co-0-full_name": "Trần B"}))
    assert response.context["formset"].forms[0].errors["contribution"]


def test_contribution_over_100_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(author_contribution="150"))
    assert response.context["form"].errors["author_contribution"]


@pytest.mark.parametrize(
    ("name", "content"),
    [("tai-lieu.pdf", PDF_BYTES), ("anh.png", PNG_BYTES), ("mo-ta.docx", office_bytes("docx")),
     ("bang.xlsx", office_bytes("xlsx")), ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32)],
)
def test_accepted_file_kinds_are_stored(logged_in, form_data, name, content):
    logged_in.post(reverse("submissions:create"), form_data(save="1", new_files=[SimpleUploadedFile(name, content)]))
    attachment = Attachment.objects.get()
    assert attachment.original_name == name
    assert attachment.size == len(content)


def test_executable_renamed_to_pdf_is_refused(logged_in, form_data):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = logged_in.post(reverse("submissions:create"), form_data(new_files=[fake]))
    assert "nội dung" in _errors(response, "new_files")
    assert not Initiative.objects.exists()


def test_macro_enabled_office_file_is_refused(logged_in, form_data):
    upload = SimpleUploadedFile("mo-ta.docx", office_bytes("docx", macro=True))
    response = logged_in.post(reverse("submissions:create"), form_data(new_files=[upload]))
    assert "macro" in _errors(response, "new_files")


def test_file_over_10_mb_is_refused(logged_in, form_data, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    upload = SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * 2048)
    response = logged_in.post(reverse("submissions:create"), form_data(new_files=[upload]))
    assert "vượt quá" in _errors(response, "new_files")
    assert not Attachment.objects.exists()


def test_empty_file_is_refused(logged_in, form_data):
    response = logged_in.post(
        reverse("submissions:create"), form_data(new_files=[SimpleUploadedFile("rong.pdf", b"")])
    )
    assert response.context["form"].errors["new_files"]


def test_sixth_attachment_is_refused(logged_in, form_data):
    files = [SimpleUploadedFile(f"t{i}.pdf", PDF_BYTES) for i in range(6)]
    response = logged_in.post(reverse("submissions:create"), form_data(new_files=files))
    assert "tối đa 5" in _errors(response, "new_files")
    assert not Attachment.objects.exists()


def test_worker_without_unit_is_sent_to_profile(client, tree, programme):
    from accounts.tests.factories import UserFactory

    user = UserFactory(unit=None)
    client.force_login(user)
    response = client.get(reverse("submissions:create"))
    assert response["Location"] == reverse("accounts:profile")


def test_a_title_with_a_bidirectional_override_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(title="Sáng kiến \u202egnóđ", save="1"))
    assert response.status_code == 200
    assert "ký tự điều khiển hướng chữ" in _errors(response, "title")
    assert not Initiative.objects.exists()


def test_a_co_author_name_with_a_bidirectional_isolate_is_refused(logged_in, form_data):
    data = form_data(**{"co-0-full_name": "Trần \u2067B\u2069", "co-0-contribution": "30",
                        "author_contribution": "70", "save": "1"})
    response = logged_in.post(reverse("submissions:create"), data)
    assert response.status_code == 200
    assert "ký tự điều khiển hướng chữ" in str(response.context["formset"].forms[0].errors["full_name"])
    assert not Initiative.objects.exists()


def test_too_many_co_authors_are_refused_in_vietnamese(logged_in, form_data):
    data = form_data(**{"co-TOTAL_FORMS": "21", "save": "1"})
    for i in range(21):
        data.update({f"co-{i}-full_name": f"Người {i}", f"co-{i}-contribution": "1"})
    data["author_contribution"] = "79"
    response = logged_in.post(reverse("submissions:create"), data)
    assert response.status_code == 200
    assert [str(e) for e in response.context["formset"].non_form_errors()] == ["Chỉ được nhập tối đa 20 dòng."]
    assert not Initiative.objects.exists()


def test_a_withdrawal_reason_with_a_bidirectional_override_is_refused(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    initiative = Initiative.objects.get()
    response = logged_in.post(reverse("submissions:withdraw", args=[initiative.pk]), {"comment": "Gửi \u202enhầm"},
                              follow=True)
    assert "ký tự điều khiển hướng chữ" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.status == "submitted"
