"""The progress API's ``exceeded_percent``: how far a target is exceeded, rounded as ``percent`` is."""

from django.urls import reverse

from campaign.models import UnitTarget
from reports.services import aggregates_recompute

from .test_figures import AS_OF, scenario, staff  # noqa: F401 - fixtures


def _targets(client, staff, code):  # noqa: F811 - the fixture, by name
    client.force_login(staff)
    data = client.get(reverse("reports:api_progress"), {"unit": code, **AS_OF}).json()
    return {t["phase"]: t for t in data["targets"]}, data


def test_a_target_exceeded_by_more_than_its_size_gives_a_whole_percent(client, staff):  # noqa: F811
    targets, _data = _targets(client, staff, "TLD")
    # 697 of 300: 397 over, 132,3% → 132 (from 100% up, whole).
    assert (targets["phase-1"]["exceeded_by"], targets["phase-1"]["exceeded_percent"]) == (397, 132.0)


def test_a_target_exceeded_a_little_gives_one_decimal(client, staff):  # noqa: F811
    targets, _data = _targets(client, staff, "P01")
    # 56 of 52: 4 over, 7,69% → 7,7.
    assert (targets["phase-1"]["exceeded_by"], targets["phase-1"]["exceeded_percent"]) == (4, 7.7)


def test_a_target_not_reached_has_no_exceeded_percent(client, staff):  # noqa: F811
    targets, _data = _targets(client, staff, "P01")
    assert (targets["overall"]["exceeded_by"], targets["overall"]["exceeded_percent"]) == (0, None)


def test_a_target_of_zero_has_no_exceeded_percent(client, staff, scenario):  # noqa: F811
    UnitTarget.objects.create(unit=scenario["thanh_hoa"], phase="overall", assigned=0)
    aggregates_recompute()
    targets, _data = _targets(client, staff, "P38")
    assert targets["overall"]["exceeded_by"] > 0
    assert (targets["overall"]["percent"], targets["overall"]["exceeded_percent"]) == (None, None)


def test_each_childs_targets_carry_exceeded_percent(client, staff):  # noqa: F811
    _targets_of_tld, data = _targets(client, staff, "TLD")
    child = next(c for c in data["children"] if c["code"] == "P01")
    assert {t["phase"]: t["exceeded_percent"] for t in child["targets"]} == {"phase-1": 7.7, "overall": None}
