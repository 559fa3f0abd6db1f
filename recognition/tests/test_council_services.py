"""Opening, starting, scoring, closing and selecting, against hand-computed figures.

Criteria weights 2, 3, 1, 1 (Σ = 7). Scores 8; 7; 6; 9 give (16 + 21 + 6 + 9) / 7 = 52/7
≈ 7,43; scores 7,5; 9; 8; 6 give (15 + 27 + 8 + 6) / 7 = 56/7 = 8. Their mean is
(52/7 + 8) / 2 = 54/7 ≈ 7,71 and their spread 8 − 52/7 = 4/7 ≈ 0,57.
"""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import IntegrityError, InternalError, transaction

from accounts.tests.factories import UserFactory
from recognition.councils import selectors, services
from recognition.councils.enums import CouncilAction, RoundStatus
from recognition.councils.models import CouncilAssignment, CouncilEvent, CouncilScore, ImmutableRecord
from reviews.enums import Action
from reviews.models import Decision

from .conftest import approved_initiative

D = Decimal


def score(council, assignment, values, comment="Có tính thực tiễn cao."):
    criteria = list(council.criteria.all())
    services.assignment_score(assignment=assignment, actor=assignment.member.user,
                              values={c.pk: D(v) for c, v in zip(criteria, values, strict=True)}, comment=comment)


def active(council, initiative):
    return list(CouncilAssignment.objects.filter(round=council, initiative=initiative, withdrawn_at__isnull=True)
                .select_related("member__user").order_by("member__position"))


def score_all(council, initiative, *rows):
    for assignment, values in zip(active(council, initiative), rows, strict=True):
        score(council, assignment, values)


# --- conflicts of interest and balance -------------------------------------------------------


def test_member_of_the_initiatives_grassroots_unit_is_never_assigned(started, pool, members):
    for key in ("school_a", "school_b"):
        assert members["hung"].pk not in {a.member.user_id for a in active(started, pool[key])}


def test_linked_co_author_is_never_assigned_their_initiative(started, co_authored, members):
    assert members["dao"].pk not in {a.member.user_id for a in active(started, co_authored)}


def test_author_is_never_assigned_their_initiative(tree, chair, members, pool, co_authored):
    own = approved_initiative(members["minh"], unit=tree["hospital"], title="Sáng kiến của thành viên")
    council = services.round_open(actor=chair, unit=tree["ha_noi"], name="Đợt 2", chair=chair,
                                  members=list(members.values()), criteria=[("Tính mới", D(1))])
    services.round_start(council_round=council, actor=chair)
    assert members["minh"].pk not in {a.member.user_id for a in active(council, own)}


def test_every_initiative_gets_two_members_and_loads_are_balanced(started, pool):
    loads = {}
    for initiative in pool.values():
        assigned = active(started, initiative)
        assert len(assigned) == 2
        for a in assigned:
            loads[a.member_id] = loads.get(a.member_id, 0) + 1
    assert sorted(loads.values()) == [2, 2, 2, 2]


def test_start_is_refused_naming_the_initiative_without_two_eligible_members(tree, chair, members, pool, co_authored):
    council = services.round_open(actor=chair, unit=tree["ha_noi"], name="Đợt nhỏ", chair=chair,
                                  members=[members["hung"], members["dao"]], criteria=[("Tính mới", D(1))])
    with pytest.raises(services.CouncilError) as raised:
        services.round_start(council_round=council, actor=chair)
    blocked = {b.initiative_id: b for b in raised.value.blocked}
    assert set(blocked) == {pool["school_a"].pk, pool["school_b"].pk, co_authored.pk}
    assert ("Đặng Văn Hùng", "thuộc công đoàn cơ sở của sáng kiến") in blocked[pool["school_a"].pk].reasons
    assert ("Đỗ Thị Đào", "là đồng tác giả") in blocked[co_authored.pk].reasons
    council.refresh_from_db()
    assert council.status == RoundStatus.DRAFT
    assert not CouncilAssignment.objects.filter(round=council).exists()


def test_pool_is_limited_to_the_rounds_subtree_and_field(tree, chair, members, pool, thanh_hoa_officer):
    elsewhere = approved_initiative(UserFactory(unit=tree["factory"]))
    council = services.round_open(actor=chair, unit=tree["ha_noi"], name="Đợt", chair=chair,
                                  members=list(members.values()), criteria=[("Tính mới", D(1))])
    ids = set(selectors.round_pool(council).values_list("id", flat=True))
    assert ids == {i.pk for i in pool.values()}
    assert elsewhere.pk not in ids


def test_declared_conflict_withdraws_and_reassigns_to_an_eligible_member(started, pool, members):
    first = active(started, pool["hospital_b"])[0]
    new = services.assignment_declare_conflict(assignment=first, actor=first.member.user,
                                               reason="Là người hướng dẫn tác giả.")
    first.refresh_from_db()
    assert first.withdrawn_at is not None and first.conflict_reason == "Là người hướng dẫn tác giả."
    now = {a.member_id for a in active(started, pool["hospital_b"])}
    assert len(now) == 2 and first.member_id not in now and new.member_id in now
    assert CouncilEvent.objects.filter(round=started, action=CouncilAction.CONFLICT,
                                       detail="Là người hướng dẫn tác giả.").exists()


def test_declaring_a_conflict_needs_a_reason(started, pool):
    first = active(started, pool["hospital_b"])[0]
    with pytest.raises(services.CouncilError):
        services.assignment_declare_conflict(assignment=first, actor=first.member.user, reason="  ")


# --- scores and results ------------------------------------------------------------------------


def test_weighted_mean_and_spread_by_hand(started, pool):
    score_all(started, pool["hospital_b"], (8, 7, 6, 9), ("7.5", 9, 8, 6))
    row = next(r for r in selectors.round_results(started) if r.initiative_id == pool["hospital_b"].pk)
    assert sorted(m.mean for m in row.members) == [Fraction(52, 7), Fraction(8)]
    assert row.mean == Fraction(54, 7) and row.mean_shown == D("7.71")
    assert row.spread == Fraction(4, 7) and row.spread_shown == D("0.57")
    assert not row.wide


def test_spread_at_the_threshold_is_flagged_as_wide_disagreement(started, pool):
    # 10 everywhere = 10; 7 everywhere = 7: spread exactly 3, the default threshold.
    score_all(started, pool["hospital_b"], (10, 10, 10, 10), (7, 7, 7, 7))
    row = next(r for r in selectors.round_results(started) if r.initiative_id == pool["hospital_b"].pk)
    assert row.spread == 3 and row.wide


def test_equal_means_share_a_rank_and_the_next_skips(started, pool):
    score_all(started, pool["school_a"], (9, 9, 9, 9), (7, 7, 7, 7))   # 8
    score_all(started, pool["school_b"], (8, 8, 8, 8), (8, 8, 8, 8))   # 8
    score_all(started, pool["hospital_a"], (6, 6, 6, 6), (6, 6, 6, 6))  # 6
    rows = selectors.round_results(started)
    ranks = {r.initiative_id: r.rank for r in rows}
    assert ranks[pool["school_a"].pk] == ranks[pool["school_b"].pk] == 1
    assert ranks[pool["hospital_a"].pk] == 3
    assert ranks[pool["hospital_b"].pk] is None  # nobody scored it: unranked, last
    assert rows[-1].initiative_id == pool["hospital_b"].pk


def test_a_score_needs_every_criterion(started, pool):
    a = active(started, pool["hospital_b"])[0]
    first = started.criteria.first()
    with pytest.raises(services.CouncilError):
        services.assignment_score(assignment=a, actor=a.member.user, values={first.pk: D(5)})


@pytest.mark.parametrize("value", ["10.5", "-1", "7.25"])
def test_a_score_outside_0_to_10_in_tenths_is_refused(started, pool, value):
    a = active(started, pool["hospital_b"])[0]
    with pytest.raises(services.CouncilError):
        score(started, a, (value, 5, 5, 5))
    assert not CouncilScore.objects.filter(assignment=a).exists()


def test_only_the_assigned_member_scores(started, pool, chair):
    a = active(started, pool["hospital_b"])[0]
    criteria = list(started.criteria.all())
    with pytest.raises(services.CouncilError):
        services.assignment_score(assignment=a, actor=chair, values={c.pk: D(5) for c in criteria})


def test_a_member_may_revise_while_scoring_and_it_is_recorded(started, pool):
    a = active(started, pool["hospital_b"])[0]
    score(started, a, (5, 5, 5, 5))
    score(started, a, (6, 5, 5, 5))
    assert CouncilScore.objects.get(assignment=a, criterion__position=1).value == 6
    assert CouncilEvent.objects.filter(round=started, action=CouncilAction.RESCORED).count() == 1


# --- closing and immutability -----------------------------------------------------------------


def test_only_the_chair_closes(started, province_staff):
    with pytest.raises(services.CouncilError):
        services.round_close(council_round=started, actor=province_staff)


def test_no_score_is_taken_after_close(started, pool, chair):
    a = active(started, pool["hospital_b"])[0]
    services.round_close(council_round=started, actor=chair)
    with pytest.raises(services.CouncilError):
        score(started, a, (5, 5, 5, 5))


def test_database_refuses_changing_a_score_after_close(started, pool, chair):
    a = active(started, pool["hospital_b"])[0]
    score(started, a, (5, 5, 5, 5))
    services.round_close(council_round=started, actor=chair)
    with pytest.raises(InternalError), transaction.atomic():
        CouncilScore.objects.filter(assignment=a).update(value=D(10))


def test_database_refuses_deleting_an_assignment_after_close(started, pool, chair):
    services.round_close(council_round=started, actor=chair)
    with pytest.raises((InternalError, IntegrityError)), transaction.atomic():
        CouncilAssignment.objects.filter(round=started).delete()


def test_database_refuses_reopening_a_closed_round(started, chair):
    services.round_close(council_round=started, actor=chair)
    with pytest.raises(InternalError), transaction.atomic():
        type(started).objects.filter(pk=started.pk).update(status=RoundStatus.SCORING)


def test_council_events_are_never_changed(started):
    event = CouncilEvent.objects.filter(round=started).first()
    with pytest.raises(ImmutableRecord):
        event.delete()
    with pytest.raises(InternalError), transaction.atomic():
        CouncilEvent.objects.filter(pk=event.pk).update(detail="sửa")


# --- selection ----------------------------------------------------------------------------------


def test_selection_marks_exemplary_through_the_one_writer_naming_the_round(started, pool, chair):
    score_all(started, pool["hospital_b"], (8, 7, 6, 9), ("7.5", 9, 8, 6))
    services.round_close(council_round=started, actor=chair)
    outcomes = services.round_select(council_round=started, actor=chair, initiative_ids=[pool["hospital_b"].pk])
    assert [o.ok for o in outcomes] == [True]
    pool["hospital_b"].refresh_from_db()
    assert pool["hospital_b"].is_exemplary
    decision = Decision.objects.get(initiative=pool["hospital_b"], action=Action.MARK_EXEMPLARY)
    assert decision.actor == chair and started.name in decision.comment
    selection = started.selections.get()
    assert (selection.rank, selection.mean) == (1, D("7.71"))


def test_selection_waits_for_the_close(started, pool, chair):
    with pytest.raises(services.CouncilError):
        services.round_select(council_round=started, actor=chair, initiative_ids=[pool["hospital_b"].pk])


def test_an_unscored_initiative_cannot_be_selected(started, pool, chair):
    services.round_close(council_round=started, actor=chair)
    outcomes = services.round_select(council_round=started, actor=chair, initiative_ids=[pool["hospital_b"].pk])
    assert [o.ok for o in outcomes] == [False]
    pool["hospital_b"].refresh_from_db()
    assert not pool["hospital_b"].is_exemplary


# --- opening ---------------------------------------------------------------------------------


def test_a_grassroots_officer_cannot_open_a_round(tree, school_officer, members, chair):
    with pytest.raises(services.CouncilError):
        services.round_open(actor=school_officer, unit=tree["school"], name="Đợt", chair=chair,
                            members=list(members.values()), criteria=[("Tính mới", D(1))])


def test_another_provinces_officer_cannot_open_a_round_for_ha_noi(tree, members, chair):
    stranger = UserFactory(unit=None)
    from unions.tests.factories import AppointmentFactory
    AppointmentFactory(user=stranger, unit=tree["thanh_hoa"], role="manager")
    with pytest.raises(services.CouncilError):
        services.round_open(actor=stranger, unit=tree["ha_noi"], name="Đợt", chair=chair,
                            members=list(members.values()), criteria=[("Tính mới", D(1))])


def test_the_chair_must_run_the_unit(tree, chair, members):
    with pytest.raises(services.CouncilError):
        services.round_open(actor=chair, unit=tree["ha_noi"], name="Đợt", chair=members["minh"],
                            members=list(members.values()), criteria=[("Tính mới", D(1))])


def test_a_round_needs_two_members(tree, chair, members):
    with pytest.raises(services.CouncilError):
        services.round_open(actor=chair, unit=tree["ha_noi"], name="Đợt", chair=chair,
                            members=[members["minh"]], criteria=[("Tính mới", D(1))])


def test_a_round_starts_once(started, chair):
    with pytest.raises(services.CouncilError):
        services.round_start(council_round=started, actor=chair)


def test_a_member_cannot_start_the_round(council, members):
    with pytest.raises(services.CouncilError):
        services.round_start(council_round=council, actor=members["minh"])


def test_a_weight_of_100_is_shown_without_an_exponent(started):
    criterion = started.criteria.first()
    criterion.weight = D("100.00")
    assert str(criterion.weight_shown) == "100"
    criterion.weight = D("1.50")
    assert str(criterion.weight_shown) == "1.5"


def test_results_read_a_fixed_number_of_queries_whatever_the_pool(tree, chair, members, pool, co_authored,
                                                                  django_assert_num_queries):
    nurse = UserFactory(unit=tree["hospital"])
    for n in range(20):
        approved_initiative(nurse, title=f"Sáng kiến bổ sung {n}")
    council = services.round_open(actor=chair, unit=tree["ha_noi"], name="Đợt lớn", chair=chair,
                                  members=list(members.values()), criteria=[("Tính mới", D(1))])
    services.round_start(council_round=council, actor=chair)
    for a in CouncilAssignment.objects.filter(round=council).select_related("member__user", "round"):
        services.assignment_score(assignment=a, actor=a.member.user, values={council.criteria.get().pk: D(5)})
    with django_assert_num_queries(3):
        rows = selectors.round_results(council)
    assert len(rows) == 24 and all(r.rank == 1 for r in rows)


def test_a_superuser_neither_closes_nor_scores_for_the_council(started, pool):
    admin = UserFactory(unit=None, is_superuser=True)
    with pytest.raises(services.CouncilError):
        services.round_close(council_round=started, actor=admin)
    with pytest.raises(services.CouncilError):
        services.assignment_score(assignment=active(started, pool["hospital_b"])[0], actor=admin,
                                  values={c.pk: D(5) for c in started.criteria.all()})
