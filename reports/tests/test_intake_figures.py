"""A benefit typed on the intake form reaches the dashboard in full."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.selectors import unit_dashboard
from reports.services import aggregates_recompute
from submissions.tests.conftest import form_data  # noqa: F401  (a fixture of the intake form)


@pytest.fixture
def logged_in(client, worker, programme):
    client.force_login(worker)
    return client


def test_a_benefit_typed_grouped_counts_in_full_on_the_dashboard(logged_in, form_data, school_officer, tree):  # noqa: F811
    logged_in.post(reverse("submissions:create"), form_data(benefit_vnd="250.000.000", submit="1"))
    aggregates_recompute()
    assert unit_dashboard(tree["school"], timezone.localdate()).totals["benefit_vnd"] == 250_000_000
    logged_in.force_login(school_officer)
    page = logged_in.get(reverse("reports:dashboard", args=[tree["school"].code])).content.decode()
    assert "250.000.000" in page
