"""The targets cascade page: who may hand targets down, a full save with its history, typed
Vietnamese numbers, the file upload restricted to the children, and the dashboard's link."""

import datetime as dt
import io
import unicodedata
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget, UnitTargetChange
from campaign.services import TargetValue, unit_targets_write
from reports.services import aggregates_recompute
from submissions.models import Field, Initiative
from unions.enums import UnitKind
from unions.tests.factories import AppointmentFactory, UnitFactory


@pytest.fixture
def cau_giay(tree):
    """A second child of Hà Nội, beside Ba Đình."""
    unit = UnitFactory(parent=tree["ha_noi"], code="P01-U002", name="LĐLĐ quận Cầu Giấy", kind=UnitKind.UPPER)
    tree["ha_noi"].refresh_from_db()
    return unit


@pytest.fixture
def ha_noi_targets(tree, cau_giay, programme):
    """Hà Nội: 52.000 for phase 1 (self-set 130.000 overall); Ba Đình already given 30.000."""
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=52_000)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=60_000, self_set=130_000)
    UnitTarget.objects.create(unit=tree["ba_dinh"], phase="phase-1", assigned=30_000)


def url(unit, **query):
    base = reverse("reports:targets", kwargs={"code": unit.code})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def post_targets(client, unit, typed: dict, *, shown: dict | None = None, phase="phase-1", reason=""):
    data = {"phase": phase, "page": "1", "save": "1", "reason": reason}
    for child, value in typed.items():
        data[f"target-{child.pk}"] = value
        before = (shown or {}).get(child, UnitTarget.objects.filter(unit=child, phase=phase).first())
        if isinstance(before, UnitTarget):
            before = before.assigned
        data[f"shown-{child.pk}"] = "" if before is None else str(before)
    return client.post(url(unit), data)


def assigned(unit, phase="phase-1"):
    target = UnitTarget.objects.filter(unit=unit, phase=phase).first()
    return target.assigned if target else None


# --- who may open it ---------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "unit", "status"), [
    ("province_manager", "ha_noi", 200),   # a province's manager, for its children
    ("province_manager", "ba_dinh", 200),  # and further down its subtree
    ("upper_manager", "ba_dinh", 200),     # an upper-level union's manager, for its grassroots unions
    ("upper_manager", "ha_noi", 404),      # never above their unit
    ("federation_staff", "tld", 200),      # federation staff for the provinces and sectors
    ("federation_staff", "ha_noi", 200),
    ("upper_officer", "ba_dinh", 403),     # an officer reviews; they do not assign
    ("thanh_hoa_officer", "ha_noi", 404),  # another province: its existence does not leak
    ("worker", "school", 404),
])
def test_only_managers_and_federation_staff_may_open_the_cascade(client, request, tree, programme, who, unit, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url(tree[unit])).status_code == status


def test_province_staff_who_follow_figures_may_not_assign(client, tree, programme):
    staff = UserFactory(unit=None, full_name="Ngô Văn Tài")
    AppointmentFactory(user=staff, unit=tree["ha_noi"], role="staff")
    client.force_login(staff)

    assert client.get(url(tree["ha_noi"])).status_code == 403


def test_a_refused_post_writes_nothing(client, tree, ha_noi_targets, upper_officer, cau_giay):
    client.force_login(upper_officer)

    response = post_targets(client, tree["ha_noi"], {cau_giay: "22.000"})

    assert response.status_code == 404
    assert assigned(cau_giay) is None


# --- the page ----------------------------------------------------------------------------------


def test_page_shows_own_target_sum_and_what_is_left(client, tree, ha_noi_targets, province_manager):
    client.force_login(province_manager)

    cascade = client.get(url(tree["ha_noi"], phase="phase-1")).context["cascade"]

    # 52.000 own, 30.000 given to Ba Đình, Cầu Giấy none: 22.000 left.
    assert (cascade.own_assigned, cascade.children_total, cascade.left, cascade.over) == (52_000, 30_000, 22_000, 0)
    assert cascade.children_without_target == 1


def test_children_are_listed_in_vietnamese_alphabetical_order(client, tree, ha_noi_targets, province_manager):
    UnitFactory(parent=tree["ha_noi"], code="P01-U003", name="Công đoàn Đường sắt Hà Nội", kind=UnitKind.UPPER)
    UnitFactory(parent=tree["ha_noi"], code="P01-U004", name="Công đoàn Dệt may Hà Nội", kind=UnitKind.UPPER)
    client.force_login(province_manager)

    rows = client.get(url(tree["ha_noi"])).context["cascade"].rows

    # "Dệt" before "Đường" before "viên": d before đ before v, as Vietnamese sorts (not by code).
    assert [r.code for r in rows] == ["P01-U004", "P01-U003", "P01-U001", "P01-U002"]


def test_over_assignment_is_shown_as_such(client, tree, ha_noi_targets, cau_giay, province_manager):
    UnitTarget.objects.create(unit=cau_giay, phase="phase-1", assigned=25_000)
    client.force_login(province_manager)

    response = client.get(url(tree["ha_noi"], phase="phase-1"))

    assert response.context["cascade"].over == 3_000
    assert "+3.000" in response.content.decode()


# --- saving ------------------------------------------------------------------------------------


def test_full_save_writes_every_row_and_its_history(client, tree, ha_noi_targets, cau_giay, province_manager):
    client.force_login(province_manager)

    # The reason sent decomposed (NFD), as some phone keyboards type it, is kept composed.
    response = post_targets(client, tree["ha_noi"], {tree["ba_dinh"]: "32.000", cau_giay: "20.000"},
                            reason=unicodedata.normalize("NFD", "Điều chỉnh theo Nghị quyết"))

    assert response.status_code == 302
    assert (assigned(tree["ba_dinh"]), assigned(cau_giay)) == (32_000, 20_000)
    history = {(c.unit_id, c.old_assigned, c.new_assigned, c.source, c.by_id, c.reason)
               for c in UnitTargetChange.objects.all()}
    assert history == {
        (tree["ba_dinh"].pk, 30_000, 32_000, "web", province_manager.pk, "Điều chỉnh theo Nghị quyết"),
        (cau_giay.pk, None, 20_000, "web", province_manager.pk, "Điều chỉnh theo Nghị quyết"),
    }


def test_history_is_shown_newest_first_on_the_page(client, tree, ha_noi_targets, cau_giay, province_manager):
    client.force_login(province_manager)
    post_targets(client, tree["ha_noi"], {cau_giay: "20.000"})
    post_targets(client, tree["ha_noi"], {cau_giay: "21.000"})

    history = client.get(url(tree["ha_noi"])).context["history"]

    assert [(c.old_assigned, c.new_assigned) for c in history] == [(20_000, 21_000), (None, 20_000)]


@pytest.mark.parametrize(("typed", "stored"), [("52.000", 52_000), ("52 000", 52_000), ("1.000.000", 1_000_000),
                                               ("7000", 7_000), ("0", 0)])
def test_targets_typed_the_vietnamese_way_are_read(client, tree, ha_noi_targets, cau_giay, province_manager,
                                                   typed, stored):
    client.force_login(province_manager)

    post_targets(client, tree["ha_noi"], {cau_giay: typed})

    assert assigned(cau_giay) == stored


def test_a_bad_row_is_named_and_nothing_is_written(client, tree, ha_noi_targets, cau_giay, province_manager):
    client.force_login(province_manager)

    response = post_targets(client, tree["ha_noi"], {tree["ba_dinh"]: "35.000", cau_giay: "2,5"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"target-{cau_giay.pk}"]
    assert 'id="error-summary"' in response.content.decode()
    assert (assigned(tree["ba_dinh"]), assigned(cau_giay)) == (30_000, None)
    assert not UnitTargetChange.objects.exists()


def test_a_target_changed_by_someone_else_meanwhile_is_not_overwritten(client, tree, ha_noi_targets,
                                                                        province_manager):
    client.force_login(province_manager)
    unit_targets_write(values=[TargetValue(tree["ba_dinh"].pk, "phase-1", 31_000)], source="command")

    response = post_targets(client, tree["ha_noi"], {tree["ba_dinh"]: "33.000"}, shown={tree["ba_dinh"]: 30_000})

    assert "31.000" in str(response.context["form"].errors)
    assert assigned(tree["ba_dinh"]) == 31_000


def test_a_target_above_the_childs_self_set_one_is_refused(client, tree, ha_noi_targets, cau_giay,
                                                             province_manager):
    UnitTarget.objects.create(unit=cau_giay, phase="overall", assigned=20_000, self_set=25_000)
    client.force_login(province_manager)

    response = post_targets(client, tree["ha_noi"], {cau_giay: "26.000"}, phase="overall")

    assert "25.000" in str(response.context["form"].errors)
    assert assigned(cau_giay, "overall") == 20_000


def test_a_target_below_what_the_child_received_is_saved_and_flagged(client, tree, ha_noi_targets,
                                                                       province_manager, worker):
    moment = dt.datetime(2022, 3, 1, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    Initiative.objects.bulk_create(
        Initiative(submitter=worker, entered_by=worker, unit=tree["school"], author_name=worker.full_name,
                   category="enterprise", title="Sáng kiến", field=Field.objects.get(code="engineering"),
                   summary="x", status="submitted", first_submitted_at=moment, submitted_on=moment.date())
        for _ in range(3)
    )
    aggregates_recompute()
    client.force_login(province_manager)

    post_targets(client, tree["ha_noi"], {tree["ba_dinh"]: "2"})
    row = client.get(url(tree["ha_noi"], phase="phase-1")).context["cascade"].rows[0]

    assert (row.code, row.assigned, row.received, row.below_received) == ("P01-U001", 2, 3, True)


def test_dashboard_reflects_new_targets_at_once(client, tree, ha_noi_targets, cau_giay, province_manager):
    aggregates_recompute()
    client.force_login(province_manager)
    dashboard = reverse("reports:dashboard", kwargs={"code": "P01-U001"})
    assert [p.target for p in client.get(dashboard).context["dashboard"].progress] == [30_000]

    post_targets(client, tree["ha_noi"], {tree["ba_dinh"]: "35.000"})

    assert [p.target for p in client.get(dashboard).context["dashboard"].progress] == [35_000]


# --- the file ----------------------------------------------------------------------------------


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("chi-tieu.xlsx", buffer.getvalue())


def upload(client, unit, file, phase="phase-1"):
    return client.post(url(unit), {"phase": phase, "page": "1", "upload": "1", "file": file})


def test_template_lists_the_children_with_their_current_targets(client, tree, ha_noi_targets, province_manager):
    client.force_login(province_manager)

    response = client.get(reverse("reports:targets_template", kwargs={"code": "P01"}) + "?phase=phase-1")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Mã đơn vị", "Tên đơn vị", "Giai đoạn", "Chỉ tiêu"],
        ["P01-U001", "Công đoàn viên chức quận Ba Đình", "phase-1", 30_000],
        ["P01-U002", "LĐLĐ quận Cầu Giấy", "phase-1", None],
    ]


def test_the_filled_template_uploads_and_records_the_file_as_source(client, tree, ha_noi_targets, cau_giay,
                                                                     province_manager):
    client.force_login(province_manager)
    template = client.get(reverse("reports:targets_template", kwargs={"code": "P01"}) + "?phase=phase-1").content
    workbook = load_workbook(io.BytesIO(template))
    workbook.active["D3"] = "22.000"
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(client, tree["ha_noi"], SimpleUploadedFile("chi-tieu.xlsx", buffer.getvalue()))

    assert response.status_code == 302
    assert assigned(cau_giay) == 22_000
    change = UnitTargetChange.objects.get()
    assert (change.unit_id, change.new_assigned, change.source, change.by_id) == (
        cau_giay.pk, 22_000, "file", province_manager.pk)


@pytest.mark.parametrize("foreign", ["P38", "P01-U001-G0001", "P01"])
def test_upload_naming_a_unit_outside_the_children_is_refused_whole(client, tree, ha_noi_targets, cau_giay,
                                                                     province_manager, foreign):
    client.force_login(province_manager)
    file = xlsx([["Mã đơn vị", "Giai đoạn", "Chỉ tiêu"], ["P01-U002", "phase-1", "22.000"],
                 [foreign, "phase-1", "1.000"]])

    response = upload(client, tree["ha_noi"], file)

    errors = response.context["upload_errors"]
    assert [(e.line, e.unit_code) for e in errors] == [(3, foreign)]
    assert "không phải đơn vị trực thuộc" in errors[0].message
    assert assigned(cau_giay) is None and not UnitTargetChange.objects.exists()


# --- the dashboard's warning -------------------------------------------------------------------


def test_children_not_adding_up_warning_links_to_the_cascade_for_managers(client, tree, ha_noi_targets,
                                                                           province_manager):
    aggregates_recompute()
    client.force_login(province_manager)

    page = client.get(reverse("reports:dashboard", kwargs={"code": "P01"})).content.decode()

    assert f'href="{url(tree["ha_noi"])}?phase=phase-1"' in page


def test_the_warning_has_no_link_for_those_who_only_follow_the_figures(client, tree, ha_noi_targets,
                                                                         province_manager):
    staff = UserFactory(unit=None, full_name="Ngô Văn Tài")
    AppointmentFactory(user=staff, unit=tree["ha_noi"], role="staff")
    aggregates_recompute()
    client.force_login(province_manager)
    client.get(reverse("reports:dashboard", kwargs={"code": "P01"}))  # the table is now cached for a manager
    client.force_login(staff)

    page = client.get(reverse("reports:dashboard", kwargs={"code": "P01"})).content.decode()

    assert "tổng chỉ tiêu giao cho các đơn vị trực thuộc" in page
    assert url(tree["ha_noi"]) not in page


def _queries_for_page(client, unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(unit, phase="phase-1")).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_whatever_the_number_of_children(client, tree, ha_noi_targets,
                                                                          province_manager):
    aggregates_recompute()
    client.force_login(province_manager)
    _queries_for_page(client, tree["ha_noi"])  # the session and caches warmed
    few = _queries_for_page(client, tree["ha_noi"])
    for number in range(3, 23):
        child = UnitFactory(parent=tree["ha_noi"], code=f"P01-U{number:03d}", name=f"Công đoàn phường số {number}",
                            kind=UnitKind.UPPER)
        unit_targets_write(values=[TargetValue(child.pk, "phase-1", 1_000)], by=province_manager, source="web")

    many = _queries_for_page(client, tree["ha_noi"])

    assert many == few


def test_history_pages_by_id_newest_first(tree, ha_noi_targets, cau_giay, province_manager):
    from reports.target_cascade import child_target_history

    for target in (1_000, 2_000, 3_000):
        unit_targets_write(values=[TargetValue(cau_giay.pk, "phase-1", target)], by=province_manager, source="web")

    first, more = child_target_history(tree["ha_noi"], size=2)
    rest, after = child_target_history(tree["ha_noi"], before=more, size=2)

    assert [c.new_assigned for c in first] == [3_000, 2_000]
    assert ([c.new_assigned for c in rest], after) == ([1_000], None)


def test_history_leaves_out_grandchildren_and_other_provinces(tree, ha_noi_targets, province_manager):
    from reports.target_cascade import child_target_history

    unit_targets_write(values=[TargetValue(tree["school"].pk, "phase-1", 100),
                               TargetValue(tree["thanh_hoa"].pk, "phase-1", 45_000),
                               TargetValue(tree["ba_dinh"].pk, "phase-1", 31_000)], source="command")

    rows, _more = child_target_history(tree["ha_noi"])

    assert [c.unit_id for c in rows] == [tree["ba_dinh"].pk]


def test_upload_keeps_the_childs_self_set_target_and_refuses_going_above_it(client, tree, ha_noi_targets, cau_giay,
                                                                             province_manager):
    UnitTarget.objects.create(unit=cau_giay, phase="overall", assigned=20_000, self_set=25_000)
    client.force_login(province_manager)
    file = xlsx([["Mã đơn vị", "Giai đoạn", "Chỉ tiêu", "Chỉ tiêu tự đặt"], ["P01-U002", "overall", "26.000", ""]])

    response = upload(client, tree["ha_noi"], file, phase="overall")

    assert "25.000" in response.context["upload_errors"][0].message
    stored = UnitTarget.objects.get(unit=cau_giay, phase="overall")
    assert (stored.assigned, stored.self_set) == (20_000, 25_000)
