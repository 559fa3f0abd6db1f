"""The queue's tab counts come from the cache until an initiative changes in the scope, and are right at once after."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from reviews import selectors
from reviews.selectors import QueueFilters, queue_tab_counts
from reviews.services import initiative_decide, initiative_submit
from submissions.tests.factories import InitiativeFactory
from submissions.tests.test_imports import GOOD, csv_file, run_import


def _submitted(user, **kwargs):
    initiative = InitiativeFactory(submitter=user, **kwargs)
    initiative_submit(initiative=initiative, actor=user)
    initiative.refresh_from_db()
    return initiative


def _tab(response, key):
    return next(tab for tab in response.context["tabs"] if tab["key"] == key)


@pytest.fixture
def lam_son_worker(tree):
    return UserFactory(unit=tree["factory"], full_name="Lò Văn Sơn")


def test_tab_counts_are_counted_once_until_something_changes(worker, school_officer, programme,
                                                             django_assert_num_queries):
    _submitted(worker)
    selectors.queue_tab_counts(school_officer, QueueFilters())
    with django_assert_num_queries(0):
        counts = selectors.queue_tab_counts(school_officer, QueueFilters())
    assert counts["submitted"] == (1, False)


def test_tab_counts_are_right_at_once_after_an_officer_decides(client, worker, school_officer, programme,
                                                              django_capture_on_commit_callbacks):
    first = _submitted(worker)
    _submitted(worker)
    client.force_login(school_officer)
    assert _tab(client.get(reverse("reviews:queue"), {"state": "submitted"}), "submitted")["count"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:detail", args=[first.pk]), {"action": "verify", "comment": ""})
    response = client.get(reverse("reviews:queue"), {"state": "submitted"})
    assert (_tab(response, "submitted")["count"], _tab(response, "verified")["count"]) == (1, 1)


def test_tab_counts_are_right_at_once_after_a_bulk_decision(client, worker, school_officer, programme,
                                                           django_capture_on_commit_callbacks):
    waiting = [_submitted(worker) for _ in range(3)]
    client.force_login(school_officer)
    client.get(reverse("reviews:queue"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviews:bulk"), {"action": "verify", "ids": [i.pk for i in waiting[:2]]})
    assert _tab(client.get(reverse("reviews:queue")), "awaiting")["count"] == 1


def test_a_new_submission_is_counted_at_once(worker, school_officer, programme, django_capture_on_commit_callbacks):
    assert selectors.queue_tab_counts(school_officer, QueueFilters())["awaiting"] == (0, False)
    with django_capture_on_commit_callbacks(execute=True):
        _submitted(worker)
    assert selectors.queue_tab_counts(school_officer, QueueFilters())["awaiting"] == (1, False)


def test_a_decision_below_is_counted_at_once_above(worker, school_officer, upper_officer, programme,
                                                   django_capture_on_commit_callbacks):
    initiative = _submitted(worker)
    assert selectors.queue_tab_counts(upper_officer, QueueFilters())["awaiting"] == (0, False)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    assert selectors.queue_tab_counts(upper_officer, QueueFilters())["awaiting"] == (1, False)


def test_a_withdrawal_is_counted_at_once(worker, school_officer, programme, django_capture_on_commit_callbacks):
    from reviews.services import initiative_withdraw

    initiative = _submitted(worker)
    assert selectors.queue_tab_counts(school_officer, QueueFilters())["withdrawn"] == (0, False)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_withdraw(initiative=initiative, actor=worker)
    assert selectors.queue_tab_counts(school_officer, QueueFilters())["withdrawn"] == (1, False)


def test_imported_initiatives_are_counted_at_once(school_officer, upper_officer, programme, tree,
                                                  django_capture_on_commit_callbacks):
    assert selectors.queue_tab_counts(school_officer, QueueFilters())["verified"] == (0, False)
    row = "P01-U001-G0001,Sáng kiến nhập,Tóm tắt,education,Nguyễn Văn Nhập,enterprise,2022-03-01,,,verified"
    with django_capture_on_commit_callbacks(execute=True):
        assert run_import(csv_file(row), upper_officer).rows_created == 1
    assert selectors.queue_tab_counts(school_officer, QueueFilters())["verified"] == (1, False)


def test_a_change_in_another_province_keeps_the_cached_counts(worker, lam_son_worker, school_officer, programme,
                                                              django_capture_on_commit_callbacks,
                                                              django_assert_num_queries):
    _submitted(worker)
    selectors.queue_tab_counts(school_officer, QueueFilters())
    with django_capture_on_commit_callbacks(execute=True):
        _submitted(lam_son_worker)
    with django_assert_num_queries(0):
        selectors.queue_tab_counts(school_officer, QueueFilters())


def test_tab_counts_under_other_filters_are_cached_apart(worker, school_officer, programme):
    _submitted(worker)
    selectors.queue_tab_counts(school_officer, QueueFilters())
    later = QueueFilters(date_from=timezone.localdate() + dt.timedelta(days=1))
    assert selectors.queue_tab_counts(school_officer, later)["submitted"] == (0, False)


def test_tab_counts_without_a_cache_are_counted_every_time(worker, school_officer, programme, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    selectors.queue_tab_counts(school_officer, QueueFilters())
    _submitted(worker)
    assert selectors.queue_tab_counts(school_officer, QueueFilters())["submitted"] == (1, False)


def test_a_unit_moved_out_of_the_scope_is_counted_at_once(worker, upper_officer, programme, tree,
                                                          django_capture_on_commit_callbacks):
    from unions.restructure import unit_move

    _submitted(worker)
    assert selectors.queue_tab_counts(upper_officer, QueueFilters())["submitted"] == (1, False)
    with django_capture_on_commit_callbacks(execute=True):
        unit_move(unit=tree["school"], new_parent=tree["thanh_hoa"])
    assert selectors.queue_tab_counts(upper_officer, QueueFilters())["submitted"] == (0, False)


# --- counted at once after a submission or an import --------------------------------------


@pytest.fixture
def logged_in(client, worker, programme):
    client.force_login(worker)
    return client


def test_a_submission_is_counted_in_the_officers_queue_at_once(logged_in, form_data, school_officer,
                                                               django_capture_on_commit_callbacks):
    assert queue_tab_counts(school_officer, QueueFilters())["awaiting"] == (0, False)
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    assert queue_tab_counts(school_officer, QueueFilters())["awaiting"] == (1, False)


# The import's writer commits on a connection of its own, as a worker's import does.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
def test_imported_rows_are_counted_at_once_in_cached_queue_counts(upper, programme, mode):
    before = queue_tab_counts(upper, QueueFilters(state="submitted"))["submitted"][0]
    run_import(csv_file(*GOOD), upper, mode)
    assert queue_tab_counts(upper, QueueFilters(state="submitted"))["submitted"][0] == before + 2
