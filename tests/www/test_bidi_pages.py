"""Arabic pages keep Latin tokens in their own order and write amounts the Arabic way."""

import pytest

from moukawil.declarations.periods import Period
from moukawil.declarations.services import declaration_submit


def arabic(client, user):
    client.force_login(user)
    client.cookies["moukawil_language"] = "ar"
    return client


@pytest.mark.django_db
def test_an_arabic_page_isolates_the_registration_number(client, registration, applicant_user, officer_fes):
    isolated = f'<bdi dir="ltr" class="text-nowrap">{registration.number}</bdi>'
    home = arabic(client, applicant_user).get("/").content.decode()
    assert 'dir="rtl"' in home and isolated in home
    detail = arabic(client, officer_fes).get(f"/registre/inscriptions/{registration.number}/").content.decode()
    assert isolated in detail


@pytest.mark.django_db
def test_amounts_are_written_one_way_per_language(client, registration, applicant_user):
    declaration_submit(
        actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 1), goods="123456.5",
        services="0",
    )  # fmt: skip
    page = arabic(client, applicant_user).get("/declarations/", {"annee": "2024"}).content.decode()
    assert "123.456,50\u00a0درهم" in page and "DH" not in page.replace("(DH)", "")
    client.cookies["moukawil_language"] = "fr"
    page = client.get("/declarations/", {"annee": "2024"}).content.decode()
    assert "123\u202f456,50\u00a0DH" in page
