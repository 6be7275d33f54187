"""The floors the benchmark measures each page against (bench/urls.py) are what they say: a signed-in reader's empty
answer and empty page in the site's frame (anyone else is sent to the login), and a token's empty answer (a wrong
token is refused) — a floor that skipped the session or the token would make every page look slower than it is."""

import pytest
from django.test import Client

from moukawil.accounts.services import api_token_create

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


def test_the_signed_in_floors_answer_only_a_signed_in_reader(officer_fes):
    anonymous = Client()
    assert anonymous.get("/bench/signed-in/").status_code == 302
    assert anonymous.get("/bench/frame/").status_code == 302
    client = Client()
    client.force_login(officer_fes)
    assert client.get("/bench/signed-in/").content == b"ok"
    frame = client.get("/bench/frame/").content.decode()
    assert 'id="main-menu"' in frame and "Demandes" in frame and officer_fes.display_name in frame


def test_the_token_floor_looks_the_token_up(agency_officer):
    _, token = api_token_create(actor=agency_officer, user=agency_officer, name="floor")
    assert Client().get("/bench/api/token", HTTP_AUTHORIZATION=f"Bearer {token}").json() == {}
    refused = Client().get("/bench/api/token", HTTP_AUTHORIZATION="Bearer mkw_wrong")
    assert refused.status_code == 401
    assert Client().get("/bench/api/token").status_code == 401
