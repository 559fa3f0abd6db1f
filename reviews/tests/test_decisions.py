"""Every officer transition × role × in scope / out of scope, through the one service."""

import pytest

from reviews.models import Decision, Notification
from reviews.services import TransitionError, initiative_decide, initiative_mark_exemplary

# The matrix takes its fixtures by name at run time; the mark tells pytest-django it uses the
# database, so it is ordered before transactional tests (whose flush empties migrated data).
pytestmark = pytest.mark.django_db

ROLES = ["worker", "other_worker", "school_officer", "hospital_officer", "upper_officer", "province_officer",
         "province_staff", "thanh_hoa_officer"]

# Who may take each action from each state; everyone else is refused.
ALLOWED = {
    ("submitted", "verify"): {"school_officer"},
    ("submitted", "return"): {"school_officer"},
    ("submitted", "reject"): {"school_officer"},
    ("submitted", "approve"): set(),
    ("verified", "approve"): {"upper_officer", "province_officer"},
    ("verified", "return"): {"upper_officer", "province_officer"},
    ("verified", "reject"): {"upper_officer", "province_officer"},
    ("verified", "verify"): set(),
    ("approved", "return"): set(),
    ("approved", "reject"): set(),
}
CASES = [(state, action, role) for (state, action) in ALLOWED for role in ROLES]


@pytest.mark.parametrize(("state", "action", "role"), CASES)
def test_transition_matrix(request, state, action, role):
    initiative = request.getfixturevalue(state)
    actor = request.getfixturevalue(role)
    before = Decision.objects.count()
    kwargs = {"comment": "Cần bổ sung số liệu", "reason": "incomplete"}
    if (state, action) in ALLOWED and role in ALLOWED[(state, action)]:
        initiative_decide(initiative=initiative, action=action, actor=actor, **kwargs)
        initiative.refresh_from_db()
        expected = {"verify": "verified", "approve": "approved", "return": "returned", "reject": "rejected"}[action]
        assert initiative.status == expected
        assert Decision.objects.count() == before + 1
    else:
        with pytest.raises(TransitionError):
            initiative_decide(initiative=initiative, action=action, actor=actor, **kwargs)
        initiative.refresh_from_db()
        assert initiative.status == state
        assert Decision.objects.count() == before


def test_decision_records_role_unit_and_comment(submitted, school_officer, tree):
    initiative_decide(initiative=submitted, action="return", actor=school_officer, comment="Bổ sung ảnh minh họa")
    decision = submitted.decisions.last()
    assert (decision.actor, decision.actor_role, decision.actor_unit) == (school_officer, "officer", tree["school"])
    assert (decision.from_status, decision.to_status, decision.comment) == ("submitted", "returned",
                                                                           "Bổ sung ảnh minh họa")


def test_approval_records_closest_unit_above(verified, upper_officer, tree):
    initiative_decide(initiative=verified, action="approve", actor=upper_officer)
    assert verified.decisions.last().actor_unit == tree["ba_dinh"]


def test_return_without_comment_is_refused(submitted, school_officer):
    with pytest.raises(TransitionError, match="bổ sung gì"):
        initiative_decide(initiative=submitted, action="return", actor=school_officer, comment="  ")
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_reject_without_reason_is_refused(submitted, school_officer):
    with pytest.raises(TransitionError, match="lý do"):
        initiative_decide(initiative=submitted, action="reject", actor=school_officer)


def test_reject_for_other_reason_needs_comment(submitted, school_officer):
    with pytest.raises(TransitionError, match="lý do khác"):
        initiative_decide(initiative=submitted, action="reject", actor=school_officer, reason="other")


def test_reject_records_reason(submitted, school_officer):
    initiative_decide(initiative=submitted, action="reject", actor=school_officer, reason="duplicate")
    assert submitted.decisions.last().reason == "duplicate"


def test_author_may_withdraw_verified_but_not_approved(verified, approved, worker):
    from reviews.services import initiative_withdraw

    with pytest.raises(TransitionError):
        initiative_withdraw(initiative=approved, actor=worker)


def test_province_staff_marks_approved_initiative_exemplary(approved, province_staff):
    initiative_mark_exemplary(initiative=approved, actor=province_staff, exemplary=True)
    approved.refresh_from_db()
    assert approved.is_exemplary
    assert approved.decisions.last().action == "mark_exemplary"


@pytest.mark.parametrize("role", ["school_officer", "upper_officer", "thanh_hoa_officer", "worker"])
def test_others_cannot_mark_exemplary(request, approved, role):
    with pytest.raises(TransitionError):
        initiative_mark_exemplary(initiative=approved, actor=request.getfixturevalue(role), exemplary=True)


def test_verified_initiative_cannot_be_marked_exemplary(verified, province_staff):
    with pytest.raises(TransitionError):
        initiative_mark_exemplary(initiative=verified, actor=province_staff, exemplary=True)


def test_author_is_notified_of_each_officer_decision(approved, worker):
    actions = list(Notification.objects.filter(recipient=worker).values_list("decision__action", flat=True))
    assert sorted(actions) == ["approve", "verify"]


def test_author_is_not_notified_of_own_submission(submitted, worker):
    assert not Notification.objects.filter(recipient=worker).exists()


def test_officer_who_entered_for_worker_without_account_is_notified(tree, programme, school_officer, upper_officer):
    from reviews.services import initiative_submit
    from submissions.tests.factories import InitiativeFactory

    initiative = InitiativeFactory(submitter=None, entered_by=school_officer, unit=tree["school"], author_name="A")
    initiative_submit(initiative=initiative, actor=school_officer)
    initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    initiative_decide(initiative=initiative, action="approve", actor=upper_officer)
    assert list(Notification.objects.filter(recipient=school_officer).values_list("decision__action", flat=True)) == [
        "approve"
    ]
