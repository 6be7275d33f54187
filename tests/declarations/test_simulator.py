"""The public simulator with the same-client rule: the page and the API take the same inputs, give the same figures
and refuse bad input the same way (French message naming the field)."""

import re

import pytest
from django.test import Client

Q2_2024 = {"periodicity": "quarterly", "on": "2024-05-10"}


def api(client, query):
    return client.get("/api/v1/rules/simulate", query)


def test_below_the_threshold_nothing_is_withheld(client: Client):
    body = api(client, {**Q2_2024, "client_kind": ["ice", "cin"], "client_amount": ["50000", "20000"]}).json()
    assert body["withholding"] == "0.00" and body["withholding_base"] == "0.00"
    assert body["tax_services"] == "700.00"  # 1 % of the clients' total, 70,000 DH (services left at 0)
    assert [c["above_threshold"] for c in body["clients"]] == ["0.00", "0.00"]
    assert body["same_client_threshold"] == "80000" and body["same_client_rate"] == "0.30"


def test_above_the_threshold_the_client_withholds_30_percent_of_the_surplus(client):
    # Client 1 paid 60,000 earlier in 2024 and 50,000 this quarter: 30,000 above 80,000, withheld at 30 %.
    query = {**Q2_2024, "services": "70000", "client_kind": ["ice", "cin"], "client_amount": ["50000", "20000"],
             "client_earlier": ["60000", ""]}  # fmt: skip
    body = api(client, query).json()
    assert (body["withholding_base"], body["withholding"]) == ("30000.00", "9000.00")
    assert body["tax_services"] == "400.00"  # 1 % of the 40,000 DH left in the auto-entrepreneur's base
    assert [(c["number"], c["above_threshold"], c["withholding"]) for c in body["clients"]] == [
        (1, "30000.00", "9000.00"), (2, "0.00", "0.00"),
    ]  # fmt: skip
    rule = next(r for r in body["rules"] if r["code"] == "ae.same_client.withholding_rate")
    assert "157" not in rule["reference"] and "73-II-G-9°" in rule["reference"]
    assert rule["description_ar"].startswith("الاقتطاع من المنبع")

    page = client.get("/simulateur/", query).content.decode()
    assert 'data-testid="withholding">9\u202f000,00\u00a0DH' in page
    assert re.search(
        r"Au-delà de 80\s000 DH par an encaissés d'un même client, ce client retient 30 % à la source", page
    )
    assert "Loi de finances 2023, Code général des impôts art. 73-II-G-9°" in page
    client.cookies["moukawil_language"] = "ar"
    page = client.get("/simulateur/", query).content.decode()
    assert "الاقتطاع من المنبع على الجزء الذي يتجاوز السقف" in page


def test_before_2023_there_is_no_same_client_rule(client):
    query = {"periodicity": "quarterly", "on": "2022-05-10", "client_kind": "ice", "client_amount": "200000"}
    body = api(client, query).json()
    assert body["withholding"] == "0.00" and body["same_client_threshold"] is None
    assert body["tax_services"] == "2000.00"  # the whole 200,000 DH at 1 %
    assert not any(r["code"].startswith("ae.same_client") for r in body["rules"])
    page = client.get("/simulateur/", query).content.decode()
    assert (
        "La règle du même client ne s'applique pas à cette période : elle est en vigueur depuis le 01/01/2023" in page
    )


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"goods": "-5"}, "goods", "montant positif ou nul attendu"),
        ({"services": "1e12"}, "services", "montant trop élevé"),
        ({"goods": "12,345"}, "goods", "deux décimales au plus"),
        ({"client_kind": "iban", "client_amount": "10"}, "client_kind", "Client 1 : type ICE ou CIN."),
        ({"client_kind": ["cin", "ice"], "client_amount": ["10", "-1"]}, "client_amount", "Client 2 : montant"),
        ({"client_kind": "cin", "client_amount": "5", "client_earlier": "abc"}, "client_earlier", "invalide"),
        ({"services": "100", "client_kind": "cin", "client_amount": "500"}, "client_amount", "dépasse"),
        ({"on": "1999-01-01"}, "on", "Date hors des règles connues"),
    ],
)
def test_page_and_api_refuse_the_same_input_naming_the_field(client, query, field, message):
    response = api(client, {**Q2_2024, **query})
    assert response.status_code == 400, response.json()
    assert response.json()["field"] == field and message in response.json()["message"]
    page = client.get("/simulateur/", {**Q2_2024, **query}, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="simulation"' not in page
    assert response.json()["message"].replace("'", "&#x27;") in page
