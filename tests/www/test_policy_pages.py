"""Pages follow the policy: a read-only viewer is shown no form that writes, and every form an agency officer
sees, replayed as the viewer, writes no row and sends no e-mail."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core import mail

from tests.factories import UserFactory

# Forms anyone logged in may use on his own account: they are not actions on the platform's files.
SELF_SERVICE = ("/deconnexion/", "/i18n/", "/compte/", "/langue/")
# Pages not to crawl: files, logout, language switch.
SKIP = (".pdf", ".csv", ".xlsx", ".json", "/export/", "/deconnexion/", "/i18n/", "/admin/", "/api/", "/static/")
MAX_PAGES = 150


class _Page(HTMLParser):
    """The links and the POST forms of a page, each form with its default values and its submit buttons."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": a.get("action") or "", "data": {}, "buttons": []}
            self.forms.append(self._form)
        elif tag == "option" and self._form is not None and self._select:
            # A select sends its selected option, else its first one.
            if self._select not in self._form["data"] or "selected" in a:
                self._form["data"][self._select] = a.get("value", "")
        elif self._form is None or not a.get("name"):
            return
        elif (tag == "input" and a.get("type") in ("submit", "image")) or tag == "button":
            self._form["buttons"].append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("type") in ("checkbox", "radio"):
            if "checked" in a:
                self._form["data"][a["name"]] = a.get("value", "on")
        elif tag == "input" and a.get("type") != "file":
            self._form["data"][a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["data"][a["name"]] = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["data"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def crawl(client, start: str = "/") -> tuple[list[str], list[dict]]:
    """Every page reachable from ``start`` by links (same site), and every POST form found on them."""
    seen, queue, forms = set(), [start], []
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or any(part in url for part in SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        for form in page.forms:
            form["page"] = url
            form["action"] = urljoin(url, form["action"]) if form["action"] else url
            forms.append(form)
        for link in page.links:
            parts = urlsplit(urljoin(url, link))
            if not parts.netloc or parts.netloc == "testserver":
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return sorted(seen), forms


def _writes(form: dict) -> bool:
    return not any(form["action"].startswith(prefix) or prefix in form["action"] for prefix in SELF_SERVICE)


def _rows() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


def test_the_viewer_is_shown_no_form_that_writes(client, world):
    client.force_login(UserFactory(viewer=True))
    pages, forms = crawl(client)
    assert len(pages) > 15
    assert [(f["page"], f["action"]) for f in forms if _writes(f)] == []


def test_every_form_the_agency_sees_replayed_by_the_viewer_writes_nothing(client, world):
    client.force_login(UserFactory(agency_officer=True))
    _pages, forms = crawl(client)
    forms = [f for f in forms if _writes(f)]
    assert len(forms) > 10, "the agency officer should see forms to act"
    client.force_login(UserFactory(viewer=True))
    before = _rows()
    mail.outbox.clear()
    for form in forms:
        for button in form["buttons"] or [None]:
            data = dict(form["data"])
            if button:
                data[button[0]] = button[1]
            response = client.post(form["action"], data)
            assert response.status_code < 500, form["action"]
    assert _rows() == before
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["bank_officer", "vendor"])
def test_partners_are_shown_no_form_on_the_register(client, world, role):
    client.force_login(UserFactory(**{role: True}))
    _pages, forms = crawl(client)
    # Their own work is Infitah's (the bank decides its financing requests, the vendor applies, publishes, delivers).
    assert [(f["page"], f["action"]) for f in forms if _writes(f) and not f["page"].startswith("/infitah/")] == []
