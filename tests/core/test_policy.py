"""The one policy: every writing service refuses the read-only viewer, the bank officer and the vendor (none of
today's services concerns their organisation's files), whatever calls it; the roles × actions table in docs/ is
the policy's own."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from moukawil.accounts import services as accounts
from moukawil.accounts.enums import Role
from moukawil.caravans import services as caravans
from moukawil.caravans.documents import ATTENDANCE
from moukawil.certificates import services as certificates
from moukawil.conventions import services as conventions
from moukawil.core import policy
from moukawil.core.models import AuditEvent
from moukawil.core.policy import Subject
from moukawil.declarations import recompute
from moukawil.declarations import services as declarations
from moukawil.declarations.documents import RECEIPT
from moukawil.declarations.periods import Period
from moukawil.enterprises import imports as enterprise_imports
from moukawil.enterprises import services as enterprises
from moukawil.indicators import services as indicators
from moukawil.infitah import services as infitah
from moukawil.privacy import services as privacy
from moukawil.programmes import services as programmes
from moukawil.registry import exports, imports
from moukawil.registry import services as registry
from moukawil.registry.documents import CERTIFICATE
from moukawil.territory import services as territory
from tests.factories import OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]

# Public functions taking an ``actor`` that are steps inside services which check first (never called alone).
INTERNAL_STEPS = {
    "moukawil.registry.duplicates.flag_duplicates": "step of application_create / import_file",
    "moukawil.registry.duplicates.record_duplicates": "step of import_file",
}


def _enterprise_data(w):
    from moukawil.enterprises.services import EnterpriseData

    e = w["enterprise"]
    return EnterpriseData(
        legal_kind=e.legal_kind, name="Autre nom", created_on=e.created_on, sector=e.sector, province=e.province,
        last_turnover="1000", turnover_year=2025, owner_gender="F", rc_court=e.rc_court, rc_number=e.rc_number,
    )  # fmt: skip


# Services that write only the audit row of a read: the viewer reads (and exports) nationally.
READS = {"moukawil.registry.exports.export_logged"}


# Every public writing service, called as ``actor`` on the world's files with valid arguments.
SERVICES = {
    "moukawil.accounts.services.user_create": lambda a, w: accounts.user_create(
        actor=a, email="nouveau@exemple.ma", password=None, role=Role.VIEWER),
    "moukawil.accounts.services.users_bulk_create": lambda a, w: accounts.users_bulk_create(
        actor=a, users=[accounts.User(email="lot@exemple.ma", role=Role.ENTREPRENEUR)]),
    "moukawil.accounts.services.user_set_role": lambda a, w: accounts.user_set_role(
        actor=a, user=w["someone"], role=Role.VIEWER),
    "moukawil.accounts.services.user_set_active": lambda a, w: accounts.user_set_active(
        actor=a, user=w["someone"], active=False),
    "moukawil.accounts.services.api_token_create": lambda a, w: accounts.api_token_create(
        actor=a, user=w["someone"], name="pas le sien"),
    "moukawil.accounts.services.api_token_revoke": lambda a, w: accounts.api_token_revoke(actor=a, token=w["token"]),
    "moukawil.caravans.services.campaign_create": lambda a, w: caravans.campaign_create(
        actor=a, code="autre", title_fr="Autre", starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1)),
    "moukawil.caravans.services.stop_create": lambda a, w: caravans.stop_create(
        actor=a, campaign=w["stop"].campaign, city="Meknès", province=w["stop"].province, venue="CCIS",
        day=w["stop"].day, opens_at=w["stop"].opens_at, closes_at=w["stop"].closes_at, capacity=3),
    "moukawil.caravans.services.campaign_transition": lambda a, w: caravans.campaign_transition(
        actor=a, campaign=w["stop"].campaign, name="cancel", reason="Reportée"),
    "moukawil.caravans.services.stop_transition": lambda a, w: caravans.stop_transition(
        actor=a, stop=w["stop"], name="cancel", reason="Salle indisponible"),
    "moukawil.caravans.services.stop_capacity_change": lambda a, w: caravans.stop_capacity_change(
        actor=a, stop=w["stop"], capacity=9),
    "moukawil.caravans.services.registration_create": lambda a, w: caravans.registration_create(
        actor=a, stop=w["stop"], registrant=caravans.Registrant(name="Autre", gender="F"), channel="counter"),
    "moukawil.caravans.services.registration_cancel": lambda a, w: caravans.registration_cancel(
        actor=a, registration=w["attendee"]),
    "moukawil.caravans.services.registration_check_in": lambda a, w: caravans.registration_check_in(
        actor=a, registration=w["attendee"]),
    "moukawil.caravans.services.scans_sync": lambda a, w: caravans.scans_sync(
        actor=a, stop=w["stop"], device="tel", scans=[{"uuid": "7d9f1c9e-4c1b-4e8a-9a57-1f0f3f7f1a01",
                                                       "code": w["attendee"].code, "scanned_at": "2026-01-01T10:00"}]),
    "moukawil.caravans.services.check_in_list": lambda a, w: caravans.check_in_list(actor=a, stop=w["stop"]),
    "moukawil.caravans.services.registrations_import": lambda a, w: caravans.registrations_import(
        actor=a, stop=w["stop"], rows=[{"name": "Lot", "gender": "F"}]),
    "moukawil.certificates.services.document_issue#presence": lambda a, w: certificates.document_issue(
        actor=a, kind=ATTENDANCE, subject=w["present"], site_url="http://testserver"),
    "moukawil.certificates.services.document_issue": lambda a, w: certificates.document_issue(
        actor=a, kind=CERTIFICATE, subject=w["registration"], site_url="http://testserver"),
    "moukawil.certificates.services.document_issue#receipt": lambda a, w: certificates.document_issue(
        actor=a, kind=RECEIPT, subject=w["declaration"], site_url="http://testserver"),
    "moukawil.declarations.recompute.declarations_recompute": lambda a, w: recompute.declarations_recompute(
        actor=a, year=2024),
    "moukawil.declarations.services.periodicity_choose": lambda a, w: declarations.periodicity_choose(
        actor=a, registration=w["registration"], periodicity="monthly"),
    "moukawil.declarations.services.declaration_submit": lambda a, w: declarations.declaration_submit(
        actor=a, registration=w["registration"], period=Period(2024, "quarterly", 2), goods="10", services="0"),
    "moukawil.declarations.services.declaration_amend": lambda a, w: declarations.declaration_amend(
        actor=a, declaration=w["declaration"], goods="20", services="0", reason="erreur"),
    "moukawil.declarations.services.payment_record": lambda a, w: declarations.payment_record(
        actor=a, registration=w["registration"], amount_paid="10", channel="bank", reference="R1",
        paid_on=date(2024, 5, 1)),
    "moukawil.declarations.services.declaration_reminders_send": lambda a, w: declarations.declaration_reminders_send(
        actor=a, period=Period(2024, "quarterly", 3)),
    "moukawil.declarations.services.strike_off_proposals_create": lambda a, w: (
        declarations.strike_off_proposals_create(actor=a, year=2025)),
    "moukawil.declarations.services.strike_off_proposal_decide": lambda a, w: declarations.strike_off_proposal_decide(
        actor=a, proposal=w["proposal"], confirm=True),
    "moukawil.enterprises.imports.import_enterprises": lambda a, w: enterprise_imports.import_enterprises(
        w["csv"], actor=a, mode="valid_only"),
    "moukawil.enterprises.services.enterprise_create": lambda a, w: enterprises.enterprise_create(
        actor=a, data=_enterprise_data(w)),
    "moukawil.enterprises.services.enterprise_update": lambda a, w: enterprises.enterprise_update(
        actor=a, enterprise=w["enterprise"], data=_enterprise_data(w)),
    "moukawil.programmes.services.call_create": lambda a, w: programmes.call_create(
        actor=a, programme=w["call"].programme, name="Autre", year=2026, budget="10", opens_on=date(2026, 1, 1),
        closes_on=date(2026, 2, 1)),
    "moukawil.programmes.services.call_publish": lambda a, w: programmes.call_publish(actor=a, call=w["call"]),
    "moukawil.programmes.services.application_create": lambda a, w: programmes.application_create(
        actor=a, call=w["call"], enterprise=w["enterprise"]),
    "moukawil.programmes.services.application_transition": lambda a, w: programmes.application_transition(
        actor=a, application=w["candidature"], name="start_review"),
    "moukawil.programmes.services.assessment_save": lambda a, w: programmes.assessment_save(
        actor=a, application=w["candidature"], score=12, comment="bien"),
    "moukawil.programmes.services.service_record": lambda a, w: programmes.service_record(
        actor=a, application=w["candidature"], description="Formation", provider="", sessions=1, hours=2,
        delivered_on=date(2026, 1, 5)),
    "moukawil.programmes.services.subsidy_commit": lambda a, w: programmes.subsidy_commit(
        actor=a, application=w["candidature"]),
    "moukawil.programmes.services.programme_criteria_update": lambda a, w: programmes.programme_criteria_update(
        actor=a, programme=w["call"].programme, criteria=[]),
    "moukawil.registry.exports.export_logged": lambda a, w: exports.export_logged(
        actor=a, what="applications", fmt="csv", filters={}),
    "moukawil.registry.imports.import_file": lambda a, w: imports.import_file(w["csv"], actor=a, mode="valid_only"),
    "moukawil.registry.imports.import_job_create": lambda a, w: imports.import_job_create(
        actor=a, uploaded_file=SimpleUploadedFile("f.csv", b"cin\n"), mode="valid_only"),
    "moukawil.registry.services.application_create": lambda a, w: registry.application_create(
        actor=a, applicant=w["applicant"](cin="BK888888"), activity=w["activity"], channel="counter"),
    "moukawil.registry.services.application_transition": lambda a, w: registry.application_transition(
        actor=a, application=w["application"], name="start_review"),
    "moukawil.registry.services.application_complete": lambda a, w: registry.application_complete(
        actor=a, application=w["application"], applicant=w["applicant"](cin="BK777777"), activity=w["activity"]),
    "moukawil.registry.services.applications_bulk_transition": lambda a, w: registry.applications_bulk_transition(
        actor=a, applications=[w["application"]], name="start_review"),
    "moukawil.registry.services.registration_strike_off": lambda a, w: registry.registration_strike_off(
        actor=a, registration=w["registration"], reason="voluntary", effective_date=date(2026, 1, 1)),
    "moukawil.registry.services.duplicate_decide": lambda a, w: registry.duplicate_decide(
        actor=a, suspicion=w["suspicion"], merge=False, note="non"),
    "moukawil.registry.services.person_rectify": lambda a, w: registry.person_rectify(
        actor=a, person=w["registration"].person, field="address", value="1 rue Neuve"),
    "moukawil.privacy.services.my_data_export": lambda a, w: privacy.my_data_export(actor=a),
    "moukawil.privacy.services.rectification_request": lambda a, w: privacy.rectification_request(
        actor=a, field="address", new_value="3 rue Neuve", reason="déménagement"),
    "moukawil.privacy.services.rectification_transition": lambda a, w: privacy.rectification_transition(
        actor=a, request=w["rectification"], name="accept"),
    "moukawil.privacy.services.uploads_purge": lambda a, w: privacy.uploads_purge(actor=a),
    "moukawil.privacy.services.people_pseudonymise": lambda a, w: privacy.people_pseudonymise(actor=a),
    "moukawil.conventions.services.convention_create": lambda a, w: conventions.convention_create(
        actor=a, title="Autre", kind="framework", starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31)),
    "moukawil.conventions.services.convention_transition": lambda a, w: conventions.convention_transition(
        actor=a, convention=w["convention"], name="adopt", on=date(2019, 3, 1)),
    "moukawil.conventions.services.convention_document_add": lambda a, w: conventions.convention_document_add(
        actor=a, convention=w["convention"], kind="text", upload=SimpleUploadedFile("c.pdf", b"%PDF-1.4 x")),
    "moukawil.conventions.services.commitment_add": lambda a, w: conventions.commitment_add(
        actor=a, convention=w["convention"], indicator="register.applications", scope="national",
        starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31), target=5),
    "moukawil.conventions.services.commitment_delete": lambda a, w: conventions.commitment_delete(
        actor=a, commitment=w["commitment"]),
    "moukawil.conventions.services.convention_update": lambda a, w: conventions.convention_update(
        actor=a, convention=w["convention"], title="Convention modifiée"),
    "moukawil.conventions.services.commitment_update": lambda a, w: conventions.commitment_update(
        actor=a, commitment=w["commitment"], indicator="register.applications", scope="national",
        starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31), target=7),
    "moukawil.indicators.services.summaries_refresh": lambda a, w: indicators.summaries_refresh(actor=a, years=[2019]),
    "moukawil.territory.services.territory_load": lambda a, w: territory.territory_load(actor=a),
    "moukawil.territory.services.organisation_create": lambda a, w: territory.organisation_create(
        actor=a, kind="association", name_fr="Nouvelle association"),
    "moukawil.territory.services.organisation_update": lambda a, w: territory.organisation_update(
        actor=a, organisation=w["organisation"], name_fr="Autre nom"),
    "moukawil.infitah.services.session_create": lambda a, w: infitah.session_create(
        actor=a, place="Salle", region=w["infitah_session"].region, starts_on=date(2030, 1, 1), capacity=5),
    "moukawil.infitah.services.registration_create": lambda a, w: infitah.registration_create(
        actor=a, session=w["infitah_session"], enterprise=w["eligible"]),
    "moukawil.infitah.services.registrations_bulk": lambda a, w: infitah.registrations_bulk(
        actor=a, session=w["infitah_session"], identifiers=["12345"]),
    "moukawil.infitah.services.registration_transition": lambda a, w: infitah.registration_transition(
        actor=a, registration=w["infitah_registration"], name="attend"),
    "moukawil.infitah.services.permit_issue": lambda a, w: infitah.permit_issue(
        actor=a, enterprise=w["eligible"], registration=w["infitah_registration"]),
    "moukawil.infitah.services.permits_issue_bulk": lambda a, w: infitah.permits_issue_bulk(
        actor=a, registrations=[w["infitah_registration"]]),
    "moukawil.infitah.services.completions_record_bulk": lambda a, w: infitah.completions_record_bulk(
        actor=a, session=w["infitah_session"], enterprises=[w["eligible"]]),
    "moukawil.infitah.services.permit_revoke": lambda a, w: infitah.permit_revoke(
        actor=a, permit=w["permit"], reason="Fraude"),
    "moukawil.infitah.services.vendor_apply": lambda a, w: infitah.vendor_apply(
        actor=a, ice="002166441650097", association_number="APEBI-2", organisation=w["vendor"].organisation),
    "moukawil.infitah.services.vendor_transition": lambda a, w: infitah.vendor_transition(
        actor=a, vendor=w["vendor"], name="reject", reason="non"),
    "moukawil.infitah.services.offer_save": lambda a, w: infitah.offer_save(
        actor=a, offer=w["offer"], data=infitah.OfferData("Autre", "100", 12, w["offer"].valid_from,
                                                          w["offer"].valid_until)),
    "moukawil.infitah.services.offer_transition": lambda a, w: infitah.offer_transition(
        actor=a, offer=w["offer"], name="withdraw"),
    "moukawil.infitah.services.order_create": lambda a, w: infitah.order_create(
        actor=a, permit=w["permit"], offer=w["offer"], bank=w["bank"]),
    "moukawil.infitah.services.financing_decide": lambda a, w: infitah.financing_decide(
        actor=a, request=w["financing"], approve=False, reason="non"),
    "moukawil.infitah.services.order_transition": lambda a, w: infitah.order_transition(
        actor=a, order=w["order"], name="cancel"),
    "moukawil.infitah.services.orders_lapse": lambda a, w: infitah.orders_lapse(actor=a),
}  # fmt: skip


def writing_services() -> set[str]:
    """Every public function of a domain app that takes a keyword ``actor``: a service that acts for someone."""
    found = set()
    for path in sorted((ROOT / "moukawil").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[1] in ("core", "www", "api", "demo") or {"migrations", "management"} & set(relative.parts):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            public = isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
            if public and "actor" in [a.arg for a in node.args.kwonlyargs]:
                found.add(".".join(relative.with_suffix("").parts) + "." + node.name)
    return found


def test_every_writing_service_is_in_the_table():
    """A new service must be added to SERVICES (and so be proved to check its permission)."""
    assert writing_services() == {name.split("#")[0] for name in SERVICES} | set(INTERNAL_STEPS)


def _rows() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.mark.parametrize("role", ["viewer", "bank_officer", "vendor"])
def test_every_writing_service_refuses_the_viewer_the_bank_and_the_vendor(world, role):
    actor = UserFactory(**{role: True})
    before, audit_before = _rows(), AuditEvent.objects.count()
    mail.outbox.clear()
    allowed = []
    for name, call in SERVICES.items():
        if role == "viewer" and name in READS:
            continue
        try:
            call(actor, world)
        except PermissionDenied as refusal:
            assert str(refusal), f"{name} refused without a reason"
        else:
            allowed.append(name)
    assert allowed == []
    assert _rows() == before
    assert AuditEvent.objects.count() == audit_before
    assert mail.outbox == []


def test_the_viewer_is_told_his_account_is_read_only(world):
    viewer = UserFactory(viewer=True)
    with pytest.raises(PermissionDenied, match="lecture seule"):
        declarations.strike_off_proposals_create(actor=viewer, year=2025)
    with pytest.raises(PermissionDenied, match="lecture seule"):
        registry.applications_bulk_transition(actor=viewer, applications=[world["application"]], name="approve")


@pytest.mark.django_db
def test_reach_region_organisation_and_own(fes, casa):
    bank = OrganisationFactory(bank=True)
    banker = UserFactory(bank_officer=True, organisation=bank)
    officer = UserFactory(ccis_officer=True, region=fes)
    grants = {Role.BANK_OFFICER: policy.Reach.ORGANISATION, Role.CCIS_OFFICER: policy.Reach.REGION}
    act = policy.Action("test.files", "Dossiers de test", grants, "Refusé.")
    assert policy.decide(banker, act, Subject(organisation_id=bank.pk))
    other = policy.decide(banker, act, Subject(organisation_id=OrganisationFactory(bank=True).pk))
    assert not other and "autre organisation" in other.reason
    assert policy.decide(officer, act, Subject(region_id=fes.pk))
    assert not policy.decide(officer, act, Subject(region_id=casa.pk))
    assert policy.decide(UserFactory(agency_officer=True), act).reason == "Refusé."


@pytest.mark.django_db
def test_reasons_are_in_the_readers_language(territory):
    viewer = UserFactory(viewer=True)
    with translation.override("ar"):
        reason = policy.decide(viewer, policy.CALLS_MANAGE).reason
    assert reason and not any("a" <= c.lower() <= "z" for c in reason)


def test_the_policy_table_in_the_docs_is_generated_from_the_policy():
    """docs/policy.md is `moukawil policy-table`'s output: change the policy, then regenerate the file."""
    assert (ROOT / "docs" / "policy.md").read_text(encoding="utf-8") == policy.table_markdown()
