"""The application workflow as a table: every (transition, state, role) is allowed or refused, as specified."""

import itertools

import pytest

from moukawil.accounts.enums import Role
from moukawil.registry.models import Application, Person
from moukawil.registry.permissions import can_act_on_application
from moukawil.registry.workflow import TRANSITIONS, State
from tests.factories import UserFactory

OWNER, OTHER_ENTREPRENEUR, OFFICER, OFFICER_ELSEWHERE = "owner", "other_entrepreneur", "officer", "officer_elsewhere"
AGENCY, ADMIN, VIEWER, BANK = "agency", "admin", "viewer", "bank"
ACTORS = [OWNER, OTHER_ENTREPRENEUR, OFFICER, OFFICER_ELSEWHERE, AGENCY, ADMIN, VIEWER, BANK]
STAFF = {OFFICER, AGENCY, ADMIN}

# The specification, written independently of workflow.py: transition → {state it may start from: who may}.
ALLOWED = {
    "submit": {State.DRAFT: {OWNER} | STAFF},
    "start_review": {State.SUBMITTED: STAFF},
    "request_info": {State.SUBMITTED: STAFF, State.UNDER_REVIEW: STAFF},
    "resubmit": {State.INFO_REQUESTED: {OWNER} | STAFF},
    "approve": {State.SUBMITTED: STAFF, State.UNDER_REVIEW: STAFF},
    "reject": {State.SUBMITTED: STAFF, State.UNDER_REVIEW: STAFF},
    "contest": {State.REJECTED: {OWNER}},
    "uphold_contest": {State.CONTESTED: STAFF},
    "dismiss_contest": {State.CONTESTED: STAFF},
    "withdraw": {State.DRAFT: {OWNER}, State.SUBMITTED: {OWNER}, State.INFO_REQUESTED: {OWNER}},
}


@pytest.fixture
def people(fes, casa):
    owner = UserFactory()
    return {
        OWNER: owner,
        OTHER_ENTREPRENEUR: UserFactory(),
        OFFICER: UserFactory(role=Role.CCIS_OFFICER, region=fes),
        OFFICER_ELSEWHERE: UserFactory(role=Role.CCIS_OFFICER, region=casa),
        AGENCY: UserFactory(agency_officer=True),
        ADMIN: UserFactory(admin=True),
        VIEWER: UserFactory(viewer=True),
        BANK: UserFactory(bank_officer=True),
    }


def test_the_table_covers_every_transition():
    assert set(ALLOWED) == set(TRANSITIONS)


@pytest.mark.django_db
def test_every_transition_state_and_role(people, fes):
    person = Person(user=people[OWNER], cin="BK1")
    refused_wrongly, allowed_wrongly = [], []
    for name, state, actor in itertools.product(TRANSITIONS, State.values, ACTORS):
        application = Application(person=person, region=fes, state=state)
        allowed = can_act_on_application(people[actor], application, TRANSITIONS[name]).allowed
        expected = actor in ALLOWED[name].get(state, set())
        if allowed and not expected:
            allowed_wrongly.append((name, state, actor))
        if expected and not allowed:
            refused_wrongly.append((name, state, actor))
    assert allowed_wrongly == []
    assert refused_wrongly == []


@pytest.mark.django_db
def test_refusals_explain_themselves(people, fes):
    application = Application(person=Person(user=people[OWNER], cin="BK1"), region=fes, state=State.APPROVED)
    decision = can_act_on_application(people[OFFICER], application, TRANSITIONS["reject"])
    assert decision.reason == "Action « Refuser » impossible : la demande est « Acceptée »."
    application.state = State.SUBMITTED
    assert can_act_on_application(people[OFFICER_ELSEWHERE], application, TRANSITIONS["approve"]).reason == (
        "Ce dossier relève d'une autre région : vous agissez sur les dossiers de votre région."
    )
    application.state = State.REJECTED
    assert "Seul le demandeur" in can_act_on_application(people[AGENCY], application, TRANSITIONS["contest"]).reason
