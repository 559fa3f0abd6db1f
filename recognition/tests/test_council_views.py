"""The councils' pages: who sees what (404 for everyone else), scoring from a form, documents."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from recognition.councils import services
from recognition.councils.models import CouncilAssignment, CouncilRound, CouncilScore


def login(client, user):
    client.force_login(user)
    return client


def mine(council, user):
    return CouncilAssignment.objects.filter(round=council, member__user=user, withdrawn_at__isnull=True).first()


def test_stranger_gets_404_for_the_round_and_its_results(client, started, thanh_hoa_officer):
    login(client, thanh_hoa_officer)
    for name in ("recognition:council", "recognition:council_results", "recognition:council_results_xlsx"):
        assert client.get(reverse(name, args=[started.pk])).status_code == 404


def test_member_sees_only_their_assignments_not_the_results(client, started, members):
    login(client, members["minh"])
    page = client.get(reverse("recognition:council", args=[started.pk]))
    assert page.status_code == 200
    own = {a.initiative.title for a in CouncilAssignment.objects.filter(round=started, member__user=members["minh"])}
    others = {a.initiative.title for a in CouncilAssignment.objects.filter(round=started).exclude(
        member__user=members["minh"])} - own
    text = page.content.decode()
    assert all(t in text for t in own) and not any(t in text for t in others)
    assert client.get(reverse("recognition:council_results", args=[started.pk])).status_code == 404


def test_member_cannot_open_another_members_assignment(client, started, members):
    theirs = mine(started, members["quy"])
    login(client, members["minh"])
    assert client.get(reverse("recognition:council_score", args=[started.pk, theirs.pk])).status_code == 404


def test_scoring_page_hides_the_author(client, started, members):
    assignment = mine(started, members["minh"])
    login(client, members["minh"])
    page = client.get(reverse("recognition:council_score", args=[started.pk, assignment.pk])).content.decode()
    assert assignment.initiative.title in page and assignment.initiative.author_name not in page


def test_vietnamese_decimal_comma_is_accepted(client, started, members):
    assignment = mine(started, members["minh"])
    criteria = list(started.criteria.all())
    data = {f"score_{c.pk}": v for c, v in zip(criteria, ["7,5", "8", "9.5", "10"], strict=True)}
    data["comment"] = "Giải pháp hay."
    login(client, members["minh"])
    response = client.post(reverse("recognition:council_score", args=[started.pk, assignment.pk]), data)
    assert response.status_code == 302
    values = list(CouncilScore.objects.filter(assignment=assignment).order_by("criterion__position")
                  .values_list("value", flat=True))
    assert values == [Decimal("7.5"), Decimal("8"), Decimal("9.5"), Decimal("10")]


def test_out_of_range_score_is_explained_and_nothing_is_saved(client, started, members):
    assignment = mine(started, members["minh"])
    criteria = list(started.criteria.all())
    data = {f"score_{c.pk}": v for c, v in zip(criteria, ["11", "8", "", "abc"], strict=True)}
    login(client, members["minh"])
    response = client.post(reverse("recognition:council_score", args=[started.pk, assignment.pk]), data)
    text = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in text
    assert "Điểm từ 0 đến 10." in text and "Hãy chấm tiêu chí này (0–10)." in text
    assert not CouncilScore.objects.filter(assignment=assignment).exists()


def test_chair_sees_who_scored_what_and_a_member_does_not(client, started, chair, members):
    assignment = mine(started, members["minh"])
    services.assignment_score(assignment=assignment, actor=members["minh"],
                              values={c.pk: Decimal(6) for c in started.criteria.all()}, comment="Khá tốt.")
    url = reverse("recognition:council_scores_of", args=[started.pk, assignment.initiative_id])
    assert "Khá tốt." in login(client, chair).get(url).content.decode()
    assert login(client, members["quy"]).get(url).status_code == 404


def test_province_staff_follow_progress(client, started, province_staff):
    page = login(client, province_staff).get(reverse("recognition:council", args=[started.pk])).content.decode()
    assert "Tiến độ của từng thành viên" in page


def test_opening_a_round_from_the_form(client, tree, chair, members, pool):
    login(client, chair)
    data = {
        "unit": "P01", "name": "Hội đồng quý II/2022", "phase": "phase-1", "period": "Quý II/2022",
        "chair": str(chair.phone), "members": "\n".join(str(m.phone) for m in members.values()),
        "members_per_initiative": "2", "disagreement_threshold": "2,5",
        "criterion_1": "Tính mới", "weight_1": "2", "criterion_2": "Hiệu quả", "weight_2": "1,5",
    }
    response = client.post(reverse("recognition:council_new"), data)
    council = CouncilRound.objects.get(name="Hội đồng quý II/2022")
    assert response.status_code == 302
    assert council.disagreement_threshold == Decimal("2.5")
    assert [(c.name, c.weight) for c in council.criteria.all()] == [("Tính mới", 2), ("Hiệu quả", Decimal("1.5"))]
    assert council.members.count() == 4


def test_start_blocked_page_names_the_initiatives(client, tree, chair, members, pool, co_authored):
    council = services.round_open(actor=chair, unit=tree["ha_noi"], name="Đợt nhỏ", chair=chair,
                                  members=[members["hung"], members["dao"]], criteria=[("Tính mới", Decimal(1))])
    response = login(client, chair).post(reverse("recognition:council_start", args=[council.pk]))
    assert response.status_code == 409
    assert pool["school_a"].title in response.content.decode()


def test_results_xlsx_holds_the_hand_computed_mean(client, started, chair, pool):
    from openpyxl import load_workbook

    for a in CouncilAssignment.objects.filter(round=started, initiative=pool["hospital_b"]).select_related("member"):
        services.assignment_score(assignment=a, actor=a.member.user,
                                  values=dict(zip([c.pk for c in started.criteria.all()],
                                                  map(Decimal, (8, 7, 6, 9)), strict=True)))
    response = login(client, chair).get(reverse("recognition:council_results_xlsx", args=[started.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == pool["hospital_b"].pk)
    assert row[0] == 1 and row[6] == pytest.approx(7.43)


def test_decision_docx_lists_the_selected_initiative(client, started, chair, pool):
    from docx import Document

    for a in CouncilAssignment.objects.filter(round=started, initiative=pool["hospital_b"]).select_related("member"):
        services.assignment_score(assignment=a, actor=a.member.user,
                                  values={c.pk: Decimal(9) for c in started.criteria.all()})
    services.round_close(council_round=started, actor=chair)
    services.round_select(council_round=started, actor=chair, initiative_ids=[pool["hospital_b"].pk])
    response = login(client, chair).get(reverse("recognition:council_decision_docx", args=[started.pk]))
    document = Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in cells
    assert pool["hospital_b"].title in cells and "9,00" in cells


def test_draft_round_page_offers_the_start_to_whoever_runs_it(client, council, province_staff):
    page = login(client, province_staff).get(reverse("recognition:council", args=[council.pk])).content.decode()
    assert "Bắt đầu chấm điểm" in page


def test_a_member_cannot_start_the_round_from_the_page(client, council, members):
    response = login(client, members["minh"]).post(reverse("recognition:council_start", args=[council.pk]))
    assert response.status_code == 404
    council.refresh_from_db()
    assert council.status == "draft"


def test_conflict_without_a_reason_is_explained_and_keeps_the_assignment(client, started, members):
    assignment = mine(started, members["minh"])
    response = login(client, members["minh"]).post(
        reverse("recognition:council_conflict", args=[started.pk, assignment.pk]), {"reason": " "})
    assert response.status_code == 400
    assert "Hãy ghi rõ lý do xung đột lợi ích." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.withdrawn_at is None


def test_decision_docx_is_dated_at_the_councils_place_as_the_decree_writes_dates(client, started, chair, pool):
    # Closed at 23:30 on 07/05/2022 in Hà Nội (16:30 UTC): the decree writes "ngày 07 tháng 5".
    import datetime as dt
    from unittest import mock

    from docx import Document

    with mock.patch.object(services.timezone, "now", return_value=dt.datetime(2022, 5, 7, 16, 30, tzinfo=dt.UTC)):
        services.round_close(council_round=started, actor=chair)
    response = login(client, chair).get(reverse("recognition:council_decision_docx", args=[started.pk]))
    cells = [c.text for t in Document(io.BytesIO(response.content)).tables for row in t.rows for c in row.cells]
    assert "Hà Nội, ngày 07 tháng 5 năm 2022" in cells


def test_a_member_without_an_appointment_finds_the_councils_in_the_menu(client, council, members):
    page = login(client, members["dao"]).get(reverse("help")).content.decode()
    assert f'href="{reverse("recognition:council_list")}"' in page


def test_a_worker_who_sits_on_no_council_is_not_shown_the_councils(client, worker, council):
    page = login(client, worker).get(reverse("help")).content.decode()
    assert f'href="{reverse("recognition:council_list")}"' not in page


def test_a_person_named_to_a_new_council_finds_it_in_the_menu_at_once(
    client, tree, chair, members, pool, django_capture_on_commit_callbacks
):
    login(client, members["dao"]).get(reverse("help"))  # remembered: sits on no council
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(actor=chair, unit=tree["ha_noi"], name="Hội đồng năm 2023", chair=chair,
                            members=[members["hung"], members["dao"]], criteria=[("Tính mới", Decimal(1))])
    page = client.get(reverse("help")).content.decode()
    assert f'href="{reverse("recognition:council_list")}"' in page
