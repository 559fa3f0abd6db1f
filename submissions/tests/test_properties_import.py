"""A bulk import of any cell text: each row is imported or refused with its error, never a failed run."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from initiatives_portal.tests.test_properties import (
    CSV_FIELD_LIMIT,
    assert_form_error_or_redirect,
    assert_no_probe_echoed,
    hostile_text,
    moments,
)
from submissions import imports
from submissions.models import ImportRun

# A valid value of every column, so that a row has a chance to be imported.
VALID = {
    "unit_code": "P01-U001-G0001", "title": "Sổ tay điện tử", "summary": "Tóm tắt", "field": "education",
    "author_name": "Đặng Thị Mai", "author_category": "public_service", "submitted_at": "2022-05-31 10:00",
    "co_authors": "Đỗ Văn Bình (30%)", "benefit_vnd": "250.000.000", "status": "Không được công nhận",
    "holds_management_post": "không", "direct_production_worker": "x", "reason": "Trùng lặp",
    "comment": "Đã có sáng kiến tương tự",
}
COLUMNS = (*imports.REQUIRED, *imports.OPTIONAL)

# Besides any text, every column may hold a moment from year 1 to 9999 with an offset up to ±14:00.
cells = st.one_of(hostile_text, moments)
rows = st.lists(
    st.fixed_dictionaries({column: st.one_of(st.just(VALID[column]), cells) for column in COLUMNS}),
    min_size=1,
    max_size=4,
)


def _csv_upload(table: list[dict]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(table)
    return SimpleUploadedFile("sang-kien.csv", buffer.getvalue().encode("utf-8"), content_type="text/csv")


@pytest.fixture
def officer_client(client, school_officer, programme):
    client.force_login(school_officer)
    return client


@pytest.mark.django_db
@given(table=rows, mode=st.sampled_from([mode for mode, _label in ImportRun.Mode.choices]))
@example(table=[{**VALID, "title": "Sổ tay\x00điện tử"}], mode="valid_rows")
@example(table=[{**VALID, "unit_code": "P01\x00"}], mode="all_or_nothing")
@example(table=[{**VALID, "unit_code": "<script>alert('xss-probe')</script>" * 200}], mode="valid_rows")
@example(table=[{**VALID, "submitted_at": "0001-01-01"}, VALID], mode="valid_rows")
@example(table=[{**VALID, "submitted_at": "0001-01-01T00:00:00+14:00"}], mode="all_or_nothing")
@example(table=[{**VALID, "submitted_at": "9999-12-31T23:59:59-14:00"}, VALID], mode="valid_rows")
# A cell past the csv module's field limit: refused by line and column (initiatives_portal.tabular).
@example(table=[{**VALID, "summary": "a" * (CSV_FIELD_LIMIT + 1)}, VALID], mode="valid_rows")
def test_an_upload_of_any_cells_is_imported_or_refused_row_by_row(
    officer_client, django_capture_on_commit_callbacks, table, mode
):
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("submissions:import"), {"file": _csv_upload(table), "mode": mode})

    assert_form_error_or_redirect(response)
    if response.status_code == 302:
        run = ImportRun.objects.order_by("-pk").first()
        assert run.state in (ImportRun.State.DONE, ImportRun.State.REFUSED), run.message
        assert_no_probe_echoed(officer_client.get(response["Location"]))
        errors = officer_client.get(reverse("submissions:import_errors", args=[run.pk]))
        assert errors.status_code == 200
        b"".join(errors.streaming_content).decode("utf-8-sig")
