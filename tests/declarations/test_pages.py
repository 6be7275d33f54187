from datetime import date

import pytest

from moukawil.declarations.models import Declaration, StrikeOffProposal
from moukawil.declarations.periods import Period
from moukawil.declarations.services import declaration_submit


def form(**values):
    return {"turnover_goods": "0", "turnover_services": "0", **values}


@pytest.mark.django_db
def test_the_entrepreneur_declares_amends_and_downloads_his_receipt(client, registration, applicant_user):
    client.force_login(applicant_user)
    page = client.get("/declarations/", {"annee": "2024"}).content.decode()
    assert "T1 2024" in page and "En retard" in page
    url = f"/declarations/{registration.number}/2024/quarterly/1/"
    assert f'href="{url}"' in page
    refused = client.post(url, form(turnover_services="5000")).content.decode()
    assert 'id="clients-error"' in refused and "par client" in refused
    assert not Declaration.objects.exists()
    response = client.post(
        url,
        form(turnover_services="12000", client_1_kind="ice", client_1_identifier="001561191000066",
             client_1_amount="12000"),
        follow=True,
    )  # fmt: skip
    assert "420,00\u00a0DH à payer" in response.content.decode()
    declaration = Declaration.objects.get()
    amend_url = f"/declarations/rectifier/{declaration.pk}/"
    assert 'value="001561191000066"' in client.get(amend_url).content.decode()
    missing_reason = client.post(amend_url, form(turnover_goods="100")).content.decode()
    assert 'id="id_reason_error"' in missing_reason
    client.post(amend_url, form(turnover_goods="100", reason="Erreur de saisie"))
    assert Declaration.objects.current().get().version == 2
    receipt = client.get(f"/declarations/recu/{declaration.pk}.pdf")
    assert receipt["Content-Type"] == "application/pdf" and receipt.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_entrepreneur_chooses_monthly_for_next_year(client, registration, applicant_user):
    client.force_login(applicant_user)
    response = client.post(f"/declarations/{registration.number}/periodicite/", {"periodicity": "monthly"}, follow=True)
    assert "Mensuelle" in response.content.decode()


@pytest.mark.django_db
def test_officers_follow_missing_periods_of_their_region_and_remind(
    client, registration, applicant_user, officer_fes, officer_casa, django_assert_max_num_queries
):
    declaration_submit(actor=applicant_user, registration=registration, period=Period(2025, "quarterly", 1),
                       goods="0", services="0")  # fmt: skip
    client.force_login(officer_fes)
    query = {"annee": "2025", "periodicite": "quarterly", "periode": "2"}
    with django_assert_max_num_queries(15):
        page = client.get("/declarations/suivi/", query).content.decode()
    assert registration.number in page and "Non déclarées — T2 2025 : 1" in page
    response = client.post("/declarations/suivi/relances/", query, follow=True)
    assert "1 relance(s) envoyée(s)" in response.content.decode()
    client.force_login(officer_casa)
    assert registration.number not in client.get("/declarations/suivi/", query).content.decode()
    # Someone else's file is not reachable by number either.
    assert client.get(f"/declarations/{registration.number}/").status_code == 404


@pytest.mark.django_db
def test_ceiling_page_proposes_and_the_officer_confirms(client, registration, applicant_user, officer_fes):
    for year in (2024, 2025):
        declaration_submit(
            actor=applicant_user, registration=registration, period=Period(year, "quarterly", 1), goods="0",
            services="250000", clients=[{"kind": "cin", "identifier": "AB12345", "amount": "250000"}],
        )  # fmt: skip
    client.force_login(officer_fes)
    page = client.get("/declarations/plafonds/", {"annee": "2025"}).content.decode()
    assert registration.number in page
    client.post("/declarations/plafonds/detecter/", {"annee": "2025"})
    proposal = StrikeOffProposal.objects.get()
    refused = client.post(f"/declarations/plafonds/{proposal.pk}/decision/", {"decision": "dismiss"}, follow=True)
    assert "Indiquez pourquoi" in refused.content.decode()
    client.post(f"/declarations/plafonds/{proposal.pk}/decision/", {"decision": "confirm"})
    registration.refresh_from_db()
    assert registration.struck_off_on == date(2026, 1, 1)


@pytest.mark.django_db
def test_statistics_page(client, registration, applicant_user, agency_officer):
    declaration_submit(actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 1),
                       goods="100000", services="0")  # fmt: skip
    client.force_login(agency_officer)
    page = client.get("/declarations/statistiques/", {"annee": "2024"}).content.decode()
    assert "Fès-Meknès" in page and "100" in page
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert "فاس مكناس" in client.get("/declarations/statistiques/", {"annee": "2024"}).content.decode()


@pytest.mark.django_db
def test_the_entrepreneurs_page_shows_the_year_against_the_ceilings_in_constant_queries(
    client, registration, applicant_user, django_assert_max_num_queries
):
    for number in (1, 2, 3):
        declaration_submit(actor=applicant_user, registration=registration, period=Period(2024, "quarterly", number),
                           goods="200000", services="0")  # fmt: skip
    client.force_login(applicant_user)
    with django_assert_max_num_queries(14):
        page = client.get("/declarations/", {"annee": "2024"}).content.decode()
    assert "600\u202f000,00\u00a0DH" in page and "Plafond dépassé cette année" in page


@pytest.mark.django_db
def test_national_officers_see_missing_declarations_counted_by_region(
    client, registration, agency_officer, submit, officer_casa, casa_province
):
    from moukawil.registry.models import Registration
    from moukawil.registry.services import application_transition

    other = submit(actor=officer_casa, cin="CD998877", province=casa_province)
    application_transition(actor=officer_casa, application=other, name="approve")
    Registration.objects.update(registered_on=date(2022, 1, 10))
    client.force_login(agency_officer)
    page = client.get("/declarations/suivi/", {"annee": "2025", "periodicite": "quarterly", "periode": "2"})
    text = page.content.decode()
    assert 'data-testid="missing-by-region"' in text
    assert "Fès-Meknès" in text and "Casablanca-Settat" in text
