"""Home pages as work lists: each role sees what waits for it, what is late, and what to do next — in a few queries."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from moukawil.declarations.models import StrikeOffProposal
from moukawil.declarations.periods import Period, Periodicity
from moukawil.declarations.services import declaration_submit
from moukawil.registry.enums import Channel
from moukawil.registry.models import Application
from moukawil.registry.services import application_create, application_transition
from moukawil.registry.workflow import State
from tests.factories import UserFactory


def badge(page: str, key: str) -> int:
    return int(re.search(rf'data-key="{key}">([\d\s\u202f,.]+)<', page).group(1).replace(",", "").strip())


@pytest.fixture
def fes_work(submit, officer_fes, casa_province, officer_casa, registration):
    """Fès: two files submitted (one past its due date), one under review, one waiting for a complement, one
    strike-off proposal, the registration that has not declared; Casablanca: one file submitted."""
    submit(cin="AA100001", last_name="Berrada")
    late = submit(cin="AA100002", last_name="Chraibi")
    Application.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=3))
    review = submit(cin="AA100003", last_name="Dahbi")
    application_transition(actor=officer_fes, application=review, name="start_review")
    info = submit(cin="AA100004", last_name="Ennaji")
    application_transition(actor=officer_fes, application=info, name="request_info", reason="Adresse ?")
    submit(actor=officer_casa, cin="AA100005", last_name="Fikri", province=casa_province)
    StrikeOffProposal.objects.create(
        registration=registration, region=registration.region, first_year=2023, effective_date=date(2025, 1, 1)
    )


@pytest.mark.django_db
def test_the_chamber_officer_sees_what_waits_in_his_region(
    client, officer_fes, fes_work, django_assert_max_num_queries
):
    client.force_login(officer_fes)
    with django_assert_max_num_queries(11):
        page = unescape(client.get("/").content.decode())
    expected = {"overdue": 1, "submitted": 2, "under_review": 1, "info_requested": 1, "strike_offs": 1, "missing": 1}
    assert {key: badge(page, key) for key in expected} == expected  # Casablanca's file is not his
    assert 'href="/registre/demandes/?overdue=on"' in page
    assert 'href="/registre/demandes/?state=info_requested"' in page
    assert "Commencez par les dossiers en retard" in page
    assert "Gérer les comptes" not in page
    # The link leads to the same files as the count.
    queue = client.get("/registre/demandes/?overdue=on").content.decode()
    assert "AA100002" in queue and "AA100001" not in queue


@pytest.mark.django_db
def test_the_agency_sees_the_nation_with_a_breakdown_by_region(
    client, agency_officer, fes_work, django_assert_max_num_queries
):
    client.force_login(agency_officer)
    with django_assert_max_num_queries(12):
        page = unescape(client.get("/").content.decode())
    assert badge(page, "submitted") == 3
    table = page[page.index('data-testid="region-breakdown"') :]
    rows = {name: re.findall(r'text-end">(?:<span class="text-muted">)?(\d+)', row) for name, row in re.findall(
        r'<th scope="row">([^<]+)</th>(.*?)</tr>', table
    )}  # fmt: skip
    # Columns in the order of the work list: overdue, submitted, under review, information requested…
    assert rows["Fès-Meknès"][:4] == ["1", "2", "1", "1"]
    assert rows["Casablanca-Settat"][:4] == ["0", "1", "0", "0"]
    assert rows["Total"][:4] == ["1", "3", "1", "1"]


@pytest.mark.django_db
def test_the_counts_cost_the_same_queries_whatever_the_number_of_files(
    client, agency_officer, submit, django_assert_num_queries
):
    client.force_login(agency_officer)
    submit(cin="BB000001", last_name="Alami")
    client.get("/")  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(2, 8):
        submit(cin=f"BB00000{n}", last_name=f"Nom{n}")
    with django_assert_num_queries(len(few)):
        client.get("/")


@pytest.mark.django_db
def test_the_viewer_reads_national_figures_without_actions(client, fes_work):
    client.force_login(UserFactory(viewer=True))
    page = unescape(client.get("/").content.decode())
    assert badge(page, "submitted") == 3
    assert "Votre compte est en lecture seule" in page
    assert "Commencez par" not in page and "Gérer les comptes" not in page


@pytest.mark.django_db
def test_the_administrator_is_led_to_account_management(client, admin_user):
    client.force_login(admin_user)
    page = unescape(client.get("/").content.decode())
    assert 'href="/comptes/"' in page and "Gérer les comptes" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trait", "expected"),
    [("bank_officer", "aucune demande de financement n'attend votre décision"),
     ("vendor", "demandez l'agrément Infitah de votre entreprise")],
)  # fmt: skip
def test_partners_are_told_plainly_what_concerns_them(client, territory, trait, expected):
    """With nothing to do yet, each partner is told so (his Infitah work lists: tests/infitah/test_pages_api.py)."""
    partner = UserFactory(**{trait: True})
    colleague = UserFactory(role=partner.role, organisation=partner.organisation, last_name="Collègue")
    client.force_login(partner)
    page = unescape(client.get("/").content.decode())
    assert partner.organisation.name_fr in page
    assert expected in page and "Infitah" in page
    assert colleague.email in page
    assert 'data-testid="next-step"' in page


@pytest.mark.django_db
def test_an_entrepreneur_without_a_file_is_told_to_apply(client, entrepreneur):
    client.force_login(entrepreneur)
    page = unescape(client.get("/").content.decode())
    assert "Déposez votre demande d'inscription" in page
    assert 'href="/registre/demande/"' in page


@pytest.mark.django_db
def test_an_entrepreneur_asked_for_a_complement_is_led_to_complete_his_file(
    client, entrepreneur, activities, applicant, officer_fes
):
    application = application_create(
        actor=entrepreneur, applicant=applicant(cin="CC123456"), activity=activities["SRV-001"], channel=Channel.ONLINE
    )
    client.force_login(entrepreneur)
    assert "Reçue, en attente d'instruction" in unescape(client.get("/").content.decode())
    application_transition(actor=officer_fes, application=application, name="request_info", reason="Votre adresse ?")
    page = unescape(client.get("/").content.decode())
    assert "Action requise : complétez votre demande" in page  # the public label of the state
    assert "Complétez votre dossier" in page and "Votre adresse ?" in page
    assert f'href="/registre/demandes/{application.reference}/completer/"' in page
    assert Application.objects.get().state == State.INFO_REQUESTED


@pytest.mark.django_db
def test_a_registered_entrepreneur_sees_late_and_next_declarations_and_his_documents(
    client, registration, applicant_user, django_assert_max_num_queries
):
    declared = Period(2025, Periodicity.QUARTERLY, 1)
    declaration = declaration_submit(
        actor=applicant_user, registration=registration, period=declared, goods=1000, services=0
    )
    client.force_login(applicant_user)
    with django_assert_max_num_queries(12):
        page = unescape(client.get("/").content.decode())
    assert "Acceptée : vous êtes inscrit au registre" in page
    assert "Déclarez les périodes en retard" in page  # what to do next, before the rest
    late = page[page.index('data-testid="late-declarations"') : page.index('data-testid="next-declaration"')]
    assert 'class="alert alert-danger"' in page[page.index('data-testid="late-declarations"') - 40 :]
    assert "T2 2025" in late and "T1 2025" not in late  # declared: not late
    assert f'href="/declarations/{registration.number}/2025/quarterly/2/"' in late
    assert "Prochaine déclaration" in page
    assert f'href="/registre/inscriptions/{registration.number}/attestation.pdf"' in page
    assert f'href="/declarations/recu/{declaration.pk}.pdf"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fixture", "arabic", "french"),
    [
        ("entrepreneur", "ما يجب فعله الآن", "À faire maintenant"),
        ("officer_fes", "ما ينتظرك", "Ce qui vous attend"),
        ("agency_officer", "المجموع", "Demandes déposées"),
        ("admin_user", "تدبير الحسابات", "Gérer les comptes"),
    ],
)
def test_home_pages_in_arabic_carry_no_french(client, request, fes_work, fixture, arabic, french):
    client.force_login(request.getfixturevalue(fixture))
    client.cookies["moukawil_language"] = "ar"
    page = unescape(client.get("/").content.decode())
    assert arabic in page and french not in page
    assert "Déclarations manquantes" not in page and "Bonjour" not in page


@pytest.mark.django_db
def test_a_chamber_with_nothing_waiting_is_sent_to_its_conventions_in_execution(client, fes, officer_fes, officer_casa):
    from moukawil.conventions.models import Convention
    from moukawil.conventions.workflow import State as ConventionState
    from tests.conventions.seed import fes_anpme_convention

    convention = fes_anpme_convention(fes, officer_fes)
    client.force_login(officer_fes)
    assert badge(unescape(client.get("/").content.decode()), "conventions") == 0  # a draft is not followed yet
    Convention.objects.filter(pk=convention.pk).update(
        state=ConventionState.IN_EXECUTION, adopted_on=date(2018, 12, 1), signed_on=date(2018, 12, 20)
    )
    page = unescape(client.get("/").content.decode())
    assert badge(page, "conventions") == 1
    assert 'href="/conventions/?etat=in_execution"' in page
    assert "suivez l'avancement des conventions en exécution" in page
    client.force_login(officer_casa)
    assert badge(unescape(client.get("/").content.decode()), "conventions") == 0  # Fès's convention is not his
