"""Login protection (django-axes, docs/security.md): an account, and an address, are refused after 5 failures, even
when the attempts arrive all at once; the refusal says until when; a success resets; an administrator can unlock."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory


class CountingHasher:
    """Counts the password checks (the expensive step an attacker wants to repeat)."""

    def __init__(self, monkeypatch):
        self.calls = 0
        self._lock = threading.Lock()
        verify = MD5PasswordHasher.verify

        def counting(hasher, password, encoded):
            with self._lock:
                self.calls += 1
            return verify(hasher, password, encoded)

        monkeypatch.setattr(MD5PasswordHasher, "verify", counting)


WRONG = "mauvais-mot-de-passe"


def attempt(path="/connexion/", *, email, password=WRONG, address="203.0.113.7"):
    return Client(REMOTE_ADDR=address).post(path, {"username": email, "password": password})


@pytest.mark.django_db(transaction=True)
def test_a_hundred_parallel_bad_logins_let_at_most_seven_password_checks_through(territory, monkeypatch):
    user = UserFactory(email="cible@exemple.ma")
    hasher = CountingHasher(monkeypatch)
    barrier = threading.Barrier(20)

    def work(index):
        try:
            if index < 20:
                barrier.wait()
            return attempt(email=user.email, address=f"198.51.100.{index % 50}").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:  # 20 connections at once: the server is shared
        statuses = list(pool.map(work, range(100)))

    assert hasher.calls <= 7
    assert statuses.count(429) >= 93
    assert set(statuses) <= {200, 429}
    # And the right password is refused straight after: the account is locked.
    response = attempt(email=user.email, password=PASSWORD, address="192.0.2.1")
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session


@pytest.mark.django_db
def test_the_sixth_attempt_is_refused_with_a_clear_message_and_no_password_check(territory, monkeypatch):
    user = UserFactory(email="fatima@exemple.ma")
    for _ in range(4):
        assert attempt(email=user.email).status_code == 200
    hasher = CountingHasher(monkeypatch)
    fifth = attempt(email=user.email)
    assert fifth.status_code == 429 and hasher.calls == 1
    sixth = attempt(email=user.email, password=PASSWORD)
    assert sixth.status_code == 429 and hasher.calls == 1
    page = sixth.content.decode()
    assert "Connexion bloquée" in page and "Réessayez dans 15 minutes" in page

    arabic = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE="ar")
    arabic.cookies["moukawil_language"] = "ar"
    page = arabic.post("/connexion/", {"username": user.email, "password": PASSWORD}).content.decode()
    assert "Connexion bloquée" not in page and "15" in page


@pytest.mark.django_db
def test_an_address_is_refused_after_five_failures_on_different_accounts(territory):
    for index in range(5):
        attempt(email=f"inconnu{index}@exemple.ma", address="203.0.113.99")
    other = UserFactory(email="autre@exemple.ma")
    assert attempt(email=other.email, password=PASSWORD, address="203.0.113.99").status_code == 429
    assert attempt(email=other.email, password=PASSWORD, address="203.0.113.100").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_protected_too(territory):
    admin = UserFactory(email="admin@exemple.ma", is_staff=True, is_superuser=True)
    for _ in range(5):
        attempt("/admin/login/", email=admin.email)
    response = attempt("/admin/login/", email=admin.email, password=PASSWORD)
    assert response.status_code == 429


@pytest.mark.django_db
def test_an_administrator_unlocks_an_account_and_a_success_resets_the_count(territory):
    user = UserFactory(email="karim@exemple.ma")
    for _ in range(5):
        attempt(email=user.email, address="203.0.113.5")
    assert attempt(email=user.email, password=PASSWORD, address="203.0.113.6").status_code == 429

    call_command("axes_reset_username", user.email)
    call_command("axes_reset_ip", "203.0.113.5")
    assert attempt(email=user.email, password=PASSWORD, address="203.0.113.6").status_code == 302
    assert not AccessAttempt.objects.filter(username=user.email).exists()


@pytest.mark.django_db
def test_the_lock_lifts_by_itself_after_the_cool_off(territory):
    user = UserFactory(email="nadia@exemple.ma")
    for _ in range(5):
        attempt(email=user.email)
    assert attempt(email=user.email, password=PASSWORD).status_code == 429
    # Sixteen minutes later (the failures recorded as that old), the right password opens the account.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(email=user.email, password=PASSWORD).status_code == 302
