import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from recognition.replication import ReplicationError, replication_record, replication_report
from recognition.showcase_models import Replication, ShowcaseEntry
from submissions.services import initiative_set_publication_consent

pytestmark = pytest.mark.django_db

RESULT = "Giảm 20% thời gian chấm bài của tổ Toán."


def _record(initiative, officer, *, day=dt.date(2022, 9, 1), result=RESULT):
    return replication_record(initiative=initiative, unit=officer.unit, applied_on=day, result=result, by=officer)


def test_officer_records_that_their_unit_applied_it(showcased, factory_officer):
    replication = _record(showcased, factory_officer)
    assert (replication.unit, replication.recorded_by, replication.result) == (
        factory_officer.unit, factory_officer, RESULT)
    assert ShowcaseEntry.objects.get(pk=showcased.pk).replications == 1


def test_each_unit_records_an_initiative_once(showcased, factory_officer):
    _record(showcased, factory_officer)
    with pytest.raises(ReplicationError):
        _record(showcased, factory_officer, day=dt.date(2022, 10, 1))
    assert ShowcaseEntry.objects.get(pk=showcased.pk).replications == 1


def test_a_day_in_the_future_is_refused(showcased, factory_officer):
    with pytest.raises(ReplicationError):
        _record(showcased, factory_officer, day=timezone.localdate() + dt.timedelta(days=1))
    assert not Replication.objects.exists()


def test_a_result_is_required(showcased, factory_officer):
    with pytest.raises(ReplicationError):
        _record(showcased, factory_officer, result="   ")


def test_the_authors_own_unit_does_not_replicate_it(showcased, school_officer):
    with pytest.raises(ReplicationError):
        _record(showcased, school_officer)


def test_a_worker_without_an_appointment_may_not_record(showcased, tree):
    stranger = UserFactory(unit=tree["factory"])
    with pytest.raises(ReplicationError):
        _record(showcased, stranger)


def test_an_initiative_not_on_the_showcase_cannot_be_replicated(exemplary, factory_officer):
    with pytest.raises(ReplicationError):
        _record(exemplary, factory_officer)


def test_count_comes_back_when_an_initiative_returns_to_the_showcase(showcased, factory_officer, worker):
    _record(showcased, factory_officer)
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=True)
    assert ShowcaseEntry.objects.get(pk=showcased.pk).replications == 1


def test_counts_roll_up_by_province_of_the_applying_unit_and_by_field(showcased, factory_officer, hospital_officer):
    _record(showcased, factory_officer)
    _record(showcased, hospital_officer)
    report = replication_report()
    assert report.total == 2
    assert {(r.name, r.replications, r.initiatives) for r in report.by_province} == {
        ("LĐLĐ tỉnh Thanh Hóa", 1, 1), ("LĐLĐ thành phố Hà Nội", 1, 1)}
    assert [(r.name, r.replications, r.initiatives) for r in report.by_field] == [("Kỹ thuật, sản xuất", 2, 1)]


def test_report_reads_the_replications_in_four_queries(showcased, factory_officer, django_assert_num_queries):
    _record(showcased, factory_officer)
    with django_assert_num_queries(4):
        replication_report()


def test_replication_count_index_serves_the_most_replicated_order(showcased):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT initiative_id FROM recognition_showcaseentry "
            "ORDER BY replications DESC, submitted_at DESC, initiative_id DESC LIMIT 20"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "showcase_replicated" in plan


# Pages.


def test_officer_records_it_from_the_form_with_a_vietnamese_date(client, showcased, factory_officer):
    client.force_login(factory_officer)
    response = client.post(reverse("recognition:replication_create", args=[showcased.pk]), {
        "unit": factory_officer.unit.pk, "applied_on": "01/09/2022", "result": RESULT})
    assert response.status_code == 302
    assert Replication.objects.get().applied_on == dt.date(2022, 9, 1)


def test_form_refuses_a_future_day_with_a_clear_message(client, showcased, factory_officer):
    client.force_login(factory_officer)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(reverse("recognition:replication_create", args=[showcased.pk]), {
        "unit": factory_officer.unit.pk, "applied_on": tomorrow, "result": RESULT})
    assert "Ngày áp dụng không được ở tương lai." in response.content.decode()
    assert not Replication.objects.exists()


def test_form_of_an_initiative_not_shown_is_not_found(client, exemplary, factory_officer):
    client.force_login(factory_officer)
    assert client.get(reverse("recognition:replication_create", args=[exemplary.pk])).status_code == 404


def test_worker_without_appointment_is_refused_the_form(client, showcased, other_worker):
    client.force_login(other_worker)
    assert client.get(reverse("recognition:replication_create", args=[showcased.pk])).status_code == 403


def test_showcase_page_shows_how_many_units_applied_it(client, showcased, factory_officer, hospital_officer):
    _record(showcased, factory_officer)
    _record(showcased, hospital_officer)
    page = client.get(reverse("recognition:showcase_detail", args=[showcased.pk])).content.decode()
    assert "2 đơn vị đã áp dụng" in page
    assert "Công đoàn Công ty CP Mía đường Lam Sơn" in page


def test_staff_read_the_report(client, showcased, factory_officer, province_staff):
    _record(showcased, factory_officer)
    client.force_login(province_staff)
    page = client.get(reverse("recognition:replication_report")).content.decode()
    assert "LĐLĐ tỉnh Thanh Hóa" in page


def test_officer_without_staff_role_is_refused_the_report(client, factory_officer):
    client.force_login(factory_officer)
    assert client.get(reverse("recognition:replication_report")).status_code == 403
