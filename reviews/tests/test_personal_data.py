"""A person's own data: the page and the JSON download hold everything the portal keeps about them."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AccountAction
from accounts.models import AccountEvent
from reviews.services import initiative_decide
from submissions.tests.factories import InitiativeFactory


@pytest.fixture
def submitted(co_authored_submitted):
    return co_authored_submitted


# --- one's own data -------------------------------------------------------------------------


def test_export_needs_log_in(client):
    response = client.get(reverse("my_data_json"))

    assert response.status_code == 302


def test_export_holds_the_account_profile_and_consent(client, worker):
    worker.personal_data_consent_at = timezone.now()
    worker.job_title = "Giáo viên"
    worker.save()
    client.force_login(worker)

    data = json.loads(client.get(reverse("my_data_json")).content)

    assert data["account"]["full_name"] == "Nguyễn Thị Lan"
    assert data["account"]["phone"] == "0912345678"
    assert data["account"]["unit"]["code"] == worker.unit.code
    assert data["account"]["job_title"] == "Giáo viên"
    assert data["account"]["personal_data_consent_at"] is not None


def test_export_holds_the_initiatives_with_co_authors_and_decision_history(client, worker, submitted, school_officer):
    initiative_decide(initiative=submitted, action="return", actor=school_officer, comment="Bổ sung số liệu")
    client.force_login(worker)

    data = json.loads(client.get(reverse("my_data_json")).content)

    [item] = data["initiatives"]
    assert item["title"] == "Sổ tay điện tử cho giáo viên"
    assert item["co_authors"][0]["full_name"] == "Trần Thị Hoa"
    assert [h["action"] for h in item["history"]] == ["submit", "return"]
    assert item["history"][1]["comment"] == "Bổ sung số liệu"
    assert len(data["notifications"]) == 1


def test_export_does_not_name_the_officers_who_decided(client, worker, submitted, school_officer):
    initiative_decide(initiative=submitted, action="verify", actor=school_officer)
    client.force_login(worker)

    body = client.get(reverse("my_data_json")).content.decode()

    assert school_officer.full_name not in body
    assert json.loads(body)["initiatives"][0]["history"][1]["actor_unit"]["code"] == worker.unit.code


def test_export_of_an_officer_holds_their_appointments_and_decisions_taken(client, school_officer, submitted):
    initiative_decide(initiative=submitted, action="verify", actor=school_officer)
    client.force_login(school_officer)

    data = json.loads(client.get(reverse("my_data_json")).content)

    assert [a["role"] for a in data["appointments"]] == ["officer"]
    assert [d["action"] for d in data["actions_taken"]] == ["verify"]


def test_export_is_a_download_and_is_recorded(client, worker):
    client.force_login(worker)

    response = client.get(reverse("my_data_json"))

    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert AccountEvent.objects.filter(subject=worker, action=AccountAction.DATA_EXPORTED).exists()


def test_readable_page_shows_the_same_data(client, worker, submitted):
    client.force_login(worker)

    page = client.get(reverse("my_data")).content.decode()

    assert "Nguyễn Thị Lan" in page and "0912345678" in page
    assert "Sổ tay điện tử cho giáo viên" in page and "Trần Thị Hoa" in page




def test_export_holds_a_draft_saved_before_its_field_was_chosen(client, worker):
    InitiativeFactory(submitter=worker, title="Bản nháp chưa chọn lĩnh vực", field=None, summary="")
    client.force_login(worker)
    data = json.loads(client.get(reverse("my_data_json")).content)
    [item] = data["initiatives"]
    assert (item["title"], item["field"]) == ("Bản nháp chưa chọn lĩnh vực", None)
    assert client.get(reverse("my_data")).status_code == 200
