"""Federation staff preview a unit-tree or targets file before applying it; nothing is written by the preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaign.models import UnitTarget
from unions.models import Unit


@pytest.fixture
def federation_staff(tree):
    from accounts.tests.factories import UserFactory
    from unions.tests.factories import AppointmentFactory

    user = UserFactory(unit=None, full_name="Chuyên viên TLĐ")
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


UNITS = "code,name,parent_code,kind\nP01-U002,Công đoàn viên chức quận Tây Hồ,P01,upper\nP01,LĐLĐ Hà Nội (mới),TLD,province\n"


def _upload(client, kind, text):
    return client.post(reverse("tree_import"),
                       {"kind": kind, "file": SimpleUploadedFile("f.csv", text.encode("utf-8"))})


def test_preview_lists_changes_and_writes_nothing(client, federation_staff, tree):
    client.force_login(federation_staff)
    preview = _upload(client, "units", UNITS).context["preview"]
    assert (preview.ok, preview.created, preview.updated) == (True, 1, 1)
    assert any("P01-U002" in line for line in preview.changes)
    assert not Unit.objects.filter(code="P01-U002").exists()
    assert Unit.objects.get(code="P01").name == "LĐLĐ thành phố Hà Nội"


def test_apply_after_preview_writes_the_changes(client, federation_staff, tree):
    client.force_login(federation_staff)
    preview = _upload(client, "units", UNITS).context["preview"]
    client.post(reverse("tree_import"), {"kind": "units", "token": preview.token, "apply": "1"})
    assert Unit.objects.filter(code="P01-U002").exists()
    assert Unit.objects.get(code="P01").name == "LĐLĐ Hà Nội (mới)"


def test_preview_of_bad_file_shows_errors(client, federation_staff, tree):
    client.force_login(federation_staff)
    preview = _upload(client, "units", "code,name,parent_code,kind\nX1,Tên,NOPE,upper\n").context["preview"]
    assert not preview.ok
    assert preview.errors[0].line == 2


def test_targets_preview_and_apply(client, federation_staff, tree):
    client.force_login(federation_staff)
    preview = _upload(client, "targets", "unit_code,phase,target\nP01,phase-1,52000\n").context["preview"]
    assert preview.created == 1 and not UnitTarget.objects.exists()
    client.post(reverse("tree_import"), {"kind": "targets", "token": preview.token, "apply": "1"})
    assert UnitTarget.objects.get(unit=tree["ha_noi"], phase="phase-1").assigned == 52000


def test_forged_token_is_refused(client, federation_staff, tree):
    client.force_login(federation_staff)
    response = client.post(reverse("tree_import"), {"kind": "units", "token": "../../etc/passwd", "apply": "1"})
    assert response.status_code == 302
    assert Unit.objects.count() == 7


@pytest.mark.parametrize("role_fixture", ["school_officer", "thanh_hoa_officer", "worker"])
def test_only_federation_staff_may_import_the_tree(client, request, role_fixture, tree):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("tree_import")).status_code == 403
