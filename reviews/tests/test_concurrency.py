"""Two officers deciding the same initiative at the same moment, on two PostgreSQL connections."""

import threading

import pytest
from django.db import connections

from reviews.models import Decision
from reviews.services import TransitionError, initiative_decide, initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_exactly_one_of_two_simultaneous_decisions_wins(worker, school_officer, programme):
    from accounts.tests.factories import UserFactory
    from unions.tests.factories import AppointmentFactory

    second_officer = UserFactory(unit=worker.unit, full_name="Cán bộ thứ hai")
    AppointmentFactory(user=second_officer, unit=worker.unit, role="officer")
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(officer, action):
        try:
            copy = Initiative.objects.select_related("unit").get(pk=initiative.pk)
            barrier.wait(timeout=10)
            initiative_decide(initiative=copy, action=action, actor=officer, comment="Trả lại để bổ sung")
            outcomes.append("won")
        except TransitionError as error:
            outcomes.append(f"lost: {error.message}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(school_officer, "verify")),
               threading.Thread(target=decide, args=(second_officer, "return"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["lost", "won"]
    assert "vừa được người khác xử lý" in [o for o in outcomes if o.startswith("lost")][0]
    assert Decision.objects.filter(initiative=initiative).exclude(action="submit").count() == 1
