"""The backlog figures read from hand-made rows (``backlog_rows``), computed by hand.

The rows, as the recompute would leave them on 10/06/2022 (dates below are June 2022
unless said; "s1" waits for verification, "s2" for approval):

waiting now:
- school (TLD → Hà Nội → Ba Đình → school): s1 started 01/06 due 11/06: 3;
  s1 started 25/05 due 04/06: 2; s2 started 03/06 due 18/06: 1
- hospital (beside the school): s1 started 08/06 due 18/06: 4
- factory (TLD → Thanh Hóa → factory: one level less): s2 started 20/05 due 04/06: 5;
  s1 started 09/06 due 19/06: 1

flows (day, kind, started → due, n):
- a school s1 03/06 advanced 28/05 → 07/06: 1 (6 days to verify)
- b school s1 07/06 advanced 01/06 → 11/06: 1 (6 days)
- c hospital s1 09/06 advanced 31/05 → 10/06: 2 (9 days)
- d factory s1 02/06 advanced 31/05 → 10/06: 1 (2 days)
- e factory s2 07/06 advanced 27/05 → 11/06: 2 (11 days to approve)
- f school s2 08/06 advanced 03/06 → 18/06: 1 (5 days)
- g school s1 01/06 arrived 01/06 → 11/06: 4
- h school s2 03/06 arrived 03/06 → 18/06: 2
- i hospital s1 08/06 arrived 08/06 → 18/06: 4
- j hospital s1 06/06 left 30/05 → 09/06: 2 (returned)
- k factory s1 09/06 arrived 09/06 → 19/06: 1

On 10/06 (no flow after it): the federation waits s1 3+2+4+1 = 10 (overdue, due before
10/06: the school's 2), s2 1+5 = 6 (overdue: the factory's 5); the oldest since 20/05,
21 days. Hà Nội: s1 9 (2 overdue), s2 1 (0), oldest since 25/05: 16 days.

On 05/06, the flows after it undone (b +1, c +2, e +2, f +1, i −4, j +2, k −1): school s1
3+1+2 = 6 (2 overdue), s2 1+1 = 2; hospital s1 4−4+2+2 = 4 (none overdue: due 09/06 and
10/06), oldest 30/05; factory s1 1−1 = 0, s2 5+2 = 7 (5 overdue). So the federation s1 10
(2), s2 9 (5), oldest 20/05: 16 days; Hà Nội s1 10 (2), s2 2 (0), oldest 25/05: 11 days;
Thanh Hóa s1 0, s2 7 (5), oldest 16 days.

Days to verify up to 10/06: the federation 2, 6, 6, 9, 9 (median 6), Hà Nội 6, 6, 9, 9
(median 7,5), Thanh Hóa 2; days to approve: the federation 5, 11, 11 (median 11), Hà
Nội 5, Thanh Hóa 11, 11.
"""

import datetime as dt
from decimal import Decimal

import pytest

from reports.backlog import Backlog, children_backlog, unit_backlog
from unions.tests.factories import UnitFactory

from .backlog_rows import ADVANCED, ARRIVED, LEFT, figures_current, flow, waiting

pytestmark = pytest.mark.django_db


def june(day: int) -> dt.date:
    return dt.date(2022, 6, day)


def may(day: int) -> dt.date:
    return dt.date(2022, 5, day)


@pytest.fixture
def rows(tree):
    school, hospital, factory = tree["school"], tree["hospital"], tree["factory"]
    waiting(school, 1, june(1), june(11), 3)
    waiting(school, 1, may(25), june(4), 2)
    waiting(school, 2, june(3), june(18), 1)
    waiting(hospital, 1, june(8), june(18), 4)
    waiting(factory, 2, may(20), june(4), 5)
    waiting(factory, 1, june(9), june(19), 1)
    flow(school, 1, june(3), ADVANCED, may(28), june(7), 1)
    flow(school, 1, june(7), ADVANCED, june(1), june(11), 1)
    flow(hospital, 1, june(9), ADVANCED, may(31), june(10), 2)
    flow(factory, 1, june(2), ADVANCED, may(31), june(10), 1)
    flow(factory, 2, june(7), ADVANCED, may(27), june(11), 2)
    flow(school, 2, june(8), ADVANCED, june(3), june(18), 1)
    flow(school, 1, june(1), ARRIVED, june(1), june(11), 4)
    flow(school, 2, june(3), ARRIVED, june(3), june(18), 2)
    flow(hospital, 1, june(8), ARRIVED, june(8), june(18), 4)
    flow(hospital, 1, june(6), LEFT, may(30), june(9), 2)
    flow(factory, 1, june(9), ARRIVED, june(9), june(19), 1)
    figures_current()
    return tree


def counts(b: Backlog) -> tuple:
    return b.awaiting_verify, b.overdue_verify, b.awaiting_approve, b.overdue_approve, b.oldest_waiting_days


def test_the_federation_on_the_day_of_the_rows_sums_every_unit_below_it(rows):
    assert counts(unit_backlog(rows["tld"], june(10))) == (10, 2, 6, 5, 21)


def test_a_province_four_levels_deep_and_one_three_levels_deep_hold_their_own_subtrees(rows):
    assert counts(unit_backlog(rows["ha_noi"], june(10))) == (9, 2, 1, 0, 16)
    assert counts(unit_backlog(rows["ba_dinh"], june(10))) == (9, 2, 1, 0, 16)
    assert counts(unit_backlog(rows["thanh_hoa"], june(10))) == (1, 0, 5, 5, 21)
    assert counts(unit_backlog(rows["factory"], june(10))) == (1, 0, 5, 5, 21)


def test_an_earlier_day_undoes_the_arrivals_and_departures_after_it(rows):
    assert counts(unit_backlog(rows["tld"], june(5))) == (10, 2, 9, 5, 16)
    assert counts(unit_backlog(rows["ha_noi"], june(5))) == (10, 2, 2, 0, 11)
    assert counts(unit_backlog(rows["hospital"], june(5))) == (4, 0, 0, 0, 6)


def test_the_oldest_waiting_leaves_out_the_stays_that_had_not_begun_on_the_day(rows):
    # Thanh Hóa's stage-1 initiative arrived on 09/06: on 05/06 only the approvals waited.
    assert counts(unit_backlog(rows["thanh_hoa"], june(5))) == (0, 0, 7, 5, 16)


def test_an_initiative_is_overdue_from_the_day_after_it_is_due(rows):
    # The school's 2 are due on 04/06: not overdue on that day, overdue on the next.
    assert unit_backlog(rows["ba_dinh"], june(4)).overdue_verify == 0
    assert unit_backlog(rows["ba_dinh"], june(5)).overdue_verify == 2


def test_a_later_day_than_the_rows_makes_more_of_them_overdue_without_rewriting_them(rows):
    # On 19/06 everything still waiting is past due but the factory's stage-1 one (due 19/06).
    assert counts(unit_backlog(rows["tld"], june(19))) == (10, 9, 6, 6, 30)


def test_a_unit_with_nothing_waiting_has_no_oldest_and_no_medians(rows):
    empty = UnitFactory(parent=rows["thanh_hoa"], code="P38-G0002")
    b = unit_backlog(empty, june(10))
    assert b == Backlog(0, 0, 0, 0, None, None, None)


def test_the_median_of_an_odd_count_is_the_middle_value(rows):
    b = unit_backlog(rows["tld"], june(10))
    assert (b.median_days_to_verify, b.median_days_to_approve) == (Decimal(6), Decimal(11))


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_values(rows):
    b = unit_backlog(rows["ha_noi"], june(10))
    assert (b.median_days_to_verify, b.median_days_to_approve) == (Decimal("7.5"), Decimal(5))


def test_the_medians_count_only_the_decisions_in_the_period(rows):
    # From 08/06: verified c (9, 9); approved f (5). Thanh Hóa decided nothing then.
    b = unit_backlog(rows["tld"], june(10), since=june(8))
    assert (b.median_days_to_verify, b.median_days_to_approve) == (Decimal(9), Decimal(5))
    thanh_hoa = unit_backlog(rows["thanh_hoa"], june(10), since=june(8))
    assert (thanh_hoa.median_days_to_verify, thanh_hoa.median_days_to_approve) == (None, None)


def test_the_medians_stop_at_the_day_asked_for(rows):
    # Up to 05/06: verified d (2) and a (6), mean of the two: 4; nothing approved yet.
    b = unit_backlog(rows["tld"], june(5))
    assert (b.median_days_to_verify, b.median_days_to_approve) == (Decimal(4), None)


def test_the_children_get_the_same_figures_as_each_alone(rows):
    children = children_backlog(rows["tld"], june(5))
    assert set(children) == {rows["ha_noi"].pk, rows["thanh_hoa"].pk}
    for child in ("ha_noi", "thanh_hoa"):
        assert children[rows[child].pk] == unit_backlog(rows[child], june(5))


def test_the_children_are_read_in_the_same_few_queries_however_many_there_are(rows, django_assert_num_queries):
    # The current set, the children, the waiting on the day, the days to decide.
    with django_assert_num_queries(4):
        children_backlog(rows["tld"], june(5))
    for n in range(3):
        UnitFactory(parent=rows["tld"], code=f"P9{n}")
    with django_assert_num_queries(4):
        assert len(children_backlog(rows["tld"], june(6))) == 5


def test_the_figures_are_read_once_per_aggregate_set(rows, django_assert_num_queries):
    unit_backlog(rows["tld"], june(10))
    with django_assert_num_queries(1):  # the current set, to name the cache entry
        assert counts(unit_backlog(rows["tld"], june(10))) == (10, 2, 6, 5, 21)
    waiting(rows["school"], 1, june(10), june(20), 1)
    assert unit_backlog(rows["tld"], june(10)).awaiting_verify == 10
    figures_current()
    assert unit_backlog(rows["tld"], june(10)).awaiting_verify == 11


def test_no_figures_before_the_first_recompute(tree):
    assert unit_backlog(tree["tld"], june(10)) is None
    assert children_backlog(tree["tld"], june(10)) == {}
