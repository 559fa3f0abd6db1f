"""What scripts/usability_figures.py makes of Lighthouse's reports, and the settings it serves the portal with."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import usability_figures as figures  # noqa: E402 - the script's own folder, put on the path above


def _audit(score, weight=1, items=None, mode="binary"):
    return {"score": score, "scoreDisplayMode": mode, "displayValue": "", "details": {"items": items or []}}, weight


def _report(performance=0.99, audits=None):
    audits = audits or {}
    return {
        "categories": {
            "accessibility": {"score": 1, "auditRefs": []},
            "best-practices": {"score": 1, "auditRefs": []},
            "performance": {
                "score": performance,
                "auditRefs": [{"id": key, "weight": weight} for key, (_audit, weight) in audits.items()],
            },
        },
        "audits": {key: audit for key, (audit, _weight) in audits.items()},
    }


def test_a_category_below_its_target_lists_the_audits_that_lose_points():
    report = _report(0.8, {"total-blocking-time": _audit(0.4, weight=30), "speed-index": _audit(1, weight=10)})
    scores, failing, _flagged = figures.lighthouse_figures(report)
    assert scores["performance"] == 80
    assert [a["id"] for a in failing["performance"]] == ["total-blocking-time"]


def test_a_category_at_its_target_lists_no_failing_audit():
    report = _report(0.96, {"total-blocking-time": _audit(0.8, weight=30)})
    _scores, failing, _flagged = figures.lighthouse_figures(report)
    assert failing == {}


def test_an_audit_without_weight_is_reported_as_flagged_whatever_the_score():
    report = _report(1, {"unused-css-rules": _audit(0.5, weight=0, mode="metricSavings")})
    _scores, _failing, flagged = figures.lighthouse_figures(report)
    assert [a["id"] for a in flagged] == ["unused-css-rules"]


def test_an_audit_whose_details_are_a_tree_lists_no_items():
    tree = {"chains": {"1": {"url": "http://127.0.0.1/"}}}
    assert figures.audit_items({"details": {"items": tree}}) == []


def test_an_audit_names_the_elements_it_points_at():
    node = {"node": {"selector": "main > form > input", "snippet": '<input name="title">'}}
    assert figures.audit_items({"details": {"items": [node]}}) == ['main > form > input <input name="title">']


def test_the_run_of_median_performance_is_kept():
    runs = [_report(0.71), _report(1.0), _report(0.98)]
    assert figures.median_run(runs)["categories"]["performance"]["score"] == 0.98


def test_the_portal_is_served_with_debug_off_and_plain_http_allowed():
    env = figures.production_environment("postgres://postgres@127.0.0.1:5432/figures")
    assert env["DEBUG"] == "false"
    assert env["SECURE_SSL_REDIRECT"] == "false"
    assert env["SECRET_KEY"]
    assert "REDIS_URL" not in env


def test_every_page_is_measured_when_none_is_named():
    assert figures.pages_named(None) == figures.PAGES


def test_only_the_named_pages_are_measured_in_the_list_order():
    assert [p.key for p in figures.pages_named("report, dashboard")] == ["dashboard", "report"]


def test_an_unknown_page_name_is_refused():
    with pytest.raises(ValueError, match="dashbord"):
        figures.pages_named("dashbord")
