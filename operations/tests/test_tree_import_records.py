"""The operations page lists the latest imports of units and targets: who, when, outcome, rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.tests.factories import UserFactory
from operations.models import TreeImportRecord
from unions.tests.factories import AppointmentFactory

UNITS = "code,name,parent_code,kind\nP01-U002,Công đoàn viên chức quận Tây Hồ,P01,upper\nP01,LĐLĐ Hà Nội (mới),TLD,province\n"


@pytest.fixture
def staff(tree):
    user = UserFactory(unit=None, full_name="Đỗ Thị Mai")
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


def _apply(client, kind: str, text: str) -> None:
    preview = client.post(reverse("tree_import"),
                          {"kind": kind, "file": SimpleUploadedFile("f.csv", text.encode())}).context["preview"]
    client.post(reverse("tree_import"), {"kind": kind, "token": preview.token, "apply": "1"})


def test_a_tree_import_applied_from_the_page_is_recorded_with_who_and_its_rows(client, staff, tree):
    client.force_login(staff)
    _apply(client, "units", UNITS)
    record = TreeImportRecord.objects.get()
    assert (record.kind, record.source, record.by, record.applied) == ("units", "web", staff, True)
    assert (record.created, record.updated, record.errors) == (1, 1, 0)


def test_a_preview_alone_records_nothing(client, staff, tree):
    client.force_login(staff)
    client.post(reverse("tree_import"), {"kind": "units", "file": SimpleUploadedFile("f.csv", UNITS.encode())})
    assert not TreeImportRecord.objects.exists()


def test_a_targets_command_is_recorded_as_a_command(tree, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("unit_code,phase,target\nP01,phase-1,52000\n", encoding="utf-8")
    call_command("import_targets", str(path), stdout=io.StringIO())
    record = TreeImportRecord.objects.get()
    assert (record.kind, record.source, record.by, record.applied, record.created) == ("targets", "command", None, True, 1)


def test_a_refused_units_command_is_recorded_with_its_errors(tree, tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("code,name,parent_code,kind\nX1,Tên,NOPE,upper\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_units", str(path), stderr=io.StringIO())
    record = TreeImportRecord.objects.get()
    assert (record.kind, record.applied, record.errors) == ("units", False, 1)


def test_the_staff_page_lists_the_latest_imports_with_who_and_rows(client, staff, tree):
    client.force_login(staff)
    _apply(client, "units", UNITS)
    text = client.get(reverse("operations:status")).content.decode()
    assert "Cơ cấu đơn vị" in text and "Đỗ Thị Mai" in text
    assert "1 mới, 1 cập nhật, 0 không đổi" in text


def test_the_staff_page_lists_at_most_the_ten_latest_imports(client, staff):
    TreeImportRecord.objects.bulk_create(
        TreeImportRecord(kind="targets", source="command", applied=True, created=n) for n in range(12)
    )
    client.force_login(staff)
    shown = client.get(reverse("operations:status")).context["tree_imports"]
    assert [r.created for r in shown] == list(range(11, 1, -1))


PROGRAMME = (
    "phase,name,starts_on,ends_on,target\n"
    "overall,1 triệu sáng kiến,08/01/2022,01/09/2023,1.000.000\n"
    "phase-1,Giai đoạn 1,08/01/2022,31/05/2022,300.000\n"
)


def test_a_programme_import_applied_from_the_page_is_recorded_as_such(client, staff, tree):
    client.force_login(staff)
    _apply(client, "programme", PROGRAMME)
    record = TreeImportRecord.objects.get()
    assert (record.kind, record.source, record.by, record.applied, record.created) == ("programme", "web", staff, True, 2)
    assert record.get_kind_display() == "Chương trình và giai đoạn"


def test_a_programme_command_is_recorded_and_its_dry_run_is_not(tree, tmp_path):
    path = tmp_path / "programme.csv"
    path.write_text(PROGRAMME, encoding="utf-8")
    call_command("import_programme", str(path), "--dry-run", stdout=io.StringIO())
    assert not TreeImportRecord.objects.exists()
    call_command("import_programme", str(path), stdout=io.StringIO())
    record = TreeImportRecord.objects.get()
    assert (record.kind, record.source, record.by, record.applied) == ("programme", "command", None, True)
