"""Each Celery task's last run is recorded (one row per task) and listed on the operations page."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from operations.models import TaskRun
from unions.tests.factories import AppointmentFactory


@pytest.fixture
def staff(tree):
    user = UserFactory(unit=None, full_name="Đỗ Thị Mai")
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


def test_a_task_run_is_recorded_with_its_outcome_and_duration(programme):
    from reports.tasks import recompute_progress

    recompute_progress.delay()
    run = TaskRun.objects.get(task="reports.tasks.recompute_progress")
    assert (run.state, run.runs, run.last_failed_at) == ("SUCCESS", 1, None)
    assert run.duration_ms is not None and run.started_at <= run.finished_at


def test_each_task_keeps_one_row_counting_its_runs(programme):
    from reports.tasks import recompute_progress

    recompute_progress.delay()
    recompute_progress.delay()
    assert list(TaskRun.objects.values_list("task", "runs")) == [("reports.tasks.recompute_progress", 2)]


def test_a_failed_run_keeps_its_error(programme, monkeypatch):
    from reports import tasks

    def broken(**kwargs):
        raise RuntimeError("máy chủ bận")

    monkeypatch.setattr(tasks.services, "aggregates_recompute", broken)
    with pytest.raises(RuntimeError):
        tasks.recompute_progress.delay()
    run = TaskRun.objects.get()
    assert run.state == "FAILURE" and "máy chủ bận" in run.last_error and run.last_failed_at is not None


def test_the_staff_page_lists_the_last_run_of_each_task(client, staff, programme):
    from reports.tasks import recompute_progress

    recompute_progress.delay()
    client.force_login(staff)
    response = client.get(reverse("operations:status"))
    assert [r.task for r in response.context["task_runs"]] == ["reports.tasks.recompute_progress"]
    assert "Thành công" in response.content.decode()
