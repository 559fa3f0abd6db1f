import datetime as dt
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum
from django.test import RequestFactory
from django.utils import timezone

from accounts.enums import SubmitterCategory
from accounts.models import User
from campaign.models import Phase, Programme, UnitTarget
from campaign.selectors import phase_for_date
from demo.seed import DEMO_PASSWORD
from initiatives_portal.text import fold
from reviews.models import Decision, Notification
from reviews.services import TRANSITIONS
from submissions.enums import InitiativeStatus
from submissions.models import CoAuthor, Initiative
from unions.models import Appointment, Unit

pytestmark = pytest.mark.django_db

UNITS = 50
INITIATIVES = 200


def seed(seed=2022, **options):
    out = io.StringIO()
    call_command("seed_demo", units=UNITS, initiatives=INITIATIVES, seed=seed, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded():
    return seed()


class Rollback(Exception):
    pass


def titles_seeded_with(seed_value):
    """The generated titles in key order, seeded in a savepoint that is then rolled back."""
    try:
        with transaction.atomic():
            seed(seed_value)
            titles = list(Initiative.objects.order_by("submission_key").values_list("title", flat=True))
            raise Rollback
    except Rollback:
        return titles


def counts():
    models = (Unit, User, Appointment, Programme, Phase, UnitTarget, Initiative, CoAuthor, Decision, Notification)
    return {model.__name__: model.objects.count() for model in models}


def test_top_of_the_tree_is_the_2022_federation_provinces_and_sectors(seeded):
    kinds = Counter(Unit.objects.filter(depth__lte=2).values_list("kind", flat=True))

    assert kinds == {"federation": 1, "province": 63, "sector": 20}
    assert Unit.objects.get(code="P38").name == "LĐLĐ tỉnh Thanh Hóa"


def test_requested_number_of_grassroots_unions_is_generated(seeded):
    assert Unit.objects.filter(kind="grassroots").count() == UNITS


def test_grassroots_unions_sit_at_varying_depths(seeded):
    depths = set(Unit.objects.filter(kind="grassroots").values_list("depth", flat=True))

    assert depths == {3, 4}


def test_generated_tree_is_consistent_for_treebeard(seeded):
    assert all(not problems for problems in Unit.objects.find_problems())


def test_requested_number_of_initiatives_is_generated(seeded):
    assert Initiative.objects.count() == INITIATIVES


def test_every_state_is_present(seeded):
    assert set(Initiative.objects.values_list("status", flat=True)) == set(InitiativeStatus.values)


def test_exemplary_initiatives_are_approved_and_marked_in_the_history(seeded):
    exemplary = Initiative.objects.filter(is_exemplary=True)

    assert exemplary.exists()
    assert set(exemplary.values_list("status", flat=True)) == {InitiativeStatus.APPROVED}
    assert Decision.objects.filter(action="mark_exemplary").count() == exemplary.count()


def test_every_submitter_category_is_present_in_the_campaign_proportions(seeded):
    shares = Counter(Initiative.objects.values_list("category", flat=True))

    assert set(shares) == set(SubmitterCategory.values)
    assert shares.most_common(1)[0][0] == SubmitterCategory.PUBLIC_SERVICE
    assert shares[SubmitterCategory.CIVIL_SERVANT] < shares[SubmitterCategory.UNION_OFFICIAL]


def test_drafts_have_no_submission_snapshot(seeded):
    drafts = Initiative.objects.filter(status=InitiativeStatus.DRAFT)

    assert drafts.exists()
    assert not drafts.exclude(first_submitted_at=None, submitted_on=None, phase=None).exists()


def test_submission_day_and_phase_are_those_of_the_local_date(seeded):
    submitted = Initiative.objects.exclude(status=InitiativeStatus.DRAFT).select_related("phase")

    for initiative in submitted:
        local_day = timezone.localdate(initiative.first_submitted_at)
        assert initiative.submitted_on == local_day
        assert initiative.phase == phase_for_date(local_day)


def test_submission_on_31_may_in_utc_but_1_june_in_vietnam_belongs_to_phase_2(seeded):
    utc_midnight = dt.datetime(2022, 6, 1, tzinfo=dt.UTC)
    just_after = Initiative.objects.filter(submitted_on=dt.date(2022, 6, 1), first_submitted_at__lt=utc_midnight)

    assert just_after.exists()
    assert set(just_after.values_list("phase__code", flat=True)) == {"phase-2"}


def test_both_phases_receive_initiatives(seeded):
    assert set(Initiative.objects.exclude(phase=None).values_list("phase__code", flat=True)) == {"phase-1", "phase-2"}


def test_each_history_replays_the_state_machine_up_to_the_current_state(seeded):
    for initiative in Initiative.objects.prefetch_related("decisions"):
        status = InitiativeStatus.DRAFT
        for decision in initiative.decisions.all():
            assert decision.from_status == status
            if decision.action in TRANSITIONS:
                assert decision.to_status == TRANSITIONS[decision.action].target
            status = decision.to_status
        assert status == initiative.status


def test_initiatives_are_created_after_their_author_registered(seeded):
    for initiative in Initiative.objects.select_related("entered_by"):
        assert initiative.created_at >= initiative.entered_by.date_joined


def test_decisions_come_after_the_first_submission(seeded):
    for decision in Decision.objects.select_related("initiative"):
        assert decision.created_at >= decision.initiative.first_submitted_at


def test_officer_decisions_name_the_officer_and_the_unit_they_act_for(seeded):
    for decision in Decision.objects.filter(action__in=["verify", "approve", "return", "reject"]):
        assert decision.actor_role == "officer"
        assert Appointment.objects.active().filter(user=decision.actor, unit=decision.actor_unit).exists()


def test_search_text_is_what_initiative_save_computes(seeded):
    for initiative in Initiative.objects.all()[:50]:
        assert initiative.search_text == fold(f"{initiative.title} {initiative.summary} {initiative.author_name}")


def test_co_author_shares_and_the_author_share_add_up_to_100(seeded):
    with_co_authors = Initiative.objects.annotate(shares=Sum("co_authors__contribution")).exclude(shares=None)

    assert with_co_authors.exists()
    for initiative in with_co_authors:
        assert initiative.author_contribution + initiative.shares == Decimal(100)


def test_officers_enter_some_initiatives_for_workers_without_account(seeded):
    on_behalf = Initiative.objects.filter(submitter=None)

    assert on_behalf.exists()
    assert Appointment.objects.filter(user__in=on_behalf.values("entered_by"), role="officer").exists()


def test_demo_worker_owns_initiatives_in_several_states_with_a_draft_and_a_returned_one(seeded):
    states = set(Initiative.objects.filter(submitter__phone="0900000001").values_list("status", flat=True))

    assert {InitiativeStatus.DRAFT, InitiativeStatus.RETURNED} <= states
    assert len(states) >= 4


def test_demo_worker_has_a_complete_profile(seeded):
    worker = User.objects.get(phone="0900000001")

    assert worker.unit.kind == "grassroots" and worker.unit.code.startswith("P01-")
    assert (worker.category, worker.is_direct_production_worker) == (SubmitterCategory.ENTERPRISE, True)


@pytest.mark.parametrize(
    ("login", "unit_code", "role"),
    [
        ("0900000002", "P01-U001-G0001", "officer"),
        ("0900000003", "P01-U001", "officer"),
        ("hanoi@congdoan.vn", "P01", "manager"),
        ("thanhhoa@congdoan.vn", "P38", "officer"),
        ("tld@congdoan.vn", "TLD", "staff"),
    ],
)
def test_demo_account_logs_in_with_the_printed_password_and_holds_its_role(seeded, login, unit_code, role):
    user = authenticate(RequestFactory().post("/accounts/login/"), username=login, password=DEMO_PASSWORD)

    assert user is not None
    assert Appointment.objects.active().filter(user=user, unit__code=unit_code, role=role).exists()


def test_demo_administrator_is_a_superuser(seeded):
    assert authenticate(RequestFactory().post("/accounts/login/"), username="admin@congdoan.vn", password=DEMO_PASSWORD).is_superuser


def test_credentials_are_printed(seeded):
    assert "0900000001" in seeded and "admin@congdoan.vn" in seeded and DEMO_PASSWORD in seeded


def test_programme_and_phases_have_the_campaign_dates_and_targets(seeded):
    phases = {phase.code: (str(phase.starts_on), str(phase.ends_on), phase.target) for phase in Phase.objects.all()}

    assert Programme.objects.get().target == 1_000_000
    assert phases == {
        "phase-1": ("2022-01-08", "2022-05-31", 300_000),
        "phase-2": ("2022-06-01", "2023-09-01", 700_000),
    }


def test_published_targets_of_the_federation_and_ha_noi(seeded):
    targets = set(
        UnitTarget.objects.filter(unit__code__in=["TLD", "P01"]).values_list(
            "unit__code", "phase", "assigned", "self_set"
        )
    )

    assert targets == {
        ("TLD", "phase-1", 300_000, None),
        ("TLD", "overall", 1_000_000, None),
        ("P01", "phase-1", 52_000, None),
        ("P01", "overall", 60_000, 130_000),
    }


def test_every_province_and_sector_has_targets_adding_up_below_the_national_ones(seeded):
    tops = UnitTarget.objects.filter(unit__depth=2)
    per_unit = tops.values("unit").annotate(phases=Count("phase"))

    assert per_unit.count() == 83 and {row["phases"] for row in per_unit} == {2}
    assert tops.filter(phase="phase-1").aggregate(total=Sum("assigned"))["total"] <= 300_000
    assert tops.filter(phase="overall").aggregate(total=Sum("assigned"))["total"] <= 1_000_000


def test_second_run_duplicates_nothing(seeded):
    before = counts()

    output = seed()

    assert counts() == before
    assert "không tạo thêm" in output


def test_same_seed_gives_the_same_titles():
    assert titles_seeded_with(7) == titles_seeded_with(7)


def test_other_seed_gives_other_titles():
    assert titles_seeded_with(7) != titles_seeded_with(8)


def test_seed_groups_every_top_level_unit_into_one_emulation_cluster(db):
    from django.core.management import call_command

    from reports.models import EmulationCluster
    from unions.models import Unit

    call_command("seed_demo", "--units", "20", "--initiatives", "0", stdout=__import__("io").StringIO())
    members = list(EmulationCluster.objects.values_list("members__code", flat=True))
    assert sorted(members) == sorted(Unit.objects.filter(depth=2).values_list("code", flat=True))
    assert EmulationCluster.objects.count() == 8


def test_the_time_taken_is_written_with_a_decimal_comma(seeded):
    assert re.search(r"Xong sau \d+,\d giây\.", seeded)
