"""The load workload measures the officers' pages themselves: its sessions pass production's second factor, and a
page that sends its reader to the login (302) fails its check instead of counting as the login page's 200."""

import http.server
import threading
import urllib.request

import pytest
from django.test import Client

from bench.load import _status, _verified_session


@pytest.mark.django_db
def test_the_officers_session_reaches_the_queue_with_the_second_factor_required(settings, officer_fes):
    settings.MOUKAWIL_REQUIRE_2FA = True
    anonymous = Client()
    assert anonymous.get("/registre/demandes/").status_code == 302
    password_only = Client()
    password_only.force_login(officer_fes)
    assert password_only.get("/registre/demandes/").status_code == 302  # sent to the second factor

    client = Client()
    client.cookies["sessionid"] = _verified_session(officer_fes)
    response = client.get("/registre/demandes/")
    assert response.status_code == 200 and "Demandes" in response.content.decode()


class _Redirecting(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(302 if self.path == "/registre/" else 200)
        self.send_header("Location", "/connexion/")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_redirect_is_its_own_status_not_the_login_pages():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert _status(urllib.request.Request(f"{base}/registre/")) == 302  # noqa: S310 (loopback)
        assert _status(urllib.request.Request(f"{base}/connexion/")) == 200  # noqa: S310
    finally:
        server.shutdown()
        server.server_close()
