"""The conventions' and dashboards' pages: progress, charts, map and tables; bounded queries; exports; open data."""

import csv
import io
import shutil
import subprocess
from datetime import date

import pytest

from moukawil.conventions.services import convention_document_add
from moukawil.indicators.services import summaries_refresh
from tests.conventions.seed import fes_anpme_convention
from tests.factories import UserFactory
from tests.indicators.rows import make_registrations


@pytest.fixture
def convention(fes, officer_fes):
    return fes_anpme_convention(fes, officer_fes)


@pytest.mark.django_db
def test_the_convention_page_shows_progress_bars_chart_map_and_tables(client, convention, fes, officer_fes, activities):
    make_registrations(fes, date(2019, 12, 31), 500)
    client.force_login(officer_fes)
    page = client.get(f"/conventions/{convention.pk}/").content.decode()
    assert 'value="100"' in page and 'value="33"' in page  # the bars: 100 % of 2019, 33 % of 2020
    assert "100\u00a0%" in page and "33,3\u00a0%" in page
    assert 'data-chart="chart-progress"' in page and 'data-testid="region-map"' in page
    assert 'data-testid="map-table"' in page and "style=" not in page
    exported = client.get(f"/conventions/{convention.pk}/?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode()), delimiter=";"))
    assert rows[1][0] == "Auto-entrepreneurs inscrits — 2019" and rows[1][5] == "500"
    assert client.get(f"/conventions/{convention.pk}/?format=xlsx").status_code == 200
    report = client.get(f"/conventions/{convention.pk}/rapport.pdf")
    assert report["Content-Type"] == "application/pdf" and report.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_another_regions_officer_does_not_see_the_convention(client, convention, officer_casa):
    client.force_login(officer_casa)
    assert client.get(f"/conventions/{convention.pk}/").status_code == 404
    assert "CCIS Fès-Meknès" not in client.get("/conventions/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("regions", [1, 12])
def test_dashboard_queries_do_not_grow_with_regions_or_years(
    client, territory, activities, agency_officer, django_assert_max_num_queries, regions
):
    for code in list(territory)[:regions]:
        for year in range(2019, 2019 + regions // 2 + 1):
            make_registrations(territory[code], date(year, 3, 1), 2, women=1)
    summaries_refresh(actor=agency_officer, all_years=True)
    client.force_login(agency_officer)
    with django_assert_max_num_queries(24):
        page = client.get("/tableaux-de-bord/").content.decode()
    assert 'data-chart="chart-by-month"' in page and 'data-chart="chart-women"' in page
    assert 'data-testid="region-map"' in page and "style=" not in page
    with django_assert_max_num_queries(24):
        client.get("/tableaux-de-bord/?annee=2019&categorie=services&indicateur=register.women_share")


@pytest.mark.django_db
def test_the_women_share_is_shown_with_its_definition(client, fes, activities, agency_officer):
    make_registrations(fes, date(2019, 5, 2), 100, women=31, pending=100)
    summaries_refresh(actor=agency_officer, all_years=True)
    client.force_login(agency_officer)
    page = client.get("/tableaux-de-bord/?annee=2019").content.decode()
    assert "31\u00a0%" in page and "Part des femmes parmi les inscrits" in page
    assert "Inscriptions de femmes divisées par l&#x27;ensemble des inscriptions" in page
    figures = client.get("/registre/chiffres/?annee=2019").content.decode()
    assert "31\u00a0%" in figures and "Inscriptions de femmes divisées par l&#x27;ensemble des inscriptions" in figures


@pytest.mark.django_db
def test_a_chamber_officer_sees_only_his_region_on_the_dashboard(client, fes, casa, activities, officer_fes):
    make_registrations(fes, date(2019, 5, 2), 7)
    make_registrations(casa, date(2019, 5, 2), 40)
    summaries_refresh(actor=None, all_years=True)
    client.force_login(officer_fes)
    page = client.get("/tableaux-de-bord/?region=06").content.decode()
    assert 'data-code="register.registrations">7<' in page


@pytest.mark.django_db
def test_open_data_hides_small_cells_and_holds_no_personal_data(client, fes, casa, activities, agency_officer):
    make_registrations(fes, date(2019, 5, 2), 12, women=3, pending=2)
    make_registrations(casa, date(2019, 5, 2), 6, women=6)
    client.force_login(agency_officer)
    body = b"".join(client.get("/tableaux-de-bord/donnees-ouvertes.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    numbers = [cell for row in rows[1:] for cell in row[5:]]
    assert numbers and all(cell in ("0", "<5") or int(cell) >= 5 for cell in numbers)
    assert "<5" in numbers and "6" in numbers
    for personal in ("Prénom", "Nom1", "ZZ0", "@", "0612345678", "T2019"):  # names, CIN, e-mail, phone, RNAE
        assert personal not in body


@pytest.mark.django_db
def test_a_document_must_be_a_pdf_of_at_most_10_mb(convention, officer_fes):
    from django.core.exceptions import PermissionDenied
    from django.core.files.uploadedfile import SimpleUploadedFile

    from moukawil.core.errors import BusinessError

    with pytest.raises(BusinessError, match="PDF"):
        convention_document_add(actor=officer_fes, convention=convention, kind="text",
                                upload=SimpleUploadedFile("texte.pdf", b"MZ\x90\x00 not a pdf"))  # fmt: skip
    with pytest.raises(BusinessError, match="10 Mo"):
        convention_document_add(actor=officer_fes, convention=convention, kind="text",
                                upload=SimpleUploadedFile("t.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)))  # fmt: skip
    with pytest.raises(PermissionDenied):
        convention_document_add(actor=UserFactory(viewer=True), convention=convention, kind="text",
                                upload=SimpleUploadedFile("t.pdf", b"%PDF-1.4"))  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["-1", "0", "1e12", "abc", "NaN", "12\x00"])
def test_an_absurd_target_is_refused_naming_the_field(client, convention, officer_fes, target):
    client.force_login(officer_fes)
    response = client.post(f"/conventions/{convention.pk}/engagements/", {
        "indicator": "register.registrations", "scope": "national", "starts_on": "2019-01-01",
        "ends_on": "2019-12-31", "target": target,
    })  # fmt: skip
    page = response.content.decode()
    assert convention.commitments.count() == 2  # nothing written
    if "\x00" in target:  # refused before the form by the one NUL guard (core.middleware), naming the field
        assert response.status_code == 400 and "target : le caractère nul" in page
    else:
        assert response.status_code == 200 and "La cible doit être un nombre positif" in page


@pytest.mark.django_db
def test_the_workflow_steps_and_the_reader_refused(convention, officer_fes, officer_casa):
    from django.core.exceptions import PermissionDenied

    from moukawil.conventions.services import convention_transition

    with pytest.raises(PermissionDenied):
        convention_transition(actor=officer_casa, convention=convention, name="adopt", on=date(2019, 3, 1))
    with pytest.raises(PermissionDenied):
        convention_transition(actor=UserFactory(viewer=True), convention=convention, name="adopt", on=date(2019, 3, 1))
    for name, on in (("adopt", date(2019, 3, 14)), ("sign", date(2019, 3, 28)), ("start", None)):
        convention = convention_transition(actor=officer_fes, convention=convention, name=name, on=on)
    assert convention.state == "in_execution" and convention.transitions.count() == 3


@pytest.mark.django_db
def test_the_api_gives_progress_and_refuses_an_absurd_target_as_the_form(client, convention, fes, officer_fes,
                                                                           activities):  # fmt: skip
    from moukawil.accounts.services import api_token_create

    make_registrations(fes, date(2019, 12, 31), 500)
    _token, secret = api_token_create(actor=officer_fes, user=officer_fes, name="test")
    headers = {"Authorization": f"Bearer {secret}"}
    body = client.get(f"/api/v1/conventions/{convention.pk}", headers=headers).json()
    assert [(p["value"], p["percent"]) for p in body["progress"]] == [("500", "100.0"), ("500", "33.3")]
    refused = client.post(
        f"/api/v1/conventions/{convention.pk}/commitments",
        content_type="application/json",
        headers=headers,
        data={
            "indicator": "register.registrations",
            "scope": "national",
            "starts_on": "2019-01-01",
            "ends_on": "2019-12-31",
            "target": "1e12",
        },
    )
    assert refused.status_code == 400 and refused.json()["field"] == "target"
    assert client.get("/api/v1/indicators", headers=headers).json()[0]["definition"]


@pytest.mark.django_db
def test_an_officer_attaches_the_signed_text_and_downloads_it(client, convention, officer_fes, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer_fes)
    pdf = SimpleUploadedFile("convention-signee.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    client.post(f"/conventions/{convention.pk}/documents/", {"kind": "text", "file": pdf})
    document = convention.documents.get()
    assert (document.name, document.size) == ("convention-signee.pdf", 15)
    downloaded = client.get(f"/conventions/{convention.pk}/documents/{document.pk}/")
    assert b"".join(downloaded.streaming_content).startswith(b"%PDF-1.4")


@pytest.mark.django_db
def test_a_commitment_names_its_programme_not_its_code(client, convention, officer_fes, settings):
    from moukawil.conventions.services import commitment_add
    from moukawil.programmes.models import Programme

    Programme.objects.update_or_create(code="accompagnement-porteurs", defaults={
        "name_fr": "Accompagnement des porteurs de projet", "name_ar": "مواكبة حاملي المشاريع"})  # fmt: skip
    commitment_add(
        actor=officer_fes, convention=convention, indicator="programmes.beneficiaries", scope="region",
        region=convention.region, programme="accompagnement-porteurs", starts_on=date(2019, 1, 1),
        ends_on=date(2019, 12, 31), target=200, label="Porteurs de projets soutenus — 2019",
    )  # fmt: skip
    client.force_login(officer_fes)
    page = client.get(f"/conventions/{convention.pk}/").content.decode()
    assert "Accompagnement des porteurs de projet" in page and "accompagnement-porteurs" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert "مواكبة حاملي المشاريع" in client.get(f"/conventions/{convention.pk}/").content.decode()


@pytest.mark.django_db
def test_the_ministry_viewer_is_told_he_reads_only(client, convention, activities):
    viewer = UserFactory(viewer=True)
    client.force_login(viewer)
    page = client.get(f"/conventions/{convention.pk}/").content.decode()
    assert 'data-testid="read-only"' in page and "Modifier la convention" not in page
    dashboard = client.get("/tableaux-de-bord/").content.decode()
    assert 'data-testid="read-only"' in dashboard and "Recalculer les chiffres" not in dashboard


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_report_asked_from_an_arabic_page_keeps_its_french_half_in_french(client, convention, officer_fes,
                                                                             settings):  # fmt: skip
    client.force_login(officer_fes)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    pdf = client.get(f"/conventions/{convention.pk}/rapport.pdf").content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Convention de partenariat —" in text and "État : Projet" in text
    assert "échéance 31/12/2019 · cible 500" in text


@pytest.mark.django_db
def test_the_commitment_form_names_regions_and_provinces_in_arabic(client, convention, officer_fes, settings):
    client.force_login(officer_fes)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    page = client.get(f"/conventions/{convention.pk}/engagements/").content.decode()
    assert ">فاس مكناس</option>" in page and ">مكناس</option>" in page and ">Fès-Meknès</option>" not in page


@pytest.mark.django_db
def test_the_dashboard_writes_no_figure_as_a_dash_and_a_tiny_rate_not_as_zero(client, fes, casa, agency_officer):
    make_registrations(casa, date(2019, 5, 2), 6, women=3)
    summaries_refresh(actor=None, all_years=True)
    client.force_login(agency_officer)
    page = client.get("/tableaux-de-bord/").content.decode()
    table = page[page.index('data-testid="by-region"') :].split("</table>")[0]
    # Six registrations among Casablanca-Settat's 7.7 million inhabitants: « < 0,01 » per 1,000, not « 0,00 ».
    assert "&lt;\u00a00,01" in table and '<td class="text-end"></td>' not in table
    share = client.get("/tableaux-de-bord/?indicateur=register.women_share").content.decode()
    table = share[share.index('data-testid="by-region"') :].split("</table>")[0]
    assert '<td class="text-end"></td>' not in table  # a share has no rate per inhabitant: « — », not a blank
    assert '<td class="text-end">—</td>' in table


@pytest.mark.django_db
def test_the_arabic_open_data_file_names_the_regions_in_arabic_and_keeps_zeros_as_numbers(
    client, fes, casa, activities, agency_officer
):
    make_registrations(casa, date(2019, 5, 2), 6, women=6)
    client.force_login(agency_officer)
    client.cookies["moukawil_language"] = "ar"
    body = b"".join(client.get("/tableaux-de-bord/donnees-ouvertes.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[1][1] == casa.name_ar and "Casablanca" not in body
    assert all(cell == "0" or cell == "<5" or cell.isdigit() for row in rows[1:] for cell in row[5:])
