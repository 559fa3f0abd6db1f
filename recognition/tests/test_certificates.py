import datetime as dt
import re
import subprocess

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from recognition.certificates import (
    ALPHABET,
    CODE_LENGTH,
    CertificateError,
    certificate_check,
    certificate_issue,
    format_code,
    new_code,
    normalise_code,
)
from recognition.showcase_models import Certificate
from reviews.services import initiative_mark_exemplary
from submissions.models import CoAuthor
from submissions.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _issue(initiative, kind="approved", by=None):
    return certificate_issue(initiative=initiative, kind=kind, by=by)


def test_codes_are_twelve_characters_of_the_unambiguous_alphabet():
    code = new_code()
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(ALPHABET)
    assert not set("ILOU") & set(ALPHABET)


def test_codes_are_random_not_derived_from_the_initiative(approved, worker):
    first = _issue(approved, by=worker)
    Certificate.objects.all().delete()
    second = _issue(approved, by=worker)
    assert first.code != second.code
    assert str(approved.pk) not in first.code


def test_a_thousand_codes_never_repeat_and_use_the_whole_alphabet():
    codes = {new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert set("".join(codes)) == set(ALPHABET)


@pytest.mark.parametrize("typed", ["abcd-efgh-jkmn", "ABCD EFGH JKMN", "abcdefghjkmn", " ABCD–EFGH–JKMN "])
def test_a_code_is_read_whatever_its_case_dashes_or_spaces(typed):
    assert normalise_code(typed) == "ABCDEFGHJKMN"


def test_letters_left_out_of_the_alphabet_are_read_as_the_digits_they_look_like():
    assert normalise_code("O0I1-L000-0000") == "001110000000"


@pytest.mark.parametrize("typed", ["", "ABCD-EFGH", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKM?", "ABCD-EFGH-JKMU"])
def test_anything_else_is_not_a_code(typed):
    assert normalise_code(typed) is None


def test_code_is_shown_in_groups_of_four():
    assert format_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


def test_a_submitted_initiative_gets_no_certificate(worker, programme):
    from reviews.services import initiative_submit

    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    with pytest.raises(CertificateError):
        _issue(initiative, by=worker)
    assert not Certificate.objects.exists()


def test_an_approved_initiative_not_exemplary_gets_no_exemplary_certificate(approved, worker):
    with pytest.raises(CertificateError):
        _issue(approved, "exemplary", by=worker)


def test_the_same_certificate_is_printed_again_while_it_is_valid(approved, worker, school_officer):
    first = _issue(approved, by=worker)
    assert _issue(approved, by=school_officer) == first
    assert Certificate.objects.count() == 1
    assert first.issued_by == worker


def test_certificate_states_the_local_day_of_approval(worker, programme, school_officer, upper_officer):
    from unittest import mock

    from reviews.services import initiative_decide, initiative_submit

    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    initiative.refresh_from_db()
    late_evening_utc = dt.datetime(2022, 5, 31, 17, 30, tzinfo=dt.UTC)  # 00:30 on 01/06/2022 in Hà Nội
    with mock.patch("django.utils.timezone.now", return_value=late_evening_utc):
        initiative_decide(initiative=initiative, action="approve", actor=upper_officer)
    initiative.refresh_from_db()
    assert _issue(initiative, by=worker).granted_on == dt.date(2022, 6, 1)


def test_withdrawn_mark_makes_the_exemplary_certificate_no_longer_valid(exemplary, worker, province_staff):
    certificate = _issue(exemplary, "exemplary", by=worker)
    initiative_mark_exemplary(initiative=exemplary, actor=province_staff, exemplary=False)
    check = certificate_check(certificate)
    assert not check.valid
    assert check.revoked_on is not None


def test_marking_again_issues_a_new_code_and_the_old_one_stays_withdrawn(exemplary, worker, province_staff):
    old = _issue(exemplary, "exemplary", by=worker)
    initiative_mark_exemplary(initiative=exemplary, actor=province_staff, exemplary=False)
    exemplary.refresh_from_db()
    initiative_mark_exemplary(initiative=exemplary, actor=province_staff, exemplary=True)
    exemplary.refresh_from_db()
    new = _issue(exemplary, "exemplary", by=worker)
    assert new.code != old.code
    assert not certificate_check(old).valid
    assert certificate_check(new).valid


def test_the_approval_certificate_stays_valid_when_only_the_mark_is_withdrawn(exemplary, worker, province_staff):
    certificate = _issue(exemplary, "approved", by=worker)
    initiative_mark_exemplary(initiative=exemplary, actor=province_staff, exemplary=False)
    assert certificate_check(certificate).valid


# The verification page.


def test_verification_page_confirms_title_authors_unit_status_and_date(client, approved, worker):
    certificate = _issue(approved, by=worker)
    response = client.get(reverse("recognition:verify", args=[format_code(certificate.code)]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Giấy chứng nhận hợp lệ." in page
    assert approved.title in page
    assert "Nguyễn Thị Lan, Trần Thị Hoa" in page
    assert "Công đoàn Trường THPT Phan Đình Phùng" in page
    assert certificate.granted_on.strftime("%d/%m/%Y") in page


def test_verification_page_shows_nothing_more_of_the_initiative(client, approved, worker):
    approved.author_workplace = "Tổ Toán, phòng 204"
    approved.save()
    certificate = _issue(approved, by=worker)
    page = client.get(reverse("recognition:verify", args=[format_code(certificate.code)])).content.decode()
    assert approved.summary not in page
    assert "Tổ Toán" not in page
    assert worker.phone not in page


def test_a_revoked_code_answers_no_longer_valid_with_the_date_not_a_404(client, exemplary, worker, province_staff):
    certificate = _issue(exemplary, "exemplary", by=worker)
    initiative_mark_exemplary(initiative=exemplary, actor=province_staff, exemplary=False)
    response = client.get(reverse("recognition:verify", args=[format_code(certificate.code)]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Giấy chứng nhận không còn hiệu lực" in page
    assert re.search(r"kể từ ngày \d\d/\d\d/\d{4}", page)


def test_an_unknown_code_gets_a_clear_page(client, db):
    response = client.get(reverse("recognition:verify", args=["ABCD-EFGH-JKMN"]))
    assert response.status_code == 404
    assert "Không có giấy chứng nhận nào mang mã “ABCD-EFGH-JKMN”" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_code_typed_in_lower_case_goes_to_its_printed_form(client, approved, worker):
    certificate = _issue(approved, by=worker)
    response = client.get(reverse("recognition:verify_form"), {"code": certificate.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("recognition:verify", args=[format_code(certificate.code)])


def test_an_address_trying_many_unknown_codes_is_refused_even_a_real_one(client, approved, worker):
    from recognition.showcase_views import VERIFY_MISSES_ALLOWED

    certificate = _issue(approved, by=worker)
    for n in range(VERIFY_MISSES_ALLOWED):
        client.get(reverse("recognition:verify", args=[f"ABCD-EFGH-{n:04d}"]), REMOTE_ADDR="203.0.113.7")
    refused = client.get(reverse("recognition:verify", args=[format_code(certificate.code)]), REMOTE_ADDR="203.0.113.7")
    other = client.get(reverse("recognition:verify", args=[format_code(certificate.code)]), REMOTE_ADDR="203.0.113.8")
    assert refused.status_code == 429
    assert other.status_code == 200


def test_verification_page_is_public_and_cacheable_without_cookies(client, approved, worker):
    certificate = _issue(approved, by=worker)
    response = client.get(reverse("recognition:verify", args=[format_code(certificate.code)]))
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


# Downloading the certificate.


def _download(client, user, initiative, kind="approved"):
    client.force_login(user)
    return client.get(reverse("recognition:certificate", args=[initiative.pk, kind]))


def test_author_downloads_an_a4_landscape_pdf(client, approved, worker):
    response = _download(client, worker, approved)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in response.content


def test_the_pdf_says_certificate_title_authors_and_code_in_vietnamese(client, approved, worker, tmp_path):
    response = _download(client, worker, approved)
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603 - poppler's pdftotext on the file just written
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True  # noqa: S607
    ).stdout
    code = format_code(Certificate.objects.get().code)
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Đổi mới quy trình chấm bài trắc nghiệm" in text
    assert "Nguyễn Thị Lan, Trần Thị Hoa" in text
    assert code in text
    assert f"/verify/{code}/" in text


def test_co_author_with_an_account_downloads_it(client, approved, candidate):
    CoAuthor.objects.filter(initiative=approved).update(account=candidate)
    assert _download(client, candidate, approved).status_code == 200


def test_officer_in_scope_downloads_it(client, approved, upper_officer):
    assert _download(client, upper_officer, approved).status_code == 200


def test_officer_of_another_province_gets_not_found(client, approved, thanh_hoa_officer):
    assert _download(client, thanh_hoa_officer, approved).status_code == 404
    assert not Certificate.objects.exists()


def test_stranger_gets_not_found(client, approved):
    assert _download(client, UserFactory(), approved).status_code == 404


def test_asking_the_exemplary_certificate_of_a_plain_approval_explains_why_not(client, approved, worker):
    response = _download(client, worker, approved, "exemplary")
    assert response.status_code == 302
    assert not Certificate.objects.exists()
