"""The backlog's rows (``BacklogWaiting``, ``BacklogFlow``) as the recompute writes them, against
hand-computed figures, and the run from the change log against a full run.

Deadlines: 10 days at stage 1, 15 at stage 2 (the phases' defaults), in local days
(Asia/Ho_Chi_Minh): an initiative arriving on D is due on D + 10. "On D" below is the end of
local day D, read from the tables as ``BacklogFlow`` says: the waiting now, less the
arrivals after D, plus the departures after D.
"""

import datetime as dt
from collections import Counter
from contextlib import contextmanager

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaign.models import Phase
from reports.models import AggregateSet, BacklogFlow, BacklogWaiting, FullRecomputeRequest
from reports.services import aggregates_recompute
from reports.tests.test_recompute import HANOI
from reviews.models import UnitDeadline
from reviews.services import initiative_decide, initiative_submit, initiative_withdraw
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory
from unions.enums import UnitKind
from unions.tests.factories import AppointmentFactory, UnitFactory

ARRIVED, ADVANCED, LEFT = BacklogFlow.Kind.ARRIVED, BacklogFlow.Kind.ADVANCED, BacklogFlow.Kind.LEFT
D = dt.date


@contextmanager
def clock(moment: dt.datetime):
    """The portal's now is the local ``moment`` (the state machine and the decisions read it)."""
    real_now = timezone.now
    timezone.now = lambda: moment.astimezone(dt.UTC)
    try:
        yield
    finally:
        timezone.now = real_now


def local(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=HANOI)


def submitted(author, moment: dt.datetime) -> Initiative:
    initiative = InitiativeFactory(submitter=author)
    with clock(moment):
        initiative_submit(initiative=initiative, actor=author)
    initiative.refresh_from_db()
    return initiative


def decided(initiative: Initiative, action: str, actor, moment: dt.datetime) -> Initiative:
    extra = {"comment": "Bổ sung số liệu"} if action == "return" else {"reason": "duplicate"} if action == "reject" else {}
    with clock(moment):
        initiative_decide(initiative=initiative, action=action, actor=actor, **extra)
    initiative.refresh_from_db()
    return initiative


def resubmitted(initiative: Initiative, author, moment: dt.datetime) -> Initiative:
    with clock(moment):
        initiative_submit(initiative=initiative, actor=author)
    initiative.refresh_from_db()
    return initiative


def waiting_rows(unit) -> dict:
    return {(w.stage, w.started_on, w.due_on): w.n for w in BacklogWaiting.objects.filter(unit=unit)}


def flow_rows(unit) -> dict:
    return {(f.stage, f.day, f.kind, f.started_on, f.due_on): f.n for f in BacklogFlow.objects.filter(unit=unit)}


def backlog_tables() -> tuple[set, set]:
    return (set(BacklogWaiting.objects.values_list("unit_id", "stage", "started_on", "due_on", "n")),
            set(BacklogFlow.objects.values_list("unit_id", "stage", "day", "kind", "started_on", "due_on", "n")))


def assert_log_matches_full_run() -> None:
    """Apply the logs, keep the backlog's rows, rebuild in full, and require the same rows."""
    assert not aggregates_recompute().full
    from_log = backlog_tables()
    assert not aggregates_recompute(full=True, history=True).rows_changed, "the full run found rows the log missed"
    assert backlog_tables() == from_log


def on(unit, stage: int, day: dt.date) -> dict:
    """The backlog of ``unit``'s subtree at ``stage`` at the end of local ``day`` (before the last
    recompute), computed from the tables as their readers do."""
    net: Counter = Counter()
    for w in BacklogWaiting.objects.filter(unit=unit, stage=stage):
        net[(w.started_on, w.due_on)] += w.n
    for f in BacklogFlow.objects.filter(unit=unit, stage=stage, day__gt=day):
        net[(f.started_on, f.due_on)] += -f.n if f.kind == ARRIVED else f.n
    assert all(n >= 0 for n in net.values()), net
    waiting = {key: n for key, n in net.items() if n}
    return {
        "awaiting": sum(waiting.values()),
        "overdue": sum(n for (_started, due), n in waiting.items() if due < day),
        "oldest": (day - min(started for started, _due in waiting)).days if waiting else None,
    }


@pytest.fixture
def officers(tree):
    school = UserFactory(unit=tree["school"], category="union_official")
    AppointmentFactory(user=school, unit=tree["school"], role="officer")
    upper = UserFactory(unit=None)
    AppointmentFactory(user=upper, unit=tree["ba_dinh"], role="officer")
    return {"verify": school, "approve": upper}


def test_an_arrival_at_23_59_is_due_a_day_before_one_at_midnight(worker, tree, programme):
    submitted(worker, local(D(2022, 5, 31), 23, 59))
    submitted(worker, local(D(2022, 6, 1), 0, 0))

    aggregates_recompute()

    expected = {(1, D(2022, 5, 31), D(2022, 6, 10)): 1, (1, D(2022, 6, 1), D(2022, 6, 11)): 1}
    assert waiting_rows(tree["school"]) == expected
    assert waiting_rows(tree["tld"]) == expected
    assert flow_rows(tree["school"]) == {
        (1, D(2022, 5, 31), ARRIVED, D(2022, 5, 31), D(2022, 6, 10)): 1,
        (1, D(2022, 6, 1), ARRIVED, D(2022, 6, 1), D(2022, 6, 11)): 1,
    }
    assert on(tree["ha_noi"], 1, D(2022, 6, 10)) == {"awaiting": 2, "overdue": 0, "oldest": 10}
    assert on(tree["ha_noi"], 1, D(2022, 6, 11)) == {"awaiting": 2, "overdue": 1, "oldest": 11}


def test_a_return_stops_the_clock_until_the_resubmission(worker, tree, programme, officers):
    initiative = submitted(worker, local(D(2022, 3, 1)))
    aggregates_recompute()
    decided(initiative, "return", officers["verify"], local(D(2022, 3, 4)))  # waited 3 days
    aggregates_recompute()
    assert waiting_rows(tree["school"]) == {}

    resubmitted(initiative, worker, local(D(2022, 3, 10)))  # the clock resumes: since 07/03
    aggregates_recompute()

    assert waiting_rows(tree["ba_dinh"]) == {(1, D(2022, 3, 7), D(2022, 3, 17)): 1}
    assert flow_rows(tree["ba_dinh"]) == {
        (1, D(2022, 3, 1), ARRIVED, D(2022, 3, 1), D(2022, 3, 11)): 1,
        (1, D(2022, 3, 4), LEFT, D(2022, 3, 1), D(2022, 3, 11)): 1,
        (1, D(2022, 3, 10), ARRIVED, D(2022, 3, 7), D(2022, 3, 17)): 1,
    }
    decided(initiative, "verify", officers["verify"], local(D(2022, 3, 12)))
    aggregates_recompute()
    assert waiting_rows(tree["ba_dinh"]) == {(2, D(2022, 3, 12), D(2022, 3, 27)): 1}
    assert flow_rows(tree["ba_dinh"])[(1, D(2022, 3, 12), ADVANCED, D(2022, 3, 7), D(2022, 3, 17))] == 1
    assert flow_rows(tree["ba_dinh"])[(2, D(2022, 3, 12), ARRIVED, D(2022, 3, 12), D(2022, 3, 27))] == 1
    # Days to verify: 12/03 less the clock's start 07/03, the 6 days with the author left out.
    assert on(tree["ba_dinh"], 1, D(2022, 3, 9)) == {"awaiting": 0, "overdue": 0, "oldest": None}


def test_overdue_as_of_past_dates_follows_from_arrivals_and_departures(worker, tree, programme, officers):
    first = submitted(worker, local(D(2022, 3, 1)))  # waits still: due 11/03
    second = submitted(worker, local(D(2022, 3, 2)))  # due 12/03, verified 20/03 (stage 2 due 04/04)
    third = submitted(worker, local(D(2022, 3, 1), 15))  # returned 05/03, resubmitted 15/03: since 11/03, due 21/03
    aggregates_recompute()
    decided(third, "return", officers["verify"], local(D(2022, 3, 5), 15))
    aggregates_recompute()
    resubmitted(third, worker, local(D(2022, 3, 15), 15))
    decided(second, "verify", officers["verify"], local(D(2022, 3, 20)))
    aggregates_recompute()
    assert first.status == "submitted"

    school = tree["school"]
    assert on(school, 1, D(2022, 3, 12)) == {"awaiting": 2, "overdue": 1, "oldest": 11}
    assert on(school, 1, D(2022, 3, 13)) == {"awaiting": 2, "overdue": 2, "oldest": 12}
    assert on(school, 1, D(2022, 3, 16)) == {"awaiting": 3, "overdue": 2, "oldest": 15}
    assert on(school, 1, D(2022, 3, 25)) == {"awaiting": 2, "overdue": 2, "oldest": 24}
    assert on(school, 2, D(2022, 3, 25)) == {"awaiting": 1, "overdue": 0, "oldest": 5}
    assert on(school, 2, D(2022, 4, 5)) == {"awaiting": 1, "overdue": 1, "oldest": 16}
    assert on(school, 1, D(2022, 2, 28)) == {"awaiting": 0, "overdue": 0, "oldest": None}


def test_the_backlog_rolls_up_through_a_tree_of_varying_depth(tree, programme):
    direct = UnitFactory(parent=tree["ha_noi"], code="P01-G0009", kind=UnitKind.GRASSROOTS)
    second = UnitFactory(parent=tree["ba_dinh"], code="P01-U001-U01", kind=UnitKind.UPPER)
    third = UnitFactory(parent=second, code="P01-U001-U01-U01", kind=UnitKind.UPPER)
    deep = UnitFactory(parent=third, code="P01-U001-U01-U01-G01", kind=UnitKind.GRASSROOTS)
    for unit in (direct, deep):
        unit.refresh_from_db()
    assert deep.depth == direct.depth + 3
    submitted(UserFactory(unit=direct), local(D(2022, 3, 1)))
    submitted(UserFactory(unit=deep), local(D(2022, 3, 2)))

    aggregates_recompute()

    on_first, on_second = {(1, D(2022, 3, 1), D(2022, 3, 11)): 1}, {(1, D(2022, 3, 2), D(2022, 3, 12)): 1}
    assert waiting_rows(direct) == on_first
    for unit in (deep, third, second, tree["ba_dinh"]):
        assert waiting_rows(unit) == on_second, unit.code
    for unit in (tree["ha_noi"], tree["tld"]):
        assert waiting_rows(unit) == on_first | on_second, unit.code
    assert waiting_rows(tree["school"]) == waiting_rows(tree["thanh_hoa"]) == {}
    assert sum(flow_rows(tree["tld"]).values()) == 2


def test_a_units_own_shorter_deadline_brings_due_on_forward_in_a_full_run(worker, tree, programme, officers):
    initiative = submitted(worker, local(D(2022, 3, 1)))
    away = submitted(UserFactory(unit=tree["factory"]), local(D(2022, 3, 1)))
    aggregates_recompute()
    assert waiting_rows(tree["school"]) == {(1, D(2022, 3, 1), D(2022, 3, 11)): 1}

    UnitDeadline.objects.create(unit=tree["ha_noi"], verify_days=5)

    assert FullRecomputeRequest.objects.filter(reason="deadlines changed").exists()
    assert aggregates_recompute().full
    assert waiting_rows(tree["school"]) == {(1, D(2022, 3, 1), D(2022, 3, 6)): 1}
    assert waiting_rows(tree["tld"]) == {(1, D(2022, 3, 1), D(2022, 3, 6)): 1, (1, D(2022, 3, 1), D(2022, 3, 11)): 1}
    assert flow_rows(tree["ha_noi"]) == {(1, D(2022, 3, 1), ARRIVED, D(2022, 3, 1), D(2022, 3, 6)): 1}
    # Later changes are applied from the log with the shorter deadline.
    decided(initiative, "verify", officers["verify"], local(D(2022, 3, 8)))
    assert_log_matches_full_run()
    assert flow_rows(tree["ha_noi"])[(1, D(2022, 3, 8), ADVANCED, D(2022, 3, 1), D(2022, 3, 6))] == 1
    assert on(tree["ha_noi"], 1, D(2022, 3, 7)) == {"awaiting": 1, "overdue": 1, "oldest": 6}
    assert away.status == "submitted"


def test_a_phases_changed_deadline_asks_for_a_full_run(worker, tree, programme):
    submitted(worker, local(D(2022, 3, 1)))
    aggregates_recompute()

    Phase.objects.filter(code="phase-1").update(verify_days=7)

    assert aggregates_recompute().full
    assert waiting_rows(tree["school"]) == {(1, D(2022, 3, 1), D(2022, 3, 8)): 1}


def test_the_run_from_the_log_equals_a_full_run_through_every_kind_of_decision(worker, tree, programme, officers):
    verify, approve = officers["verify"], officers["approve"]
    a = submitted(worker, local(D(2022, 3, 1), 8))
    b = submitted(worker, local(D(2022, 3, 1), 23, 30))
    c = submitted(worker, local(D(2022, 3, 2)))
    d = submitted(worker, local(D(2022, 3, 3)))
    assert aggregates_recompute().full
    steps = [
        (a, "return", verify, local(D(2022, 3, 4))),  # from stage 1, after 3 days 1 hour
        (b, "verify", verify, local(D(2022, 3, 5))),
        (a, "resubmit", worker, local(D(2022, 3, 9))),  # since 06/03 08:00
        (b, "return", approve, local(D(2022, 3, 10))),  # from stage 2: nothing kept
        (a, "return", verify, local(D(2022, 3, 11))),  # again: 5 days 1 hour waited in all
        (b, "resubmit", worker, local(D(2022, 3, 12))),  # a new clock: since 12/03
        (a, "resubmit", worker, local(D(2022, 3, 20))),  # since 20/03 09:00 less 5 days 1 hour: 15/03
        (a, "verify", verify, local(D(2022, 3, 21))),
        (b, "verify", verify, local(D(2022, 3, 22), 23, 59)),
        (a, "approve", approve, local(D(2022, 3, 23))),
        (c, "reject", verify, local(D(2022, 3, 24))),
        (b, "withdraw", worker, local(D(2022, 3, 25))),
        (d, "verify", verify, local(D(2022, 3, 26), 0, 0)),
    ]
    for initiative, action, actor, moment in steps:
        initiative.refresh_from_db()
        if action == "resubmit":
            resubmitted(initiative, actor, moment)
        elif action == "withdraw":
            with clock(moment):
                initiative_withdraw(initiative=initiative, actor=actor)
        else:
            decided(initiative, action, actor, moment)
        assert_log_matches_full_run()

    a.refresh_from_db()
    assert a.status == "approved"
    school = tree["school"]
    flows = flow_rows(school)
    assert flows[(1, D(2022, 3, 9), ARRIVED, D(2022, 3, 6), D(2022, 3, 16))] == 1
    assert flows[(1, D(2022, 3, 11), LEFT, D(2022, 3, 6), D(2022, 3, 16))] == 1
    assert flows[(1, D(2022, 3, 20), ARRIVED, D(2022, 3, 15), D(2022, 3, 25))] == 1
    assert flows[(1, D(2022, 3, 21), ADVANCED, D(2022, 3, 15), D(2022, 3, 25))] == 1
    assert flows[(2, D(2022, 3, 23), ADVANCED, D(2022, 3, 21), D(2022, 4, 5))] == 1
    assert flows[(2, D(2022, 3, 25), LEFT, D(2022, 3, 22), D(2022, 4, 6))] == 1
    assert waiting_rows(school) == {(2, D(2022, 3, 26), D(2022, 4, 10)): 1}
    # Every arrival left or waits still: the flows add up to the waiting.
    for stage in (1, 2):
        assert on(school, stage, D(2022, 2, 1))["awaiting"] == 0
    assert AggregateSet.objects.get(is_current=True).computed_at is not None


def test_an_imported_archive_arrives_and_leaves_on_the_day_of_the_import(upper_officer, programme, tree):
    from submissions.tests.test_import_archive import archive, archive_row
    from submissions.tests.test_imports import run_import

    aggregates_recompute()
    rows = [archive_row(f"Sáng kiến {status}", status, comment="Thiếu bản vẽ" if status == "returned" else "")
            for status in ("submitted", "verified", "approved", "returned")]
    today = timezone.localdate()
    assert run_import(archive(*rows), upper_officer).rows_created == 4

    assert_log_matches_full_run()
    # Stage 1: four arrivals, two verified, one returned; stage 2: two arrivals, one approved.
    due_1, due_2 = today + dt.timedelta(days=10), today + dt.timedelta(days=15)
    assert flow_rows(tree["ba_dinh"]) == {
        (1, today, ARRIVED, today, due_1): 4, (1, today, ADVANCED, today, due_1): 2, (1, today, LEFT, today, due_1): 1,
        (2, today, ARRIVED, today, due_2): 2, (2, today, ADVANCED, today, due_2): 1,
    }
    assert waiting_rows(tree["ba_dinh"]) == {(1, today, due_1): 1, (2, today, due_2): 1}


def test_the_nightly_run_adds_the_logged_decisions_to_the_flows_without_replaying_every_decision(
    worker, tree, programme, school_officer
):
    """History is written once per decision: the nightly run keeps the flows as they are and
    adds the new decisions' ones; a run asked for with ``history`` replays every decision."""
    first = submitted(worker, local(dt.date(2022, 3, 1)))
    aggregates_recompute(full=True, history=True)
    # A row no decision made: only a replay of every decision removes it.
    stray = BacklogFlow.objects.create(unit=tree["tld"], stage=1, day=dt.date(2021, 1, 1), kind=BacklogFlow.Kind.LEFT,
                                       started_on=dt.date(2021, 1, 1), due_on=dt.date(2021, 1, 11), n=1)
    decided(first, "verify", school_officer, local(dt.date(2022, 3, 2)))
    nightly = aggregates_recompute(full=True)
    assert nightly.full
    assert BacklogFlow.objects.filter(pk=stray.pk).exists()
    assert BacklogFlow.objects.filter(unit=tree["tld"], stage=2, kind=BacklogFlow.Kind.ARRIVED).exists()
    aggregates_recompute(full=True, history=True)
    assert not BacklogFlow.objects.filter(pk=stray.pk).exists()
