"""The platform's own error pages, in the page's language: a 403 says why (the policy's reason), a 404 says what to
do, a 500 apologises — never Django's technical pages in English, also in the demo."""

import os
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parent.parent.parent
TECHNICAL = ("Not Found", "Forbidden", "Traceback", "Page not found", "No Application matches", "DEBUG", "Django")


def fetch(client, url, language):
    client.cookies["moukawil_language"] = language
    response = client.get(url)
    return response.status_code, unescape(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "french"),
    [("fr", "Page introuvable", None), ("ar", "الصفحة غير موجودة", "Page introuvable")],
)
def test_an_unknown_record_shows_the_friendly_404(client, officer_fes, language, title, french):
    client.force_login(officer_fes)
    status, page = fetch(client, "/registre/demandes/INCONNUE-000/", language)
    assert status == 404
    assert title in page and 'href="/"' in page
    assert not [word for word in TECHNICAL if word in page]
    if french:
        assert french not in page and "Retour à l'accueil" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "reason", "french"),
    [
        ("fr", "Cette page est réservée aux agents des chambres, de l'agence et du ministère.", None),
        ("ar", "هذه الصفحة مخصصة لموظفي الغرف والوكالة والوزارة.", "Accès refusé"),
    ],
)
def test_a_refusal_shows_the_policy_reason_in_the_page_language(client, entrepreneur, language, reason, french):
    client.force_login(entrepreneur)
    status, page = fetch(client, "/journal/", language)
    assert status == 403
    assert reason in page
    assert not [word for word in TECHNICAL if word in page]
    if french:
        assert french not in page and "réservée" not in page


@pytest.mark.django_db
def test_the_reason_is_shown_with_debug_on_too(client, entrepreneur, settings):
    settings.DEBUG = True
    client.force_login(entrepreneur)
    status, page = fetch(client, "/journal/", "fr")
    assert status == 403 and "Cette page est réservée aux agents" in page


@pytest.mark.parametrize(("language", "text"), [("fr", "Erreur du serveur"), ("ar", "خطأ في الخادم")])
def test_a_server_error_apologises_in_the_page_language(language, text):
    with translation.override(language):
        page = server_error(RequestFactory().get("/")).content.decode()
    assert text in page and f'lang="{language}"' in page
    assert "Server Error" not in page


def test_the_demo_runs_without_debug_and_still_serves_static_files():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, 'whitenoise.middleware.WhiteNoiseMiddleware' in settings.MIDDLEWARE, "
        "settings.WHITENOISE_USE_FINDERS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", "True", "True"]
