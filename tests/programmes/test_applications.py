from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from moukawil.accounts.enums import Role
from moukawil.core.errors import BusinessError, Conflict
from moukawil.programmes.calculation import subsidy_amount
from moukawil.programmes.models import Benefit, Call
from moukawil.programmes.selectors import eligible_enterprises, what_if
from moukawil.programmes.services import (
    HolderData,
    application_create,
    application_transition,
    assessment_save,
    service_record,
    subsidy_commit,
)
from moukawil.programmes.workflow import OWNER, TRANSITIONS, State, available_transitions


@pytest.mark.django_db
def test_a_firm_with_neither_rc_nor_tp_is_refused_with_that_reason(open_call, make_enterprise, officer_fes):
    call = open_call("infitah")
    firm = make_enterprise(rc_number="", rc_court=None)
    application = application_create(actor=officer_fes, call=call, enterprise=firm)
    assert application.state == State.INELIGIBLE and not application.eligible
    assert "Ni registre de commerce ni certificat de taxe professionnelle" in application.decision_reason
    assert [r["passed"] for r in application.eligibility] == [False, True]


@pytest.mark.django_db
def test_review_then_decision_needs_an_assessment_and_a_reason(open_call, make_enterprise, officer_fes, officer_casa):
    application = application_create(actor=officer_fes, call=open_call("infitah"), enterprise=make_enterprise())
    assert application.state == State.SUBMITTED and application.eligible
    application = application_transition(actor=officer_fes, application=application, name="start_review")
    with pytest.raises(BusinessError, match="Au moins une évaluation"):
        application_transition(actor=officer_fes, application=application, name="accept")
    with pytest.raises(PermissionDenied, match="autre région"):
        assessment_save(actor=officer_casa, application=application, score=15, comment="Bon dossier")
    with pytest.raises(BusinessError, match="entre 0 et 20") as bad:
        assessment_save(actor=officer_fes, application=application, score=25, comment="Bon dossier")
    assert bad.value.field == "score"
    assessment_save(actor=officer_fes, application=application, score=15, comment="Projet clair, besoin réel.")
    with pytest.raises(BusinessError, match="motif"):
        application_transition(actor=officer_fes, application=application, name="refuse")
    application = application_transition(actor=officer_fes, application=application, name="accept")
    assert application.state == State.ACCEPTED and application.score == Decimal("15.00")


@pytest.mark.django_db
def test_a_project_holder_applies_to_the_support_programme(open_call, officer_fes, fes, make_enterprise):
    call = open_call("accompagnement-porteurs")
    holder = HolderData(name="Youssef Alami", cin="cd 123 456", region=fes, project_summary="Atelier de couture")
    application = application_create(actor=officer_fes, call=call, holder=holder)
    assert application.eligible and application.holder_cin == "CD123456"
    with pytest.raises(Conflict, match="existe déjà"):
        application_create(actor=officer_fes, call=call, holder=HolderData(name="Y. Alami", cin="CD123456", region=fes))
    with pytest.raises(BusinessError, match="porteurs de projet"):
        application_create(actor=officer_fes, call=call, enterprise=make_enterprise())


@pytest.mark.django_db
def test_a_closed_call_refuses_applications(open_call, make_enterprise, officer_fes):
    call = open_call("infitah")
    Call.objects.filter(pk=call.pk).update(closes_on=date(2026, 2, 1))
    call.refresh_from_db()
    with pytest.raises(BusinessError, match="n'est pas ouvert"):
        application_create(actor=officer_fes, call=call, enterprise=make_enterprise())


def accepted(open_call, make_enterprise, officer, call=None, **enterprise):
    call = call or open_call("infitah")
    application = application_create(actor=officer, call=call, enterprise=make_enterprise(**enterprise))
    application_transition(actor=officer, application=application, name="start_review")
    assessment_save(actor=officer, application=application, score=14, comment="Éligible, besoin justifié.")
    return application_transition(actor=officer, application=application, name="accept")


@pytest.mark.django_db
def test_regional_quota_sends_the_next_one_to_the_waiting_list(open_call, make_enterprise, officer_fes):
    call = open_call("promotion-tpme-rurale", quotas={"03": 1})
    accepted(open_call, make_enterprise, officer_fes, call=call, is_rural=True)
    second = application_create(actor=officer_fes, call=call, enterprise=make_enterprise(is_rural=True))
    application_transition(actor=officer_fes, application=second, name="start_review")
    assessment_save(actor=officer_fes, application=second, score=12, comment="Correct")
    with pytest.raises(Conflict, match="Quota de la région atteint"):
        application_transition(actor=officer_fes, application=second, name="accept")
    second = application_transition(actor=officer_fes, application=second, name="wait_list", reason="Quota atteint")
    assert second.state == State.WAITING_LIST


@pytest.mark.django_db
def test_subsidy_is_30_percent_of_the_pack_capped_and_committed_once(open_call, make_enterprise, officer_fes):
    application = accepted(open_call, make_enterprise, officer_fes)
    assert subsidy_amount(application.call, on=date(2026, 6, 1)) == Decimal("897.00")  # 30 % of 2,990 DH
    benefit = subsidy_commit(actor=officer_fes, application=application)
    assert benefit.amount == Decimal("897.00")
    assert Call.objects.get(pk=application.call_id).committed == Decimal("897.00")
    with pytest.raises(Conflict, match="déjà engagée"):
        subsidy_commit(actor=officer_fes, application=application)


@pytest.mark.django_db
def test_services_delivered_are_recorded_for_beneficiaries_only(open_call, make_enterprise, officer_fes):
    call = open_call("post-creation-innovantes")
    young = make_enterprise(is_innovative=True, created_on=date(2024, 1, 5), turnover_year=2025)
    application = application_create(actor=officer_fes, call=call, enterprise=young)
    with pytest.raises(BusinessError, match="retenue"):
        service_record(actor=officer_fes, application=application, description="Coaching", provider="X", sessions=1,
                       hours=2, delivered_on=date(2026, 3, 1))  # fmt: skip
    application_transition(actor=officer_fes, application=application, name="start_review")
    assessment_save(actor=officer_fes, application=application, score=16, comment="Innovant")
    application_transition(actor=officer_fes, application=application, name="accept")
    benefit = service_record(
        actor=officer_fes, application=application, description="Coaching stratégie", provider="Cabinet Saïss",
        sessions=3, hours="7.5", delivered_on=date(2026, 3, 1),
    )  # fmt: skip
    assert (benefit.kind, benefit.hours) == (Benefit.Kind.SERVICE, Decimal("7.5"))


@pytest.mark.django_db
def test_what_if_counts_eligible_enterprises_per_region_and_the_budget(open_call, make_enterprise, agency_officer):
    for turnover in ("500000", "2500000", "4000000"):
        make_enterprise(last_turnover=turnover)
    make_enterprise(rc_number="", rc_court=None)
    call = open_call("infitah", budget="1000", quotas={"03": 1})
    result = what_if(call, on=date(2026, 6, 1))
    fes = next(r for r in result.rows if r.region_code == "03")
    assert (fes.eligible, fes.beneficiaries, fes.budget) == (2, 1, Decimal("897.00"))
    assert result.over_budget == 0
    wider = what_if(call, on=date(2026, 6, 1), criteria=[{"kind": "max_turnover", "params": {"amount": "5000000"}}],
                    cap="2000", rate="0.5")  # fmt: skip
    assert wider.eligible == 4 and wider.amount_per_beneficiary == Decimal("1495.00")
    assert wider.over_budget == Decimal("495.00")
    assert eligible_enterprises(call.criteria, on=date(2026, 6, 1)).count() == 2


OFFICER = "officer"


@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("state", list(State.values))
@pytest.mark.parametrize("role", [OWNER, *Role.values])
def test_the_review_workflow_as_a_table(name, state, role):
    """Every (transition, state, role): allowed exactly when the table says so (officers: chamber, agency, admin;
    the viewer, the bank, the vendor and an entrepreneur who does not own the file: never)."""
    expected = {
        ("start_review", "submitted", OFFICER),
        ("accept", "under_review", OFFICER), ("accept", "waiting_list", OFFICER),
        ("refuse", "under_review", OFFICER), ("refuse", "waiting_list", OFFICER),
        ("wait_list", "under_review", OFFICER),
        ("withdraw", "submitted", OWNER), ("withdraw", "under_review", OWNER), ("withdraw", "waiting_list", OWNER),
    }  # fmt: skip
    officers = {Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN}
    kind = OFFICER if role in officers else role
    allowed = any(t.name == name for t in available_transitions(state, {role}))
    assert allowed == ((name, state, kind) in expected)
