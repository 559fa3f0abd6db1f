"""Every path that changes a target records it, through the one writer: the file and command
imports, the admin, merges; the history can be neither changed nor deleted."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.urls import reverse

from accounts.tests.factories import UserFactory
from campaign.models import ImmutableRecord, UnitTarget, UnitTargetChange
from campaign.services import TargetError, TargetValue, unit_targets_write
from reports.imports import targets_import
from unions.restructure import units_merge


def history():
    return [(c.unit.code, c.phase, c.old_assigned, c.new_assigned, c.old_self_set, c.new_self_set, c.source)
            for c in UnitTargetChange.objects.select_related("unit").order_by("id")]


def test_command_import_records_each_change_with_command_as_source(tree, tmp_path):
    path = tmp_path / "chi-tieu.csv"
    path.write_text("unit_code,phase,target,self_set\nP01,overall,60.000,130.000\nP38,phase-1,45000,\n",
                    encoding="utf-8")

    call_command("import_targets", str(path), stdout=io.StringIO())

    assert history() == [("P01", "overall", None, 60_000, None, 130_000, "command"),
                         ("P38", "phase-1", None, 45_000, None, None, "command")]
    assert UnitTargetChange.objects.filter(by__isnull=False).count() == 0


def test_importing_the_same_file_again_records_nothing(tree):
    rows = [{"unit_code": "P01", "phase": "phase-1", "target": "52.000"}]
    targets_import(rows=rows)

    targets_import(rows=rows)

    assert len(history()) == 1


def test_an_import_keeping_the_self_set_target_records_old_and_new_assigned(tree):
    targets_import(rows=[{"unit_code": "P01", "phase": "overall", "target": "60000", "self_set": "130000"}])

    targets_import(rows=[{"unit_code": "P01", "phase": "overall", "target": "65.000"}])

    assert history()[-1] == ("P01", "overall", 60_000, 65_000, 130_000, 130_000, "file")


def test_tree_import_page_records_the_file_and_who_applied_it(client, federation_staff, tree):
    client.force_login(federation_staff)
    upload = SimpleUploadedFile("chi-tieu.csv", b"unit_code,phase,target\nP01,phase-1,52.000\n")
    preview = client.post(reverse("tree_import"), {"kind": "targets", "file": upload}).context["preview"]
    assert not UnitTargetChange.objects.exists()  # the preview's rolled-back run leaves no history

    client.post(reverse("tree_import"), {"kind": "targets", "token": preview.token, "apply": "1"})

    change = UnitTargetChange.objects.get()
    assert (change.unit_id, change.new_assigned, change.source, change.by_id) == (
        tree["ha_noi"].pk, 52_000, "file", federation_staff.pk)


def test_merge_records_the_sum_on_the_target_and_the_removal_on_the_source(tree):
    unit_targets_write(values=[TargetValue(tree["school"].pk, "overall", 10),
                               TargetValue(tree["hospital"].pk, "overall", 5)], source="command")

    units_merge(source=tree["school"], target=tree["hospital"])

    assert history()[2:] == [("P01-U001-G0002", "overall", 5, 15, None, None, "merge"),
                             ("P01-U001-G0001", "overall", 10, None, None, None, "merge")]
    assert not UnitTarget.objects.filter(unit=tree["school"]).exists()


def test_admin_edit_goes_through_the_writer(client, tree):
    admin = UserFactory(unit=None, phone=None, email="admin@congdoan.vn", full_name="Quản trị", is_superuser=True,
                        is_staff=True)
    client.force_login(admin)
    target = UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=50_000)

    response = client.post(reverse("admin:campaign_unittarget_change", args=[target.pk]),
                                 {"assigned": "52000", "self_set": ""})

    assert response.status_code == 302
    assert history() == [("P01", "phase-1", 50_000, 52_000, None, None, "admin")]
    assert UnitTargetChange.objects.get().by_id == admin.pk


def test_the_writer_refuses_an_assigned_target_above_the_self_set_one(tree):
    unit_targets_write(values=[TargetValue(tree["ha_noi"].pk, "overall", 60_000, 130_000, keep_self_set=False)],
                       source="command")

    with pytest.raises(TargetError):
        unit_targets_write(values=[TargetValue(tree["ha_noi"].pk, "overall", 140_000)], source="web")

    assert UnitTarget.objects.get(unit=tree["ha_noi"]).assigned == 60_000
    assert len(history()) == 1


def test_history_rows_cannot_be_changed_or_deleted(tree):
    unit_targets_write(values=[TargetValue(tree["ha_noi"].pk, "phase-1", 52_000)], source="command")
    change = UnitTargetChange.objects.get()

    with pytest.raises(ImmutableRecord):
        change.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        UnitTargetChange.objects.filter(pk=change.pk).update(new_assigned=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        UnitTargetChange.objects.filter(pk=change.pk).delete()
