"""The pages pass their Content-Security-Policy (docs/security.md): every page of every role's menu, and a few pages
reached from them, load with no refusal in the browser's console — no inline script, no on*= handler, no style=
attribute, nothing from another site. To cover a new page: it is in a role's menu (walked here) or add it to
EXTRA."""

from tests.factories import UserFactory

from .accessibility import PolicyWatch
from .test_accessibility import PUBLIC_PAGES, _enter_as, _menu

# Pages not in a menu, by reader.
EXTRA = {
    "public": [*PUBLIC_PAGES, "/mot-de-passe/oubli/", "/inscription/"],
    "administrator": ["/admin/", "/admin/axes/accessattempt/", "/admin/core/auditevent/"],
}


def test_every_menu_page_of_every_role_passes_the_content_security_policy(
    page, live_server, registration, applicant_user, officer_fes, agency_officer, open_call, make_enterprise
):
    call = open_call("infitah")
    make_enterprise(owner=applicant_user)
    admin = UserFactory(admin=True, is_staff=True, is_superuser=True)
    readers = {
        "public": None,
        "entrepreneur": applicant_user,
        "chamber": officer_fes,
        "agency": agency_officer,
        "viewer": UserFactory(viewer=True),
        "bank": UserFactory(bank_officer=True),
        "vendor": UserFactory(vendor=True),
        "administrator": admin,
    }
    extra = {**EXTRA, "agency": [f"/programmes/appels/{call.pk}/simulation/"]}
    watch = PolicyWatch(page)
    seen = 0
    for reader, user in readers.items():
        _enter_as(page, live_server, user, "fr")
        page.goto("/")
        for path in list(dict.fromkeys(["/", *_menu(page), *extra.get(reader, [])])):
            response = page.goto(path)
            assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            seen += 1
    assert seen > 30
    assert watch.violations == []


def test_an_inline_script_would_be_refused(page, live_server):
    """The check above can fail: the same watch sees the browser refuse a script written into a page."""
    watch = PolicyWatch(page)
    page.goto("/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "window.x = 1"; document.body.append(s);
        const d = document.createElement("div"); d.setAttribute("style", "color: red"); document.body.append(d); }"""
    )
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in watch.violations)
    assert page.evaluate("() => window.x") is None
