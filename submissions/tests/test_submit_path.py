"""The submit path stays cheap: a bounded number of queries, no look-ups the database already makes."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.models import Initiative


@pytest.fixture
def logged_in(client, worker, programme):
    client.force_login(worker)
    return client


def test_submitting_the_form_takes_at_most_eight_queries(logged_in, form_data, django_assert_max_num_queries):
    data = form_data(submit="1")
    with django_assert_max_num_queries(8):
        response = logged_in.post(reverse("submissions:create"), data)
    assert response.status_code == 302
    assert Initiative.objects.get().status == "submitted"


def test_initiative_is_filed_under_the_workers_own_unit(logged_in, form_data, tree):
    logged_in.post(reverse("submissions:create"), form_data(save="1"))
    assert Initiative.objects.get().unit == tree["school"]


def test_a_form_key_already_used_by_someone_else_creates_nothing(client, worker, other_worker, form_data, programme):
    data = form_data(submit="1")
    client.force_login(worker)
    client.post(reverse("submissions:create"), data)
    client.force_login(other_worker)
    response = client.post(reverse("submissions:create"), data)
    assert Initiative.objects.get().submitter == worker
    shown = [m.message for m in get_messages(response.wsgi_request)]
    assert shown[-1] == "Biểu mẫu này đã được dùng. Vui lòng mở lại trang tạo sáng kiến."


def test_a_submitted_initiative_is_inserted_submitted_not_updated_after(logged_in, form_data):
    with CaptureQueriesContext(connection) as queries:
        logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    writes = [q["sql"].split()[0] for q in queries.captured_queries if "submissions_initiative" in q["sql"]]
    assert writes == ["INSERT"]
    assert Initiative.objects.get().decisions.get().to_status == "submitted"


def test_after_the_commit_a_submission_asks_the_database_nothing_more(logged_in, form_data,
                                                                      django_capture_on_commit_callbacks,
                                                                      django_assert_num_queries):
    with django_capture_on_commit_callbacks() as callbacks:
        logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    assert callbacks
    with django_assert_num_queries(0):
        for callback in callbacks:
            callback()
