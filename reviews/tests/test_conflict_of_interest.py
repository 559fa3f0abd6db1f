"""Nobody decides an initiative they are a party to, and the verifier never decides its stage 2.

The author and a co-author linked to their account are parties; the officer who entered
an initiative for a worker is not (the paper workflow). Each refusal writes nothing and
is recorded as a ``decision_refused`` log event.
"""

import logging
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from reviews import rules as review_rules
from reviews.enums import ConflictOfInterest
from reviews.models import Decision
from reviews.selectors import review_scope
from reviews.services import (
    ConflictOfInterestError,
    initiative_decide,
    initiative_submit,
    initiatives_bulk_decide,
)
from submissions import services as submission_services
from submissions.models import CoAuthor
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory


def _submitted(author, **fields):
    initiative = InitiativeFactory(submitter=author, **fields)
    initiative_submit(initiative=initiative, actor=author)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def own(school_officer, programme):
    """An initiative the school's officer wrote themselves, waiting for the school's verification."""
    return _submitted(school_officer, title="Sổ theo dõi công văn điện tử")


@pytest.fixture
def co_authored(worker, school_officer, programme):
    """A worker's initiative with the school's officer as a co-author linked to their account."""
    initiative = InitiativeFactory(submitter=worker, title="Bảng điểm trực tuyến", author_contribution=Decimal("60"))
    CoAuthor.objects.create(initiative=initiative, full_name=school_officer.full_name, contribution=Decimal("40"),
                            account=school_officer)
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def two_level_officer(school_officer, tree):
    """The school's officer, also an officer of Ba Đình above it."""
    AppointmentFactory(user=school_officer, unit=tree["ba_dinh"], role="officer")
    return school_officer


def _refusals(caplog) -> list[dict]:
    return [
        {"actor_id": r.actor_id, "initiative_id": r.initiative_id, "action": r.action, "reason": r.reason}
        for r in caplog.records
        if getattr(r, "event", None) == "decision_refused"
    ]


# --- the author ------------------------------------------------------------------------------


def test_an_officer_cannot_verify_an_initiative_they_wrote(own, school_officer):
    with pytest.raises(ConflictOfInterestError) as refused:
        initiative_decide(initiative=own, action="verify", actor=school_officer)
    assert refused.value.message == ConflictOfInterest.AUTHOR.label


@pytest.mark.parametrize("action", ["return", "reject"])
def test_an_officer_cannot_return_or_reject_an_initiative_they_wrote(own, school_officer, action):
    with pytest.raises(ConflictOfInterestError):
        initiative_decide(initiative=own, action=action, actor=school_officer, comment="Bổ sung", reason="other")


def test_a_refused_decision_writes_nothing(own, school_officer):
    with pytest.raises(ConflictOfInterestError):
        initiative_decide(initiative=own, action="verify", actor=school_officer)
    own.refresh_from_db()
    assert (own.status, Decision.objects.filter(initiative=own).exclude(action="submit").count()) == ("submitted", 0)


def test_a_superuser_cannot_verify_an_initiative_they_wrote(tree, programme):
    admin = UserFactory(unit=tree["school"], is_superuser=True, is_staff=True)
    initiative = _submitted(admin)
    with pytest.raises(ConflictOfInterestError):
        initiative_decide(initiative=initiative, action="verify", actor=admin)


def test_an_officer_at_two_levels_cannot_approve_an_initiative_they_wrote(own, two_level_officer, hospital_officer,
                                                                          tree):
    AppointmentFactory(user=hospital_officer, unit=tree["school"], role="officer")
    initiative_decide(initiative=own, action="verify", actor=hospital_officer)
    own.refresh_from_db()
    with pytest.raises(ConflictOfInterestError) as refused:
        initiative_decide(initiative=own, action="approve", actor=two_level_officer)
    assert refused.value.message == ConflictOfInterest.AUTHOR.label


# --- a co-author linked to their account -----------------------------------------------------


def test_a_co_author_with_an_account_cannot_verify_the_initiative(co_authored, school_officer):
    with pytest.raises(ConflictOfInterestError) as refused:
        initiative_decide(initiative=co_authored, action="verify", actor=school_officer)
    assert refused.value.message == ConflictOfInterest.CO_AUTHOR.label


def test_a_co_author_keeps_their_account_when_the_author_edits_the_initiative(worker, school_officer, programme):
    draft = InitiativeFactory(submitter=worker, author_contribution=Decimal("60"))
    CoAuthor.objects.create(initiative=draft, full_name="Lê Văn Cường", contribution=Decimal("40"),
                            account=school_officer)
    submission_services.initiative_update(
        initiative=draft, by=worker, data={"summary": "Tóm tắt mới."},
        co_authors=[{"full_name": "Lê Văn Cường", "contribution": Decimal("40")}], submit=True,
    )
    draft.refresh_from_db()
    with pytest.raises(ConflictOfInterestError):
        initiative_decide(initiative=draft, action="verify", actor=school_officer)


# --- the verifier at stage 2 -----------------------------------------------------------------


def test_an_officer_at_two_levels_cannot_approve_what_they_verified(submitted, two_level_officer):
    initiative_decide(initiative=submitted, action="verify", actor=two_level_officer)
    submitted.refresh_from_db()
    with pytest.raises(ConflictOfInterestError) as refused:
        initiative_decide(initiative=submitted, action="approve", actor=two_level_officer)
    assert refused.value.message == ConflictOfInterest.VERIFIER.label
    submitted.refresh_from_db()
    assert submitted.status == "verified"


def test_an_officer_at_two_levels_cannot_return_at_stage_2_what_they_verified(submitted, two_level_officer):
    initiative_decide(initiative=submitted, action="verify", actor=two_level_officer)
    submitted.refresh_from_db()
    with pytest.raises(ConflictOfInterestError):
        initiative_decide(initiative=submitted, action="return", actor=two_level_officer, comment="Bổ sung")


def test_an_officer_at_two_levels_approves_what_another_officer_verified(submitted, two_level_officer,
                                                                         hospital_officer, tree):
    AppointmentFactory(user=hospital_officer, unit=tree["school"], role="officer")
    initiative_decide(initiative=submitted, action="verify", actor=hospital_officer)
    submitted.refresh_from_db()
    initiative_decide(initiative=submitted, action="approve", actor=two_level_officer)
    submitted.refresh_from_db()
    assert submitted.status == "approved"


# --- the officer who entered it on a worker's behalf -----------------------------------------


def test_an_officer_who_entered_an_initiative_for_a_worker_may_verify_it(worker, school_officer, programme):
    initiative = InitiativeFactory(submitter=worker, entered_by=school_officer)
    initiative_submit(initiative=initiative, actor=school_officer)
    initiative.refresh_from_db()
    initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    initiative.refresh_from_db()
    assert initiative.status == "verified"


def test_an_officer_who_entered_an_initiative_for_a_worker_without_account_may_verify_it(school_officer, tree,
                                                                                       programme):
    initiative = InitiativeFactory(submitter=None, entered_by=school_officer, unit=tree["school"],
                                   author_name="Hoàng Văn Nam")
    initiative_submit(initiative=initiative, actor=school_officer)
    initiative.refresh_from_db()
    assert school_officer.has_perm("reviews.verify_initiative", initiative)


# --- the predicates --------------------------------------------------------------------------


def test_the_author_is_a_party_and_the_officer_who_entered_it_is_not(worker, school_officer, programme):
    initiative = InitiativeFactory(submitter=worker, entered_by=school_officer)
    initiative_submit(initiative=initiative, actor=school_officer)
    initiative.refresh_from_db()
    assert (review_rules.is_party(worker, initiative), review_rules.is_party(school_officer, initiative)) == (True,
                                                                                                           False)


def test_the_rules_refuse_the_author_every_officer_action(own, school_officer):
    assert review_rules.decidable_actions(school_officer, own) == []
    assert not any(
        school_officer.has_perm(perm, own) for perm in review_rules.DECISION_PERMISSIONS.values()
    )


def test_a_unit_probe_of_an_import_has_no_conflict(two_level_officer, tree):
    """An archive import asks the rules about an unsaved initiative of each unit: it records
    decisions taken elsewhere, and the rule about parties does not apply to it."""
    from submissions.models import Initiative

    probe = Initiative(unit=tree["school"], status="verified")
    assert two_level_officer.has_perm("reviews.approve_initiative", probe)


# --- the refusal is recorded -----------------------------------------------------------------


def test_a_refused_decision_is_recorded_with_who_what_and_why(own, school_officer, caplog):
    caplog.set_level(logging.WARNING, logger="reviews.services")
    with pytest.raises(ConflictOfInterestError):
        initiative_decide(initiative=own, action="verify", actor=school_officer)
    assert _refusals(caplog) == [
        {"actor_id": school_officer.pk, "initiative_id": own.pk, "action": "verify", "reason": "author"}
    ]


# --- bulk decisions --------------------------------------------------------------------------


def test_a_bulk_batch_holding_an_own_initiative_is_refused_whole(own, submitted, school_officer, caplog):
    caplog.set_level(logging.WARNING, logger="reviews.services")
    with pytest.raises(ConflictOfInterestError) as refused:
        initiatives_bulk_decide(initiatives=review_scope(school_officer), ids=[submitted.pk, own.pk],
                                action="verify", actor=school_officer)
    assert [pk for pk, _title, _reason in refused.value.conflicts] == [own.pk]
    assert not Decision.objects.filter(action="verify").exists()
    assert [r["initiative_id"] for r in _refusals(caplog)] == [own.pk]


def test_a_bulk_approval_by_the_verifier_is_refused(submitted, two_level_officer):
    initiative_decide(initiative=submitted, action="verify", actor=two_level_officer)
    with pytest.raises(ConflictOfInterestError):
        initiatives_bulk_decide(initiatives=review_scope(two_level_officer), ids=[submitted.pk], action="approve",
                                actor=two_level_officer)
    submitted.refresh_from_db()
    assert submitted.status == "verified"


# --- the pages -------------------------------------------------------------------------------


def test_the_review_page_shows_the_reason_instead_of_the_decision_form(client, own, school_officer):
    client.force_login(school_officer)
    response = client.get(reverse("reviews:detail", args=[own.pk]))
    assert response.context["form"] is None
    assert str(ConflictOfInterest.AUTHOR.label) in response.content.decode()


def test_a_forged_decision_on_the_review_page_is_refused_and_recorded(client, own, school_officer, caplog):
    caplog.set_level(logging.WARNING, logger="reviews.services")
    client.force_login(school_officer)
    response = client.post(reverse("reviews:detail", args=[own.pk]), {"action": "verify"}, follow=True)
    own.refresh_from_db()
    assert own.status == "submitted"
    assert [str(m) for m in response.context["messages"]] == [str(ConflictOfInterest.AUTHOR.label)]
    assert [r["initiative_id"] for r in _refusals(caplog)] == [own.pk]


def test_the_queue_lists_an_own_initiative_with_the_reason_and_no_checkbox(client, own, submitted, school_officer):
    client.force_login(school_officer)
    page = client.get(reverse("reviews:queue")).content.decode()
    assert f'name="ids" value="{own.pk}"' not in page
    assert f'name="ids" value="{submitted.pk}"' in page
    assert str(ConflictOfInterest.AUTHOR.label) in page


def test_a_refused_bulk_batch_returns_to_the_queue_with_the_rest_still_ticked(client, own, submitted,
                                                                              school_officer):
    client.force_login(school_officer)
    response = client.post(
        reverse("reviews:bulk"), {"action": "verify", "ids": [submitted.pk, own.pk], "back": "state=submitted"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{reverse('reviews:queue')}?state=submitted&picked={submitted.pk}"
    assert re.search(rf'<input [^>]*name="ids" value="{submitted.pk}"[^>]* checked>', page)
    assert not Decision.objects.filter(action="verify").exists()
