"""Request rates (core.throttling, docs/security.md): API tokens per account, anonymous calls per address, and the
public verification per address — the page and the API sharing one budget, one number at a time."""

import pytest
from django.test import Client


@pytest.fixture
def rates(settings):
    settings.THROTTLE_RATES = {"api_account": "5/m", "api_anonymous": "4/m", "verification": "3/m"}


@pytest.mark.django_db
def test_an_api_token_is_throttled_per_account(rates, as_user, officer_fes, entrepreneur):
    client = as_user(officer_fes)
    statuses = [client.get("/api/v1/applications").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    refused = client.get("/api/v1/applications")
    body = refused.json()
    assert body["code"] == "throttled" and "réessayez dans" in body["message"]
    assert int(refused["Retry-After"]) > 0
    # Another account is not held back by the first one's calls.
    other = Client()
    from moukawil.accounts.services import api_token_create

    _token, raw = api_token_create(actor=entrepreneur, user=entrepreneur, name="autre")
    assert other.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


@pytest.mark.django_db
def test_anonymous_api_calls_are_throttled_per_address(rates, territory):
    first, second = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")
    assert [first.get("/api/v1/regions").status_code for _ in range(5)] == [200] * 4 + [429]
    assert second.get("/api/v1/regions").status_code == 200


@pytest.mark.django_db
def test_the_public_verification_is_throttled_per_address_page_and_api_together(rates, registration):
    visitor = Client(REMOTE_ADDR="198.51.100.20")
    assert visitor.get(f"/verifier/{registration.number}/").status_code == 200
    assert visitor.get(f"/api/v1/verification/{registration.number}").status_code == 200
    assert visitor.get(f"/verifier/?numero={registration.number}").status_code == 200
    page = visitor.get(f"/verifier/{registration.number}/")
    assert page.status_code == 429 and "Trop de numéros ont été vérifiés" in page.content.decode()
    assert visitor.get(f"/api/v1/verification/{registration.number}").status_code == 429
    assert visitor.get(f"/api/v1/verification/attestation/{registration.number}").status_code == 429
    # The empty form costs nothing; another address is served.
    assert visitor.get("/verifier/").status_code == 200
    assert Client(REMOTE_ADDR="198.51.100.21").get(f"/verifier/{registration.number}/").status_code == 200


@pytest.mark.django_db
def test_the_verification_answers_one_number_at_a_time(registration):
    """No list, no prefix, no pattern: a second number or a wildcard is not a number."""
    number = registration.number
    prefix = number[:8]
    for query in (f"{number},{number}", f"{prefix}*", f"{prefix}%", prefix, f"{number} {number}"):
        body = Client().get("/api/v1/verification/" + query).json()
        assert body["status"] in ("malformed", "unknown"), query
        assert not body.get("name"), query


@pytest.mark.django_db
def test_the_rate_is_counted_over_a_sliding_minute(settings, as_user, officer_fes, monkeypatch):
    """The previous minute's calls still weigh for the part of it inside the last sixty seconds: no burst of twice
    the rate across a minute's boundary, and the budget comes back gradually."""
    from moukawil.core import throttling

    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "api_account": "10/m"}
    clock = [6_000_000.0]  # the start of a minute
    monkeypatch.setattr(throttling, "_clock", lambda: clock[0])
    client = as_user(officer_fes)
    assert [client.get("/api/v1/me").status_code for _ in range(11)] == [200] * 10 + [429]
    clock[0] += 60 + 30  # half-way through the next minute: half of the last minute's ten still count
    statuses = [client.get("/api/v1/me").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    refused = client.get("/api/v1/me")
    assert 1 <= int(refused["Retry-After"]) <= 30
