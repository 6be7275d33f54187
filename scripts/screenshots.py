"""Screenshot the main pages in French and Arabic, as each role sees them, into var/screenshots/.
``python scripts/screenshots.py home`` takes only the pages whose name contains ``home``.

Starts its own server on a free port against the demo database (run `make demo` once before), logs in with the
demo accounts and drives Debian's Chromium. Open the PNG files and look at them before calling a page done.
"""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from moukawil.registry.numbers import registration_number
from scripts.chromium import launch_chromium

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "screenshots"
PASSWORD = "Moukawil-demo-2026"
# The demo entrepreneur's registration is the first of the demo history (2019, see moukawil/demo/register.py).
NUMBER = registration_number(2019, 1)
LAST_YEAR = datetime.datetime.now(datetime.UTC).year - 1

# (file name, login or None, path)
PAGES = [
    ("public-home", None, "/"),
    ("signup", None, "/inscription/"),
    ("login", None, "/connexion/"),
    ("ccis-home", "ccis.fes@demo.moukawil.ma", "/"),
    ("ccis-organisations", "ccis.fes@demo.moukawil.ma", "/organisations/"),
    ("ccis-audit", "ccis.fes@demo.moukawil.ma", "/journal/"),
    ("national-home", "agence@demo.moukawil.ma", "/"),
    ("viewer-home", "ministere@demo.moukawil.ma", "/"),
    ("bank-home", "banque@demo.moukawil.ma", "/"),
    ("vendor-home", "fournisseur@demo.moukawil.ma", "/"),
    ("admin-home", "admin@demo.moukawil.ma", "/"),
    ("admin-users", "admin@demo.moukawil.ma", "/comptes/?role=ccis_officer"),
    ("admin-user-create", "admin@demo.moukawil.ma", "/comptes/nouveau/"),
    ("ccis-not-found", "ccis.fes@demo.moukawil.ma", "/registre/demandes/INCONNUE/"),
    ("entrepreneur-denied", "entrepreneur@demo.moukawil.ma", "/journal/"),
    ("entrepreneur-home", "entrepreneur@demo.moukawil.ma", "/"),
    ("entrepreneur-account", "entrepreneur@demo.moukawil.ma", "/compte/"),
    ("entrepreneur-file", "entrepreneur@demo.moukawil.ma", "/registre/mon-dossier/"),
    ("ccis-queue", "ccis.fes@demo.moukawil.ma", "/registre/demandes/"),
    ("ccis-registrations", "ccis.fes@demo.moukawil.ma", "/registre/inscriptions/"),
    ("ccis-counter", "ccis.fes@demo.moukawil.ma", "/registre/guichet/"),
    ("public-verify", None, "/verifier/?numero=" + NUMBER),
    ("ccis-imports", "ccis.fes@demo.moukawil.ma", "/registre/imports/"),
    ("ccis-duplicates", "ccis.fes@demo.moukawil.ma", "/registre/doublons/"),
    ("national-figures", "agence@demo.moukawil.ma", "/registre/chiffres/"),
    ("public-simulator", None, "/simulateur/?goods=60000&services=12000&periodicity=quarterly"),
    ("public-rules", None, "/regles/"),
    ("entrepreneur-declarations", "entrepreneur@demo.moukawil.ma", "/declarations/"),
    ("entrepreneur-declare", "entrepreneur@demo.moukawil.ma", f"/declarations/{NUMBER}/2026/quarterly/3/"),
    ("ccis-declarations", "ccis.fes@demo.moukawil.ma", "/declarations/suivi/"),
    ("national-ceilings", "agence@demo.moukawil.ma", f"/declarations/plafonds/?annee={LAST_YEAR}"),
    ("national-declaration-statistics", "agence@demo.moukawil.ma", f"/declarations/statistiques/?annee={LAST_YEAR}"),
    ("public-programmes", None, "/programmes/"),
    ("public-programme-checklist", None, "/programmes/infitah/?region=03&turnover=4000000&created_on=2019-01-01"),
    ("entrepreneur-programmes", "entrepreneur@demo.moukawil.ma", "/programmes/candidatures/"),
    ("ccis-enterprises", "ccis.fes@demo.moukawil.ma", "/entreprises/"),
    ("ccis-calls", "ccis.fes@demo.moukawil.ma", "/programmes/appels/"),
]


def _demo_ids() -> dict[str, int]:
    """Ids of demo rows some pages need (read from the demo SQLite database)."""
    import sqlite3

    with sqlite3.connect(ROOT / "var" / "moukawil.sqlite3") as db:
        draft = db.execute("SELECT id FROM programmes_call WHERE status = 'draft' LIMIT 1").fetchone()
        infitah = db.execute(
            "SELECT c.id FROM programmes_call c JOIN programmes_programme p ON p.id = c.programme_id "
            "WHERE p.code = 'infitah' AND c.status = 'published'"
        ).fetchone()
        accepted = db.execute(
            "SELECT a.id FROM programmes_programmeapplication a WHERE a.state = 'accepted' AND a.call_id = ?",
            infitah,
        ).fetchone()
    return {"draft": draft[0], "infitah": infitah[0], "accepted": accepted[0]}


def _id_pages() -> list[tuple[str, str | None, str]]:
    ids = _demo_ids()
    return [
        ("ccis-call", "ccis.fes@demo.moukawil.ma", f"/programmes/appels/{ids['infitah']}/"),
        ("national-what-if", "agence@demo.moukawil.ma", f"/programmes/appels/{ids['draft']}/simulation/"),
        ("national-programme-application", "agence@demo.moukawil.ma", f"/programmes/candidatures/{ids['accepted']}/"),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = sys.argv[1:]
    pages = [page for page in PAGES + _id_pages() if not wanted or any(word in page[0] for word in wanted)]
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for language in ("fr", "ar"):
                for name, login, path in pages:
                    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
                    context.add_cookies([{"name": "moukawil_language", "value": language, "url": base}])
                    page = context.new_page()
                    if login:
                        page.goto("/connexion/")
                        page.fill("#id_username", login)
                        page.fill("#id_password", PASSWORD)
                        page.click("button[type=submit].w-100")
                        page.wait_for_load_state()
                    page.goto(path)
                    target = OUT / f"{name}-{language}.png"
                    page.screenshot(path=target, full_page=True)
                    print(target.relative_to(ROOT))
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
