"""Bulk appointment for the roll-out: all or nothing, with a Vietnamese error per row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from accounts.officer_import import OfficerImportError, officers_import, read_officers_file
from unions.enums import ChangeSource
from unions.models import Appointment, AppointmentChange

HEADER = "phone_or_email,full_name,unit_code,role\n"


def rows(*lines):
    return [dict(zip(("phone_or_email", "full_name", "unit_code", "role"), line, strict=True)) for line in lines]


def test_import_creates_accounts_that_must_set_a_password_and_appoints_them(tree):
    report = officers_import(rows=rows(
        ("0911 222 333", "Lê Văn Một", "P01", "manager"),
        ("Hai@CongDoan.vn", "Trần Thị Hai", "P38", "officer"),
    ))

    assert report.ok and (report.accounts_created, report.appointed, report.unchanged) == (2, 2, 0)
    one, two = User.objects.get(phone="0911222333"), User.objects.get(email="hai@congdoan.vn")
    assert one.must_set_password and not one.has_usable_password()
    assert Appointment.objects.active().filter(user=one, unit=tree["ha_noi"], role="manager").exists()
    assert Appointment.objects.active().filter(user=two, unit=tree["thanh_hoa"], role="officer").exists()


def test_import_by_command_is_recorded_as_the_system(tree):
    officers_import(rows=rows(("0911222333", "Lê Văn Một", "P01", "officer")), source=ChangeSource.COMMAND)

    change = AppointmentChange.objects.get()
    assert (change.actor, change.source) == (None, ChangeSource.COMMAND)


def test_existing_account_is_appointed_and_keeps_its_name(tree, worker):
    report = officers_import(rows=rows(("0912345678", "Tên khác hẳn", "P01-U001-G0001", "officer")))

    assert (report.accounts_created, report.appointed) == (0, 1)
    worker.refresh_from_db()
    assert worker.full_name == "Nguyễn Thị Lan" and not worker.must_set_password


def test_grassroots_appointee_becomes_a_member_of_that_union(tree):
    officers_import(rows=rows(("0911222333", "Lê Văn Một", "P01-U001-G0002", "officer")))

    assert User.objects.get(phone="0911222333").unit == tree["hospital"]


def test_second_import_of_the_same_file_changes_nothing(tree):
    data = rows(("0911222333", "Lê Văn Một", "P01", "officer"))
    officers_import(rows=data)

    report = officers_import(rows=data)

    assert (report.accounts_created, report.appointed, report.unchanged) == (0, 0, 1)
    assert AppointmentChange.objects.count() == 1


def test_one_person_may_get_several_roles_in_one_file(tree):
    report = officers_import(rows=rows(
        ("0911222333", "Lê Văn Một", "P01", "officer"),
        ("0911222333", "Lê Văn Một", "P01", "staff"),
    ))

    assert (report.accounts_created, report.appointed) == (1, 2)


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(tree):
    report = officers_import(rows=rows(
        ("0911222333", "Lê Văn Một", "P01", "officer"),
        ("12345", "Số sai", "P01", "officer"),
        ("sai@@mail", "E-mail sai", "P01", "officer"),
        ("0911444555", "Không có đơn vị", "P99", "officer"),
        ("0911666777", "Vai trò sai", "P01", "chairman"),
        ("0911888999", "", "P01", "officer"),
        ("0911222333", "Lê Văn Một", "P01", "officer"),
    ))

    assert [error.line for error in report.errors] == [3, 4, 5, 6, 7, 8]
    messages = [error.message for error in report.errors]
    assert "Số điện thoại “12345” không hợp lệ" in messages[0]
    assert "E-mail" in messages[1]
    assert "P99" in messages[2]
    assert "chairman" in messages[3]
    assert "Thiếu họ và tên" in messages[4]
    assert "Trùng với dòng 2" in messages[5]
    assert not User.objects.filter(phone="0911222333").exists()
    assert not AppointmentChange.objects.exists()


def test_importer_may_only_appoint_within_their_own_scope(tree, province_manager):
    report = officers_import(
        rows=rows(("0911222333", "Lê Văn Một", "P01-U001", "officer"), ("0911444555", "Lê Văn Bốn", "P38", "officer")),
        actor=province_manager,
    )

    [error] = report.errors
    assert (error.line, error.identifier) == (3, "0911444555")
    assert "ngoài phạm vi" in error.message
    assert not Appointment.objects.filter(unit=tree["ha_noi"]).exclude(user=province_manager).exists()


def test_importer_is_named_in_the_history(tree, federation_staff):
    officers_import(rows=rows(("0911222333", "Lê Văn Một", "P01", "manager")), actor=federation_staff)

    assert AppointmentChange.objects.get().actor == federation_staff


def test_file_without_a_required_column_is_refused():
    with pytest.raises(OfficerImportError, match="unit_code"):
        read_officers_file(io.BytesIO(b"phone_or_email,full_name,role\n0911222333,A,officer\n"))


def test_command_appoints_from_a_file(tmp_path, tree):
    source = tmp_path / "officers.csv"
    source.write_text(HEADER + "0911222333,Lê Văn Một,P01,manager\n", encoding="utf-8")
    out = io.StringIO()

    call_command("import_officers", str(source), stdout=out)

    assert "1 mới" in out.getvalue()
    assert Appointment.objects.active().filter(user__phone="0911222333", role="manager").exists()


def test_command_prints_row_errors_in_vietnamese_and_writes_nothing(tmp_path, tree):
    source = tmp_path / "officers.csv"
    source.write_text(HEADER + "0911222333,Lê Văn Một,P01,manager\n0911444555,Lê Văn Bốn,KHONGCO,officer\n",
                      encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_officers", str(source), stderr=err)

    assert "Dòng 3 (0911444555): Không tìm thấy đơn vị có mã KHONGCO." in err.getvalue()
    assert not User.objects.filter(phone="0911222333").exists()


def test_command_as_a_manager_refuses_rows_outside_their_scope(tmp_path, tree, province_manager):
    source = tmp_path / "officers.csv"
    source.write_text(HEADER + "0911444555,Lê Văn Bốn,P38,officer\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_officers", str(source), "--as", "hanoi@congdoan.vn", stderr=err)

    assert "Dòng 2" in err.getvalue()


def test_import_page_for_managers(client, province_manager, tree):
    client.force_login(province_manager)
    upload = SimpleUploadedFile("can-bo.csv", (HEADER + "0911222333,Lê Văn Một,P01-U001,officer\n").encode())

    response = client.post(reverse("appointing:officers_import"), {"file": upload})

    assert response.status_code == 302
    change = AppointmentChange.objects.get()
    assert (change.actor, change.source, change.note) == (province_manager, ChangeSource.IMPORT, "can-bo.csv")


def test_import_page_shows_row_errors(client, province_manager, tree):
    client.force_login(province_manager)
    upload = SimpleUploadedFile("can-bo.csv", (HEADER + "0911222333,Lê Văn Một,P38,officer\n").encode())

    response = client.post(reverse("appointing:officers_import"), {"file": upload})

    assert response.status_code == 200
    assert "Dòng 2 (0911222333)" in response.content.decode()
    assert not AppointmentChange.objects.exists()


def test_import_page_is_403_for_an_officer_who_may_not_appoint(client, school_officer):
    client.force_login(school_officer)

    assert client.get(reverse("appointing:officers_import")).status_code == 403
