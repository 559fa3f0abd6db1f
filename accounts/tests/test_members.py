"""Officers see the members of their subtree and lock or unlock accounts; locked accounts keep their initiatives."""

import pytest
from django.urls import reverse

from accounts.enums import AccountAction
from accounts.models import AccountEvent
from accounts.services import AccountError, user_deactivate, user_reactivate
from accounts.tests.factories import PASSWORD, UserFactory
from unions.tests.factories import AppointmentFactory


def _members(client, user, **params):
    client.force_login(user)
    return client.get(reverse("accounts:members"), params)


def _names(response):
    return [m.full_name for m in response.context["page"].members]


# --- the list -------------------------------------------------------------------------------


def test_officer_sees_the_members_of_their_unit(client, school_officer, worker, other_worker):
    names = _names(_members(client, school_officer))

    assert {"Nguyễn Thị Lan", "Trần Văn Bình"} <= set(names)


def test_upper_officer_sees_members_of_every_unit_below(client, upper_officer, worker, tree):
    nurse = UserFactory(unit=tree["hospital"], full_name="Phạm Y Tá")

    names = _names(_members(client, upper_officer))

    assert {worker.full_name, nurse.full_name} <= set(names)


def test_stranger_officer_does_not_see_members_of_another_province(client, thanh_hoa_officer, worker):
    assert worker.full_name not in _names(_members(client, thanh_hoa_officer))


def test_worker_may_not_open_the_members_list(client, worker):
    assert _members(client, worker).status_code == 403


def test_members_list_of_a_unit_outside_scope_is_404(client, school_officer, tree):
    assert _members(client, school_officer, unit=tree["factory"].code).status_code == 404


def test_search_by_name_ignores_accents(client, school_officer, worker, other_worker):
    assert _names(_members(client, school_officer, q="nguyen thi")) == ["Nguyễn Thị Lan"]


def test_search_by_phone_as_typed(client, school_officer, worker, other_worker):
    assert _names(_members(client, school_officer, q="+84 912 345 678")) == ["Nguyễn Thị Lan"]
    assert _names(_members(client, school_officer, q="4321")) == ["Trần Văn Bình"]


def test_search_by_email(client, school_officer, emailed_worker, other_worker):
    assert _names(_members(client, school_officer, q="LAN@truong")) == [emailed_worker.full_name]


def test_members_are_paged_by_name_without_gaps_or_repeats(upper_officer, tree):
    from accounts.selectors import members_page

    for n in (4, 0, 6, 2, 5, 1, 3):
        UserFactory(unit=tree["school" if n % 2 else "hospital"], full_name=f"Thành viên {n}")
    seen, after = [], None
    while True:
        page = members_page(upper_officer, query="thanh vien", after=after, size=3)
        seen += [m.full_name for m in page.members]
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == [f"Thành viên {n}" for n in range(7)]


def test_members_page_reads_a_bounded_number_of_queries(client, school_officer, tree, django_assert_max_num_queries):
    for n in range(60):
        UserFactory(unit=tree["school"], full_name=f"Người lao động {n:02d}")
    client.force_login(school_officer)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:members"))

    assert len(response.context["page"].members) == 50
    assert response.context["page"].next_after is not None


# --- locking and unlocking ------------------------------------------------------------------


def test_officer_locks_an_account_which_can_no_longer_log_in(client, school_officer, worker):
    client.force_login(school_officer)
    client.post(reverse("accounts:member_deactivate", args=[worker.pk]))
    client.logout()

    client.post(reverse("accounts:login"), {"username": "0912345678", "password": PASSWORD})

    assert "_auth_user_id" not in client.session


def test_locking_ends_the_sessions_already_open(client, school_officer, worker):
    client.force_login(worker)
    user_deactivate(actor=school_officer, user=worker)

    response = client.get(reverse("submissions:mine"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_locking_and_unlocking_are_recorded(school_officer, worker):
    user_deactivate(actor=school_officer, user=worker)
    user_reactivate(actor=school_officer, user=worker)

    events = list(AccountEvent.objects.filter(subject=worker).order_by("id").values_list("action", "actor", "unit"))
    assert events == [
        (AccountAction.DEACTIVATED, school_officer.pk, worker.unit_id),
        (AccountAction.REACTIVATED, school_officer.pk, worker.unit_id),
    ]


def test_unlocked_account_logs_in_again(client, school_officer, worker):
    user_deactivate(actor=school_officer, user=worker)
    client.force_login(school_officer)
    client.post(reverse("accounts:member_reactivate", args=[worker.pk]))
    client.logout()

    client.post(reverse("accounts:login"), {"username": "0912345678", "password": PASSWORD})

    assert client.session["_auth_user_id"] == str(worker.pk)


def test_stranger_officer_cannot_lock_an_account(client, thanh_hoa_officer, worker):
    client.force_login(thanh_hoa_officer)

    assert client.post(reverse("accounts:member_deactivate", args=[worker.pk])).status_code == 404
    worker.refresh_from_db()
    assert worker.is_active


def test_officer_cannot_lock_a_peer_officer_of_the_same_unit(client, school_officer, tree):
    peer = UserFactory(unit=tree["school"])
    AppointmentFactory(user=peer, unit=tree["school"], role="officer")
    client.force_login(school_officer)

    assert client.post(reverse("accounts:member_deactivate", args=[peer.pk])).status_code == 403
    peer.refresh_from_db()
    assert peer.is_active


def test_officer_cannot_lock_their_own_account(school_officer):
    with pytest.raises(AccountError):
        user_deactivate(actor=school_officer, user=school_officer)


def test_an_officers_account_is_locked_by_a_manager_above_it(province_manager, school_officer):
    user_deactivate(actor=province_manager, user=school_officer)

    school_officer.refresh_from_db()
    assert not school_officer.is_active


def test_an_officers_account_is_not_locked_by_an_upper_officer_who_may_not_appoint(upper_officer, school_officer):
    with pytest.raises(AccountError):
        user_deactivate(actor=upper_officer, user=school_officer)


def test_member_page_shows_lock_buttons_only_to_who_may_use_them(client, school_officer, tree, worker):
    peer = UserFactory(unit=tree["school"])
    AppointmentFactory(user=peer, unit=tree["school"], role="officer")
    client.force_login(school_officer)

    assert client.get(reverse("accounts:member", args=[worker.pk])).context["may_manage"] is True
    assert client.get(reverse("accounts:member", args=[peer.pk])).context["may_manage"] is False


def test_members_are_listed_in_vietnamese_order_by_given_name(upper_officer, tree):
    from accounts.selectors import members_page

    for name in ("Đỗ Văn Đức", "Trần Văn An", "Nguyễn Thị Bình", "Lê Thị An", "Phạm Văn Dũng"):
        UserFactory(unit=tree["school"], full_name=name)
    seen, after = [], None
    while True:
        page = members_page(upper_officer, query="", within=tree["school"], after=after, size=2)
        seen += [m.full_name for m in page.members]
        if page.next_after is None:
            break
        after = page.next_after

    # Given names An, An, Bình, Dũng, Đức (d before đ); the two "An" by family name, Lê before Trần.
    assert seen == ["Lê Thị An", "Trần Văn An", "Nguyễn Thị Bình", "Phạm Văn Dũng", "Đỗ Văn Đức"]


def test_a_renamed_member_moves_in_the_list(upper_officer, tree):
    from accounts.selectors import members_page

    first = UserFactory(unit=tree["school"], full_name="Nguyễn Văn An")
    UserFactory(unit=tree["school"], full_name="Nguyễn Văn Bình")
    first.full_name = "Nguyễn Văn Cường"
    first.save(update_fields=["full_name"])

    names = [m.full_name for m in members_page(upper_officer, within=tree["school"]).members]

    assert names == ["Nguyễn Văn Bình", "Nguyễn Văn Cường"]


def test_the_migration_fills_the_sort_name_of_existing_members(upper_officer, tree):
    import importlib

    from django.apps import apps

    from accounts.models import User
    from accounts.selectors import members_page

    for name in ("Trần Văn Bình", "Lê Thị An"):
        UserFactory(unit=tree["school"], full_name=name)
    User.objects.update(sort_name="")

    importlib.import_module("accounts.migrations.0006_user_sort_name").fill_sort_names(apps, None)

    assert [m.full_name for m in members_page(upper_officer, within=tree["school"]).members] == [
        "Lê Thị An", "Trần Văn Bình"]
