"""Every URL the portal resolves, asked by every role with GET and POST, answers what the matrix says.

The expected statuses are written out in ``authz_matrix.py``; this module builds the
people and the objects the URLs point at, walks the URL resolver so that a URL missing
from the matrix fails the suite, and checks each (URL, object, role) cell: the GET and
the POST statuses together.

The people and objects are built once per module inside a transaction that is rolled
back when the module ends; every test runs in a savepoint of its own, so a POST that
succeeds (a withdrawal, a revoked appointment, a locked account) is undone before the
next test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from accounts import services as account_services
from accounts.tests.factories import UserFactory
from campaign.models import Phase, Programme
from recognition.certificates import certificate_issue, format_code
from reports.models import Digest
from reports.services import aggregates_recompute
from reviews.models import Notification
from reviews.services import initiative_decide, initiative_mark_exemplary
from submissions import services as submission_services
from submissions.attachments import PDF
from submissions.default_fields import create_default_fields
from submissions.forms import OnBehalfForm
from submissions.imports import import_run_create, import_run_process
from submissions.models import Field
from unions.appointments import appointment_grant, appointment_revoke
from unions.enums import ChangeSource, UnitKind
from unions.models import Appointment
from unions.tests.factories import AppointmentFactory, UnitFactory

from .authz_matrix import ADMIN_GROUP, MATRIX, ROLES

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
IMPORT_CSV = (
    "unit_code,title,summary,field,author_name,author_category,submitted_at\n"
    "P01-U001-G0001,Sáng kiến nhập từ tệp,Tóm tắt,engineering,Hoàng Văn Nam,enterprise,2022-03-01T08:00\n"
).encode()


# --- the people and the objects ---------------------------------------------------------------


@dataclass
class World:
    """The people in each role and the objects the URLs of the matrix point at, by name."""

    users: dict[str, object] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    units: dict[str, object] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)


def _build_tree(world: World) -> None:
    """TLD → Hà Nội → Ba Đình → school and hospital; Thanh Hóa → a sugar company."""
    units = world.units
    units["tld"] = UnitFactory(code="TLD", name="Tổng Liên đoàn Lao động Việt Nam", kind=UnitKind.FEDERATION)
    units["ha_noi"] = UnitFactory(parent=units["tld"], code="P01", name="LĐLĐ thành phố Hà Nội",
                                  kind=UnitKind.PROVINCE)
    units["ba_dinh"] = UnitFactory(parent=units["ha_noi"], code="P01-U001", name="Công đoàn viên chức quận Ba Đình",
                                   kind=UnitKind.UPPER)
    units["school"] = UnitFactory(parent=units["ba_dinh"], code="P01-U001-G0001",
                                  name="Công đoàn Trường THPT Phan Đình Phùng")
    units["hospital"] = UnitFactory(parent=units["ba_dinh"], code="P01-U001-G0002",
                                    name="Công đoàn Bệnh viện Đa khoa Đống Đa")
    units["thanh_hoa"] = UnitFactory(parent=units["tld"], code="P38", name="LĐLĐ tỉnh Thanh Hóa",
                                     kind=UnitKind.PROVINCE)
    units["factory"] = UnitFactory(parent=units["thanh_hoa"], code="P38-G0001",
                                   name="Công đoàn Công ty CP Mía đường Lam Sơn")
    for unit in units.values():
        unit.refresh_from_db()


def _appointed(place, role: str, **user_fields):
    user = UserFactory(**user_fields)
    AppointmentFactory(user=user, unit=place, role=role)
    return user


def _build_people(world: World) -> None:
    units, users = world.units, world.users
    users["worker_a"] = UserFactory(unit=units["school"], full_name="Nguyễn Thị Lan")
    users["worker_b"] = UserFactory(unit=units["school"], full_name="Trần Văn Bình")
    users["officer_in"] = _appointed(units["school"], "officer", unit=units["school"], full_name="Lê Văn Cường",
                                     category="union_official")
    users["officer_out"] = _appointed(units["hospital"], "officer", unit=units["hospital"], full_name="Vũ Hải Yến",
                                      category="union_official")
    users["upper"] = _appointed(units["ba_dinh"], "officer", unit=None, full_name="Đỗ Minh Khoa")
    users["other_province"] = _appointed(units["thanh_hoa"], "officer", unit=units["factory"],
                                         full_name="Phạm Thị Dung", category="union_official")
    users["federation_staff"] = _appointed(units["tld"], "staff", unit=None, phone=None, email="tld@congdoan.vn",
                                           full_name="Đỗ Thị Mai")
    users["province_manager"] = _appointed(units["ha_noi"], "manager", unit=None, phone=None,
                                           email="hanoi@congdoan.vn", full_name="Bùi Thu Hà")
    users["province_staff"] = _appointed(units["ha_noi"], "staff", unit=None, phone=None,
                                         email="theodoi.hanoi@congdoan.vn", full_name="Ngô Văn Tài")
    users["superuser"] = UserFactory(unit=None, phone=None, email="admin@congdoan.vn", full_name="Quản trị",
                                     is_superuser=True, is_staff=True)
    assert set(users) == set(ROLES) - {"anonymous"}
    world.objects["thanh_hoa_worker"] = UserFactory(unit=units["factory"], full_name="Lê Thị Hoa")
    world.objects["emailed_worker"] = UserFactory(unit=units["school"], phone=None, email="hanh@truong.edu.vn",
                                                  full_name="Mai Thị Hạnh")


def _initiative(author, *, title: str, attach: bool = True, submit: bool = True, entered_by=None):
    data = {
        "title": title, "field": Field.objects.get(code="engineering"), "summary": "Tóm tắt sáng kiến.",
        "problem": "Thực trạng.", "solution": "Giải pháp.", "benefits": "Lợi ích.",
        "author_contribution": Decimal("100"),
    }
    author_data = {"author_name": author.full_name, "category": author.category, "holds_management_post": False,
                   "is_direct_production_worker": False}
    files = [SimpleUploadedFile("ho-so.pdf", PDF_BYTES)] if attach else []
    initiative, _created = submission_services.initiative_create(
        entered_by=entered_by or author, submitter=author, unit=author.unit, author=author_data, data=data, files=files,
        file_kinds=[PDF] * len(files), submit=submit,
    )
    return initiative


def _build_initiatives(world: World) -> None:
    users, objects = world.users, world.objects
    worker_a = users["worker_a"]
    objects["draft_a"] = _initiative(worker_a, title="Bản nháp có hồ sơ đính kèm", submit=False)
    objects["bare_draft_a"] = _initiative(worker_a, title="Bản nháp để xóa", attach=False, submit=False)
    objects["submitted_a"] = _initiative(worker_a, title="Đổi mới quy trình chấm bài")
    objects["verified_a"] = _initiative(worker_a, title="Sổ tay điện tử cho giáo viên", attach=False)
    initiative_decide(initiative=objects["verified_a"], action="verify", actor=users["officer_in"])
    objects["notification_a"] = Notification.objects.get(recipient=users["worker_a"],
                                                         decision__initiative=objects["verified_a"])
    # The digest of what waits for officer_in (reports.digests), as the beat writes it.
    objects["digest_in"] = Digest.objects.create(recipient=users["officer_in"], day=dt.date(2022, 3, 2),
                                                 kind=Digest.Kind.DAILY, waiting_verify=1, new_since=dt.date(2022, 3, 1))
    objects["approved_a"] = _initiative(worker_a, title="Phòng thí nghiệm dùng chung", attach=False)
    initiative_decide(initiative=objects["approved_a"], action="verify", actor=users["officer_in"])
    initiative_decide(initiative=objects["approved_a"], action="approve", actor=users["upper"])
    objects["submitted_th"] = _initiative(objects["thanh_hoa_worker"], title="Cải tiến máy ép mía")
    objects["submitted_in"] = _initiative(users["officer_in"], title="Sổ theo dõi công văn điện tử", attach=False)
    objects["entered_for_b"] = _initiative(users["worker_b"], title="Bảng điểm trực tuyến", attach=False,
                                           entered_by=users["officer_in"])
    for name in ("draft_a", "submitted_a", "submitted_th"):
        objects[f"attachment_{name}"] = objects[name].attachments.get()
    # On the showcase: approved, marked exemplary, its author agreed; one public file, one certificate.
    objects["showcased_a"] = _initiative(worker_a, title="Chấm bài trắc nghiệm bằng điện thoại")
    initiative_decide(initiative=objects["showcased_a"], action="verify", actor=users["officer_in"])
    initiative_decide(initiative=objects["showcased_a"], action="approve", actor=users["upper"])
    initiative_mark_exemplary(initiative=objects["showcased_a"], actor=users["province_staff"], exemplary=True)
    submission_services.initiative_set_publication_consent(initiative=objects["showcased_a"], by=worker_a, consent=True)
    objects["public_file_a"] = objects["showcased_a"].attachments.get()
    objects["public_file_a"].is_public = True
    objects["public_file_a"].save(update_fields=["is_public"])
    objects["certificate_a"] = certificate_issue(initiative=objects["showcased_a"], kind="exemplary", by=worker_a)


def _build_recognition(world: World) -> None:
    """A started Hà Nội selection round (chair: the province's manager; members: upper and
    officer_out, each scoring approved_a) and a Bằng khen of Hà Nội recorded by the federation."""
    import datetime as dt

    from recognition.awards.services import award_record
    from recognition.councils import services as council_services
    from recognition.councils.models import CouncilAssignment

    users, objects = world.users, world.objects
    council = council_services.round_open(
        actor=users["province_manager"], unit=world.units["ha_noi"], name="Hội đồng xét chọn năm 2022",
        chair=users["province_manager"], members=[users["upper"], users["officer_out"]],
        criteria=[("Tính mới", Decimal(1))],
    )
    council_services.round_start(council_round=council, actor=users["province_manager"])
    objects["council_ha_noi"] = council
    objects["assignment_upper"] = CouncilAssignment.objects.get(round=council, member__user=users["upper"],
                                                                initiative=objects["approved_a"])
    objects["award_ha_noi"] = award_record(actor=users["federation_staff"], unit=world.units["ha_noi"],
                                           phase="phase-1", decision_number="1234/QĐ-TLĐ",
                                           decided_on=dt.date(2022, 7, 15))


def _build_programme() -> None:
    programme = Programme.objects.create(name="1 triệu sáng kiến", starts_on="2022-01-08", ends_on="2023-09-01",
                                         target=1_000_000)
    Phase.objects.create(programme=programme, code="phase-1", name="Giai đoạn 1", starts_on="2022-01-08",
                         ends_on="2022-05-31", target=300_000)


def _build_world() -> World:
    # A transactional test earlier in this process may have flushed the migrated fields.
    create_default_fields(Field)
    world = World()
    _build_tree(world)
    _build_people(world)
    _build_programme()
    _build_initiatives(world)
    _build_recognition(world)
    users, objects = world.users, world.objects
    for name, uploader in (("run_in", "officer_in"), ("run_th", "other_province")):
        upload = SimpleUploadedFile("sang-kien.csv", IMPORT_CSV, content_type="text/csv")
        run = import_run_create(upload=upload, mode="all_or_nothing", by=users[uploader], enqueue=False)
        objects[name] = import_run_process(run_id=run.pk)  # finished: its error file can be downloaded
    objects["appointment_in"] = Appointment.objects.get(user=users["officer_in"])
    objects["appointment_th"] = Appointment.objects.get(user=users["other_province"])
    aggregates_recompute()
    for role, user in users.items():
        # One session per role, opened once: logging in is most of the cost of a request here.
        client = Client()
        client.force_login(user, backend="accounts.backends.PhoneOrEmailBackend")
        world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# --- what each cell of the matrix requests ----------------------------------------------------


def _pk(name):
    return lambda w: ({"pk": w.objects[name].pk}, {})


def _user_pk(holder):
    return lambda w: ({"pk": (w.users.get(holder) or w.objects[holder]).pk}, {})


def _code(unit):
    return lambda w: ({"code": w.units[unit].code}, {})


def _export(unit, table, fmt):
    return lambda w: ({"code": w.units[unit].code, "table": table, "fmt": fmt}, {})


def _query(**params):
    return lambda w: ({}, {key: w.units[value].code for key, value in params.items()})


def _reset_link(w):
    user = w.objects["emailed_worker"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}, {}


# The object (or query) each target name of the matrix stands for.
TARGETS = {
    "": lambda w: ({}, {}),
    "draft_a": _pk("draft_a"),
    "bare_draft_a": _pk("bare_draft_a"),
    "submitted_a": _pk("submitted_a"),
    "verified_a": _pk("verified_a"),
    "approved_a": _pk("approved_a"),
    "submitted_th": _pk("submitted_th"),
    "submitted_in": _pk("submitted_in"),
    "notification_a": _pk("notification_a"),
    "digest_in": _pk("digest_in"),
    "entered_for_b": _pk("entered_for_b"),
    "attachment_draft_a": _pk("attachment_draft_a"),
    "attachment_submitted_a": _pk("attachment_submitted_a"),
    "attachment_submitted_th": _pk("attachment_submitted_th"),
    "run_in": _pk("run_in"),
    "run_th": _pk("run_th"),
    "appointment_in": _pk("appointment_in"),
    "appointment_th": _pk("appointment_th"),
    "member_worker_a": _user_pk("worker_a"),
    "member_upper": _user_pk("upper"),
    "member_thanh_hoa": _user_pk("thanh_hoa_worker"),
    "unit_school": _code("school"),
    "unit_ha_noi": _code("ha_noi"),
    "unit_thanh_hoa": _code("thanh_hoa"),
    "unit_factory": _code("factory"),
    "export_school_children_csv": _export("school", "children", "csv"),
    "export_ha_noi_categories_xlsx": _export("ha_noi", "categories", "xlsx"),
    "export_thanh_hoa_fields_csv": _export("thanh_hoa", "fields", "csv"),
    "csv": lambda w: ({"fmt": "csv"}, {}),
    "xlsx": lambda w: ({"fmt": "xlsx"}, {}),
    "api_school": _query(unit="school"),
    "api_ha_noi": _query(unit="ha_noi"),
    "api_thanh_hoa": _query(unit="thanh_hoa"),
    "api_tld": _query(unit="tld"),
    "members_of_school": _query(unit="school"),
    "members_of_thanh_hoa": _query(unit="thanh_hoa"),
    "reset_link": _reset_link,
    "admin_changelist": lambda w: ({}, {}),
    "council_ha_noi": _pk("council_ha_noi"),
    "assignment_upper": lambda w: ({"pk": w.objects["council_ha_noi"].pk,
                                    "assignment_pk": w.objects["assignment_upper"].pk}, {}),
    "council_approved_a": lambda w: ({"pk": w.objects["council_ha_noi"].pk,
                                      "initiative_pk": w.objects["approved_a"].pk}, {}),
    "award_ha_noi": _pk("award_ha_noi"),
    "showcased_a": _pk("showcased_a"),
    "public_file_a": lambda w: ({"pk": w.objects["showcased_a"].pk, "attachment_pk": w.objects["public_file_a"].pk}, {}),
    "private_file_a": lambda w: (
        {"pk": w.objects["submitted_a"].pk, "attachment_pk": w.objects["attachment_submitted_a"].pk}, {}),
    "sitemap_1": lambda w: ({"section": 1}, {}),
    "certificate_a": lambda w: ({"code": format_code(w.objects["certificate_a"].code)}, {}),
    "certificate_approved_a": lambda w: ({"pk": w.objects["approved_a"].pk, "kind": "approved"}, {}),
    "certificate_submitted_a": lambda w: ({"pk": w.objects["submitted_a"].pk, "kind": "approved"}, {}),
}


def _url(world: World, name: str, target: str) -> str:
    kwargs, query = TARGETS[target](world)
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{urlencode(query)}" if query else url


def _client_of(world: World, role: str) -> Client:
    """A fresh client holding the role's session (none for ``anonymous``)."""
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _status(world: World, role: str, method: str, url: str) -> int:
    """The status ``role`` gets for ``method`` on ``url``."""
    response = getattr(_client_of(world, role), method)(url)
    if response.streaming:
        # Read to the end: the test client then closes the file or cursor behind the download.
        b"".join(response.streaming_content)
    return response.status_code


# --- the URL resolver against the matrix ------------------------------------------------------


def _resolved_names(patterns=None, namespace: str = "") -> list[str]:
    """Every pattern's full name (``namespace:name``), walking includes; an unnamed one by its route."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)
            names.extend(_resolved_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            names.append(f"{namespace}:{name}" if namespace else name)
    return names


def _matrix_key(name: str) -> str:
    """Admin patterns are one group: Django's admin site guards them all the same way."""
    return ADMIN_GROUP if name.split(":", 1)[0] == "admin" else name


def test_every_resolved_url_has_an_entry_in_the_matrix():
    missing = sorted({_matrix_key(name) for name in _resolved_names()} - set(MATRIX))
    assert missing == [], f"URLs without an entry in authz_matrix.MATRIX: {missing}"


def test_the_matrix_lists_no_url_that_does_not_resolve():
    stale = sorted(set(MATRIX) - {_matrix_key(name) for name in _resolved_names()})
    assert stale == [], f"Entries of authz_matrix.MATRIX that match no URL: {stale}"


def test_every_row_of_the_matrix_has_a_get_and_post_status_for_each_role():
    bad = [
        (name, target)
        for name, rows in MATRIX.items()
        for target, row in rows.items()
        if len(row) != len(ROLES) or any(len(cell) != 2 for cell in row) or target not in TARGETS
    ]
    assert bad == []


# --- the matrix itself ------------------------------------------------------------------------


def _url_name(name: str, target: str) -> str:
    """The URL the admin group is checked at; every other entry is its own URL name."""
    if name != ADMIN_GROUP:
        return name
    return "admin:submissions_initiative_changelist" if target == "admin_changelist" else "admin:index"


def _cases():
    for name, rows in MATRIX.items():
        for target, row in rows.items():
            for role, expected in zip(ROLES, row, strict=False):
                yield pytest.param(name, target, role, expected, id=f"{name}[{target or '-'}]-{role}")


@pytest.mark.parametrize(("name", "target", "role", "expected"), list(_cases()))
@override_settings(LIBREOFFICE_BINARY="/nonexistent/soffice")  # the same answers with or without LibreOffice
def test_role_gets_the_get_and_post_statuses_of_the_matrix(db, world, name, target, role, expected):
    url = _url(world, _url_name(name, target), target)
    assert (_status(world, role, "get", url), _status(world, role, "post", url)) == expected


# --- changes of role take effect on the next request ------------------------------------------


def _fresh(instance):
    """The row as it is now: services cache a user's appointments on the instance."""
    return type(instance).objects.get(pk=instance.pk)


def test_a_revoked_officer_loses_the_review_queue_on_the_next_request(db, world):
    client = _client_of(world, "officer_in")
    assert client.get(reverse("reviews:queue")).status_code == 200
    appointment_revoke(actor=_fresh(world.users["province_manager"]), appointment=_fresh(world.objects["appointment_in"]),
                       source=ChangeSource.WEB)
    assert client.get(reverse("reviews:queue")).status_code == 403


def test_a_revoked_officer_no_longer_sees_the_initiatives_of_their_unit(db, world):
    client = _client_of(world, "officer_in")
    url = reverse("submissions:detail", kwargs={"pk": world.objects["submitted_a"].pk})
    assert client.get(url).status_code == 200
    appointment_revoke(actor=_fresh(world.users["province_manager"]), appointment=_fresh(world.objects["appointment_in"]),
                       source=ChangeSource.WEB)
    assert client.get(url).status_code == 404


def test_a_new_appointment_opens_the_review_queue_on_the_next_request(db, world):
    client = _client_of(world, "worker_b")
    assert client.get(reverse("reviews:queue")).status_code == 403
    appointment_grant(actor=_fresh(world.users["province_manager"]), user=_fresh(world.users["worker_b"]),
                      unit=world.units["school"], role="officer")
    assert client.get(reverse("reviews:queue")).status_code == 200


def test_a_deactivated_account_is_signed_out_on_the_next_request(db, world):
    client = _client_of(world, "worker_a")
    assert client.get(reverse("submissions:mine")).status_code == 200
    account_services.user_deactivate(actor=_fresh(world.users["officer_in"]), user=_fresh(world.users["worker_a"]))
    response = client.get(reverse("submissions:mine"))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("accounts:login"))


# --- what lists and downloads contain stays in scope ------------------------------------------


def test_queue_download_of_another_province_holds_its_own_initiatives_only(db, world):
    client = _client_of(world, "other_province")
    response = client.get(reverse("reviews:export", kwargs={"fmt": "csv"}), {"state": "submitted"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    titles = (world.objects["submitted_th"].title, world.objects["submitted_a"].title)
    assert [title in content for title in titles] == [True, False]


def test_bulk_decision_on_an_initiative_outside_scope_neither_decides_nor_names_it(db, world):
    response = _client_of(world, "officer_out").post(
        reverse("reviews:bulk"), {"action": "verify", "ids": [world.objects["submitted_a"].pk]}
    )
    [result] = response.context["results"]
    assert (result.ok, result.title) == (False, "")


def test_members_page_of_an_officer_lists_no_one_outside_their_unit(db, world):
    response = _client_of(world, "officer_in").get(reverse("accounts:members"))
    listed = {member.pk for member in response.context["page"].members}
    assert world.objects["thanh_hoa_worker"].pk not in listed and world.users["worker_a"].pk in listed


def test_entering_on_behalf_does_not_tell_whether_an_account_outside_scope_exists(db, world):
    """An officer typing a phone number learns nothing about accounts beyond their unions."""
    def account_error(identifier: str) -> list[str]:
        form = OnBehalfForm({"behalf-account": identifier}, officer=_fresh(world.users["officer_in"]), prefix="behalf")
        form.is_valid()
        return form.errors.get("account")

    outside = world.objects["thanh_hoa_worker"].phone
    assert account_error(outside) == account_error("0999999999")


# --- nobody decides their own initiative; the verifier does not decide its stage 2 --------------


def test_an_officers_own_initiative_in_a_bulk_batch_refuses_the_batch(db, world):
    mine, theirs = world.objects["submitted_in"], world.objects["submitted_a"]
    response = _client_of(world, "officer_in").post(
        reverse("reviews:bulk"), {"action": "verify", "ids": [theirs.pk, mine.pk]}
    )
    assert response.status_code == 302
    assert sorted(_fresh(i).status for i in (mine, theirs)) == ["submitted", "submitted"]


def test_a_forged_decision_on_an_officers_own_initiative_is_recorded(db, world, caplog):
    mine = world.objects["submitted_in"]
    _client_of(world, "officer_in").post(reverse("reviews:detail", kwargs={"pk": mine.pk}), {"action": "verify"})
    refused = [(r.actor_id, r.initiative_id, r.reason) for r in caplog.records
               if getattr(r, "event", None) == "decision_refused"]
    assert (refused, _fresh(mine).status) == ([(world.users["officer_in"].pk, mine.pk, "author")], "submitted")


def test_an_officer_appointed_at_two_levels_cannot_approve_what_they_verified(db, world):
    appointment_grant(actor=_fresh(world.users["province_manager"]), user=_fresh(world.users["officer_in"]),
                      unit=world.units["ba_dinh"], role="officer")
    client, initiative = _client_of(world, "officer_in"), world.objects["submitted_a"]
    url = reverse("reviews:detail", kwargs={"pk": initiative.pk})
    client.post(url, {"action": "verify"})
    assert _fresh(initiative).status == "verified"
    client.post(url, {"action": "approve"})
    assert _fresh(initiative).status == "verified"
