"""The admin's units: found without regard to accents wherever a unit is searched or picked,
shown without the tree's internal columns, under Vietnamese headings."""

import unicodedata

import pytest
from django.db import connection
from django.urls import reverse

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from reports.models import EmulationCluster
from unions.admin import UnitAdmin
from unions.models import Unit
from unions.restructure import unit_move
from unions.tests.factories import AppointmentFactory

THANH_HOA_TYPINGS = [
    "Thanh Hóa",
    "Thanh Hoá",  # the older tone placement
    unicodedata.normalize("NFD", "Thanh Hóa"),  # as phones often send it
    "thanh hoa",
    "THANH HÓA",
]


@pytest.fixture
def admin_client(client, tree):
    client.force_login(UserFactory(is_superuser=True, is_staff=True, unit=None, full_name="Quản trị"))
    return client


def changelist_codes(client, url_name: str, query: str, column) -> set[str]:
    response = client.get(reverse(url_name), {"q": query})
    assert response.status_code == 200
    return {column(row) for row in response.context["cl"].result_list}


def autocomplete_codes(client, app_label: str, model_name: str, field_name: str, term: str) -> set[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {Unit.objects.get(pk=item["id"]).code for item in response.json()["results"]}


@pytest.mark.parametrize("query", THANH_HOA_TYPINGS)
def test_unit_list_search_ignores_accents(admin_client, query):
    assert changelist_codes(admin_client, "admin:unions_unit_changelist", query, lambda u: u.code) == {"P38"}


@pytest.mark.parametrize("query", ["Hà Nội", "ha noi", "HÀ NỘI"])
def test_unit_list_search_finds_hanoi_however_typed(admin_client, query):
    assert changelist_codes(admin_client, "admin:unions_unit_changelist", query, lambda u: u.code) == {"P01"}


def test_unit_list_search_finds_a_unit_by_its_code(admin_client):
    codes = changelist_codes(admin_client, "admin:unions_unit_changelist", "P01-U001", lambda u: u.code)

    assert codes == {"P01-U001", "P01-U001-G0001", "P01-U001-G0002"}


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("campaign", "unittarget", "unit"),
        ("reports", "emulationcluster", "members"),
        ("unions", "appointment", "unit"),
        ("accounts", "user", "unit"),
    ],
)
@pytest.mark.parametrize("term", ["Thanh Hóa", "thanh hoa"])
def test_every_unit_picker_of_the_admin_ignores_accents(admin_client, app_label, model_name, field_name, term):
    assert autocomplete_codes(admin_client, app_label, model_name, field_name, term) == {"P38"}


def test_unit_picker_needs_every_word(admin_client):
    found = autocomplete_codes(admin_client, "unions", "appointment", "unit", "Đình Phùng")

    assert found == {"P01-U001-G0001"}


def test_targets_are_found_by_their_units_name_without_accents(admin_client, tree):
    UnitTarget.objects.create(unit=tree["thanh_hoa"], phase="overall", assigned=200)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=60)

    codes = changelist_codes(admin_client, "admin:campaign_unittarget_changelist", "thanh hoa", lambda t: t.unit.code)

    assert codes == {"P38"}


def test_clusters_are_found_by_a_members_name_without_accents(admin_client, tree):
    north = EmulationCluster.objects.create(name="Cụm miền Bắc")
    north.members.add(tree["ha_noi"], tree["thanh_hoa"])
    EmulationCluster.objects.create(name="Cụm trống")

    names = changelist_codes(admin_client, "admin:reports_emulationcluster_changelist", "Hà Nội", lambda c: c.name)

    assert names == {"Cụm miền Bắc"}


def test_appointments_are_found_by_unit_and_person_together(admin_client, tree, thanh_hoa_officer, school_officer):
    AppointmentFactory(user=thanh_hoa_officer, unit=tree["factory"], role="officer")

    found = changelist_codes(
        admin_client, "admin:unions_appointment_changelist", "Dung thanh hoa",
        lambda a: (a.user.full_name, a.unit.code),
    )

    assert found == {("Phạm Thị Dung", "P38")}


def test_appointments_are_still_found_by_a_persons_name(admin_client, school_officer):
    found = changelist_codes(admin_client, "admin:unions_appointment_changelist", "Cường", lambda a: a.user.full_name)

    assert found == {"Lê Văn Cường"}


def test_unit_form_hides_the_trees_internal_columns_and_shows_the_parent(admin_client, tree):
    response = admin_client.get(reverse("admin:unions_unit_change", args=[tree["ba_dinh"].pk]))

    assert set(response.context["adminform"].form.fields) == {"code", "name", "kind", "is_active"}
    content = response.content.decode()
    for internal in ("field-path", "field-depth", "field-numchild"):
        assert internal not in content
    assert "LĐLĐ thành phố Hà Nội (P01)" in content


def test_saving_a_unit_read_before_a_move_keeps_the_move(admin_client, tree, rf):
    """The admin writes only what was edited: a form read before a move does not put the unit back."""
    stale = Unit.objects.get(pk=tree["school"].pk)
    unit_move(unit=tree["school"], new_parent=tree["thanh_hoa"])
    stale.name = "Công đoàn Trường THPT Phan Đình Phùng (mới)"
    form = type("Form", (), {"changed_data": ["name"]})()

    UnitAdmin(Unit, None).save_model(rf.post("/"), stale, form, change=True)

    school = Unit.objects.get(pk=tree["school"].pk)
    assert Unit.objects.get_parent(school).code == "P38"
    assert (school.name, school.search_name) == (
        "Công đoàn Trường THPT Phan Đình Phùng (mới)", "cong doan truong thpt phan dinh phung (moi) p01-u001-g0001"
    )


def test_admin_headings_are_vietnamese(admin_client):
    content = admin_client.get(reverse("admin:index")).content.decode()

    for heading in ("Tài khoản người dùng", "Tổ chức công đoàn", "Hồ sơ sáng kiến", "Xét duyệt sáng kiến",
                    "Chỉ tiêu và số liệu", "Đăng nhập sai"):
        assert heading in content, heading
    for english in (">Accounts<", ">Unions<", ">Submissions<", ">Reviews<", ">Reports<", ">Axes<"):
        assert english not in content, english


def test_unit_search_is_served_by_the_trigram_index(tree):
    from unions.selectors import unit_search_q

    query = Unit.objects.filter(unit_search_q("Thanh Hóa")).order_by()
    with connection.cursor() as cursor:
        # On a handful of rows the planner rightly prefers a scan; forbid it to see the index is usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()

    assert "unit_search_name_trgm" in plan
