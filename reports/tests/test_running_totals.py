"""Each unit's running totals (``RunningTotal``) kept by the recompute, and the workbook's
subtree figures read from them.

The scenario of ``conftest.py``: Ba Đình received 3 on 01/03/2022 (one approved), 1 on
31/05 and 1 on 02/06; Cầu Giấy 2 on 10/06 (a third withdrawn on 11/06, not counted) and 1
on 20/06. A day on which neither figure moved (the withdrawal's) is not kept.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Sum

from reports.models import DailyCount, RunningTotal
from reports.selectors import subtree_figures_sql
from reports.services import aggregates_recompute
from reports.tests.running_total_rows import running_totals, running_totals_from_daily_rows
from reports.tests.test_recompute import HANOI, submit_at
from unions.enums import UnitKind
from unions.models import Unit

D = dt.date


def test_a_units_running_totals_hold_its_received_and_approved_up_to_each_day(scenario, tree):
    ba_dinh = RunningTotal.objects.get(unit=tree["ba_dinh"])

    assert ba_dinh.days == [D(2022, 3, 1), D(2022, 5, 31), D(2022, 6, 2)]
    assert ba_dinh.received == [3, 4, 5]
    assert ba_dinh.approved == [1, 1, 1]


def test_a_day_on_which_neither_figure_moved_is_not_kept(scenario):
    cau_giay = RunningTotal.objects.get(unit__code="P01-U002")

    assert cau_giay.days == [D(2022, 6, 10), D(2022, 6, 20)]
    assert cau_giay.received == [2, 3]
    assert cau_giay.approved == [0, 0]


def test_a_unit_without_a_counted_initiative_has_no_running_totals(scenario, tree):
    assert not RunningTotal.objects.filter(unit=tree["thanh_hoa"]).exists()


def test_the_full_recompute_keeps_the_running_totals_equal_to_the_daily_rows(scenario):
    assert running_totals() == running_totals_from_daily_rows()


def test_a_full_recompute_after_changes_rewrites_the_running_totals_of_the_units_they_touched(
        scenario, tree, worker):
    submit_at(worker, dt.datetime(2022, 4, 1, 9, tzinfo=HANOI))

    assert aggregates_recompute(full=True).full

    assert running_totals() == running_totals_from_daily_rows()
    assert RunningTotal.objects.get(unit=tree["ba_dinh"]).received == [3, 4, 5, 6]
    assert RunningTotal.objects.get(unit=tree["ba_dinh"]).days[1] == D(2022, 4, 1)


def test_a_periodic_recompute_re_sums_the_days_from_the_first_it_changed_and_keeps_those_before(scenario, tree,
                                                                                                 worker):
    submit_at(worker, dt.datetime(2022, 4, 1, 9, tzinfo=HANOI))

    assert not aggregates_recompute().full

    ba_dinh = RunningTotal.objects.get(unit=tree["ba_dinh"])
    assert ba_dinh.days == [D(2022, 3, 1), D(2022, 4, 1), D(2022, 5, 31), D(2022, 6, 2)]
    assert (ba_dinh.received, ba_dinh.approved) == ([3, 4, 5, 6], [1, 1, 1, 1])
    assert running_totals() == running_totals_from_daily_rows()


def subtree_figures(unit: Unit, day: dt.date) -> dict[str, tuple[int, int]]:
    sql, params = subtree_figures_sql(unit, day, kind_labels={kind.value: kind.value for kind in UnitKind})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[1]: (row[7], row[8]) for row in cursor.fetchall()}


@pytest.mark.parametrize("day", [D(2022, 2, 28), D(2022, 3, 1), D(2022, 5, 30), D(2022, 6, 11), D(2022, 6, 20),
                                 D(2030, 1, 1)])
def test_the_subtree_figures_as_of_any_day_are_the_sums_of_the_daily_rows_up_to_it(scenario, tree, day):
    sums = {
        row["unit__code"]: (row["received"], row["approved"])
        for row in DailyCount.objects.filter(day__lte=day).values("unit__code").annotate(
            received=Sum("received"), approved=Sum("approved"))
    }

    figures = subtree_figures(tree["tld"], day)

    assert figures == {code: sums.get(code, (0, 0)) for code in Unit.objects.values_list("code", flat=True)}
