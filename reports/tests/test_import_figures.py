"""Imported archives follow the counting rules: a rejected or withdrawn initiative counts toward no
target, and the author's position feeds the figures by position."""

import datetime as dt

from reports.selectors import totals_as_of
from reports.services import aggregates_recompute
from submissions.tests.test_import_archive import archive, archive_row
from submissions.tests.test_imports import run_import


def test_rejected_and_withdrawn_imports_do_not_count_toward_received(upper_officer, programme, tree):
    rows = [archive_row(f"Sáng kiến {status}", status, positions=positions, reason=reason, comment=comment)
            for status, positions, reason, comment in (
                ("submitted", "không,có", "", ""), ("verified", "có,không", "", ""), ("approved", "không,x", "", ""),
                ("returned", ",", "", "Thiếu bản vẽ"), ("rejected", "không,có", "duplicate", ""),
                ("withdrawn", ",x", "", ""))]
    assert run_import(archive(*rows), upper_officer).rows_created == 6
    aggregates_recompute()
    totals = totals_as_of(tree["ba_dinh"].pk, dt.date(2022, 3, 15))
    assert {name: totals[name] for name in ("received", "approved", "rejected", "withdrawn", "returned",
                                            "non_management", "direct_production")} == {
        "received": 4, "approved": 1, "rejected": 1, "withdrawn": 1, "returned": 1,
        "non_management": 3, "direct_production": 2}
