"""Pages and API of Infitah: each role sees its work, the API validates what the forms validate, no CIN for partners,
bounded query counts."""

import json
from decimal import Decimal

import pytest

from moukawil.infitah import services
from moukawil.infitah.models import PackOrder


def post(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


@pytest.fixture
def ordered(infitah, permit_holder, owner):
    permit = permit_holder()
    return services.order_create(actor=owner, permit=permit, offer=infitah["offer"], bank=infitah["bank"])


@pytest.mark.django_db
def test_bank_home_and_financing_page_list_his_requests_without_cin(
    client, ordered, bank_officer, other_bank_officer, django_assert_max_num_queries
):
    client.force_login(bank_officer)
    home = client.get("/").content.decode()
    assert "1 demande de financement attend votre décision" in home and ordered.enterprise.name in home
    with django_assert_max_num_queries(12):
        page = client.get("/infitah/financements/").content.decode()
    assert "2\u202f093,00" in page and "CIN" not in page
    client.force_login(other_bank_officer)
    assert ordered.enterprise.name not in client.get("/infitah/financements/").content.decode()
    answer = client.get("/api/v1/infitah/financing-requests").json()
    assert answer["count"] == 0


@pytest.mark.django_db
def test_bank_decides_through_the_api_with_the_forms_checks(client, ordered, bank_officer):
    client.force_login(bank_officer)
    request_id = ordered.financing.pk
    for value in ["abc", "1e20", "-3", "NaN", "\x00"]:
        answer = post(client, f"/api/v1/infitah/financing-requests/{request_id}/decision",
                      {"approve": True, "duration_months": 24, "monthly_payment": value})  # fmt: skip
        # A NUL is refused before the operation by the one guard (core.middleware, 422); the others by the form's check.
        expected = 422 if "\x00" in value else 400
        assert answer.status_code == expected and answer.json()["field"] == "monthly_payment", (value, answer.content)
    terms = {"decision": "approve", "duration_months": "24", "monthly_payment": "-3"}
    page = client.post(f"/infitah/financements/{request_id}/decider/", terms, follow=True)
    assert "Mensualité" in page.content.decode()
    answer = post(client, f"/api/v1/infitah/financing-requests/{request_id}/decision",
                  {"approve": True, "duration_months": 24, "monthly_payment": "95"})  # fmt: skip
    assert answer.status_code == 200 and answer.json()["state"] == "approved"
    assert "cin" not in json.dumps(answer.json()).lower()


@pytest.mark.django_db
def test_vendor_home_lists_financed_orders_and_delivers_from_its_page(
    client, ordered, bank_officer, vendor_user, other_vendor_user
):
    services.financing_decide(actor=bank_officer, request=ordered.financing, approve=True, duration_months=24,
                              monthly_payment="95")  # fmt: skip
    client.force_login(vendor_user)
    assert "1 commande financée attend votre livraison" in client.get("/").content.decode()
    client.post(f"/infitah/commandes/{ordered.pk}/deliver/", {"serial_number": "SN-77"})
    assert PackOrder.objects.get(pk=ordered.pk).state == "delivered"
    client.force_login(other_vendor_user)
    assert client.get("/api/v1/infitah/orders").json()["count"] == 0
    assert post(client, f"/api/v1/infitah/orders/{ordered.pk}/transitions", {"name": "confirm"}).status_code == 404


@pytest.mark.django_db
def test_entrepreneur_orders_from_the_catalogue_and_sees_where_it_stands(client, infitah, permit_holder, owner):
    permit = permit_holder()
    client.force_login(owner)
    catalogue = client.get("/infitah/offres/").content.decode()
    assert "Commander ce pack" in catalogue
    bad = post(client, "/api/v1/infitah/orders", {"permit_number": permit.number, "offer_id": infitah["offer"].pk,
                                                   "bank_id": 999999})  # fmt: skip
    assert bad.status_code == 404
    client.post(f"/infitah/offres/{infitah['offer'].pk}/commander/", {"permit": permit.pk, "bank": infitah["bank"].pk})
    page = client.get("/infitah/").content.decode()
    assert "la banque étudie le financement" in page and "897,00" in page
    assert "Ma commande" in client.get("/").content.decode()
    pdf = client.get(f"/infitah/permis/{permit.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    verification = client.get(f"/verifier/permis/{permit.number}/").content.decode()
    assert "Permis numérique valide" in verification


@pytest.mark.django_db
def test_agency_counters_page_and_api(client, ordered, agency_officer, django_assert_max_num_queries):
    client.force_login(agency_officer)
    with django_assert_max_num_queries(20):
        page = client.get("/infitah/").content.decode()
    assert "Permis numériques délivrés" in page
    counters = client.get("/api/v1/infitah/counters").json()
    assert counters["permits"] == 1 and counters["ordered"] == 1 and Decimal(counters["committed"]) == Decimal("897")
    assert counters["eligible"] >= 1 and counters["target"] == 10000


@pytest.mark.django_db
def test_offer_price_refused_alike_on_the_form_and_the_api(client, make_vendor, vendor_user, open_call):
    make_vendor(vendor_user)
    client.force_login(vendor_user)
    for value in ["0", "-1", "abc", "1e30"]:
        answer = post(
            client,
            "/api/v1/infitah/offers",
            {"description": "Portable", "price": value, "valid_from": "2026-01-01", "valid_until": "2026-12-31"},
        )
        assert answer.status_code == 400 and answer.json()["field"] == "price", (value, answer.content)
        page = client.post("/infitah/offres/nouvelle/", {"description": "Portable", "price": value, "months_3g": "12",
                                                         "valid_from": "2026-01-01", "valid_until": "2026-12-31"},
                           follow=True).content.decode()  # fmt: skip
        assert "Prix TTC" in page
    long = post(
        client,
        "/api/v1/infitah/offers",
        {"description": "x" * 5000, "price": "2990", "valid_from": "2026-01-01", "valid_until": "2026-12-31"},
    )
    assert long.status_code in (400, 422)


@pytest.mark.django_db
def test_viewer_reads_counters_but_the_pages_offer_no_action(client, ordered):
    from tests.factories import UserFactory

    viewer = UserFactory(viewer=True)
    client.force_login(viewer)
    assert "lecture seule" in client.get("/infitah/").content.decode()
    answer = post(client, f"/api/v1/infitah/orders/{ordered.pk}/transitions", {"name": "lapse"})
    assert answer.status_code == 403 and "lecture seule" in answer.json()["message"]
