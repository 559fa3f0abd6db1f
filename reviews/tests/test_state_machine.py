import pytest

from reviews.models import Decision, ImmutableRecord
from reviews.services import TransitionError, initiative_submit, initiative_transition, initiative_withdraw
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory


@pytest.fixture
def submitted(worker, programme):
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    return initiative


def test_withdrawing_a_draft_is_refused_with_message(worker, programme):
    initiative = InitiativeFactory(submitter=worker)
    with pytest.raises(TransitionError, match="Không thể thực hiện"):
        initiative_withdraw(initiative=initiative, actor=worker)
    assert not Decision.objects.exists()


def test_stale_copy_cannot_transition_twice(submitted, worker):
    stale = Initiative.objects.get(pk=submitted.pk)
    initiative_withdraw(initiative=submitted, actor=worker)
    with pytest.raises(TransitionError, match="vừa được người khác xử lý"):
        initiative_transition(initiative=stale, action="verify", actor=worker, actor_role="officer")
    assert Initiative.objects.get(pk=submitted.pk).status == "withdrawn"
    assert Decision.objects.filter(initiative=submitted).count() == 2


def test_decision_cannot_be_changed(submitted):
    decision = Decision.objects.get()
    decision.comment = "sửa lịch sử"
    with pytest.raises(ImmutableRecord):
        decision.save()


def test_decision_cannot_be_deleted(submitted):
    with pytest.raises(ImmutableRecord):
        Decision.objects.get().delete()


def test_submit_requires_profile_unit_and_category(tree, programme):
    from accounts.tests.factories import UserFactory

    user = UserFactory(unit=tree["school"], category="")
    initiative = InitiativeFactory(submitter=user)
    with pytest.raises(TransitionError, match="hồ sơ"):
        initiative_submit(initiative=initiative, actor=user)
    initiative.refresh_from_db()
    assert initiative.status == "draft"


def test_submit_snapshots_profile_at_that_moment(worker, tree, programme):
    initiative = InitiativeFactory(submitter=worker)
    worker.unit = tree["hospital"]
    worker.holds_management_post = True
    worker.save()
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    assert initiative.unit == tree["hospital"]
    assert initiative.holds_management_post is True


def test_moving_worker_after_submission_keeps_initiative_in_old_unit(submitted, worker, tree):
    worker.unit = tree["hospital"]
    worker.save()
    submitted.refresh_from_db()
    assert submitted.unit == tree["school"]


def test_database_refuses_bulk_update_of_decisions(submitted):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(initiative=submitted).update(comment="sửa lịch sử")
    assert Decision.objects.get().comment == ""


def test_database_refuses_bulk_delete_of_decisions(submitted):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(initiative=submitted)._raw_delete(Decision.objects.db)
    assert Decision.objects.count() == 1
