"""The offline check-in page: downloaded list, three check-ins with the network cut, synced once when it returns."""

import re

import pytest

from moukawil.caravans.models import Registration, Scan
from tests.browser.test_register import log_in
from tests.caravans.conftest import campaign, make_stop, register  # noqa: F401  (its fixtures)


@pytest.fixture
def stop(make_stop):  # noqa: F811
    """Today's stop: scans count from the stop's day on."""
    return make_stop(days=0)


def test_an_officer_checks_in_three_attendees_offline_and_they_sync_once(page, officer_fes, stop, register):  # noqa: F811
    people = [register(stop, i) for i in range(5)]
    log_in(page, officer_fes)
    page.goto(f"/caravanes/escales/{stop.pk}/pointage/")
    page.get_by_test_id("list-count").filter(has_text="5 inscrits").wait_for()
    page.locator("#checkin[data-offline-ready=true]").wait_for()
    page.context.set_offline(True)
    page.get_by_test_id("network").filter(has_text="Hors ligne").wait_for()
    code = page.get_by_label("Code d'accueil")
    code.fill(people[0].code)
    code.press("Enter")
    code.fill(f"MKC:{stop.pk}:{people[1].code.lower()}")  # as a QR code reads it, in any case
    code.press("Enter")
    page.get_by_label("Rechercher un nom").fill("Participant 2")
    page.get_by_role("button", name="Pointer Participant 2").click()
    code.fill(people[0].code)  # scanned again: refused on the device, not queued
    code.press("Enter")
    assert "Déjà pointé" in page.get_by_test_id("last").inner_text()
    page.get_by_test_id("pending").filter(has_text="3 en attente").wait_for()
    assert Registration.objects.filter(stop=stop, state="present").count() == 0
    # The page still opens with the network cut (service worker and the list kept on the device).
    page.reload()
    page.get_by_test_id("pending").filter(has_text="3 en attente").wait_for()

    page.context.set_offline(False)
    page.get_by_test_id("synced").filter(has_text="3 pointage(s) synchronisé(s)").wait_for()
    page.get_by_test_id("pending").filter(has_text="0 en attente").wait_for()
    page.get_by_role("button", name="Synchroniser").click()  # nothing left to send: nothing counted again
    page.get_by_test_id("list-count").filter(has_text="5 inscrits").wait_for()
    present = set(Registration.objects.filter(stop=stop, state="present").values_list("code", flat=True))
    assert present == {people[0].code, people[1].code, people[2].code}
    assert Scan.objects.filter(stop=stop).count() == 3
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "caravans-check-in.png", full_page=True)


def test_an_officer_creates_a_campaign_and_a_stop_on_the_pages(page, agency_officer):
    from datetime import timedelta

    from moukawil.core import clock

    today = clock.today()
    log_in(page, agency_officer)
    page.goto("/caravanes/")
    page.get_by_role("link", name="Nouvelle campagne").click()
    page.get_by_label("Code (minuscules, chiffres et tirets)").fill("forums-rabat")
    page.get_by_label("Intitulé (français)").fill("Forums de Rabat")
    page.get_by_label("Début").fill(today.isoformat())
    page.get_by_label("Fin").fill((today + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Créer la campagne").click()
    page.get_by_role("heading", name="Nouvelle escale").wait_for()
    page.locator("#id_city").fill("Salé")
    from moukawil.territory.models import Province

    page.locator("#id_province").select_option(value=str(Province.objects.get(code="MA-SAL").pk))
    page.locator("#id_venue").fill("Maison de l'entreprise")
    page.locator("#id_day").fill((today + timedelta(days=3)).isoformat())
    page.locator("#id_opens_at").fill("09:00")
    page.locator("#id_closes_at").fill("13:00")
    page.locator("#id_capacity").fill("0")
    page.get_by_label("Formation").check()
    page.get_by_role("button", name="Ajouter l'escale").click()
    assert "Places : entre 1 et 100" in page.content()  # refused next to its field, the rest kept
    page.locator("#id_capacity").fill("80")
    page.get_by_role("button", name="Ajouter l'escale").click()
    page.get_by_test_id("calendar").filter(has_text="Maison de l'entreprise").wait_for()
    assert "Salé" in page.get_by_test_id("calendar").inner_text()
    assert "En préparation" in page.get_by_test_id("campaign-state").inner_text()  # a draft until published
    page.get_by_role("button", name="Publier la campagne").click()
    page.get_by_test_id("campaign-state").filter(has_text="Inscriptions ouvertes").wait_for()
    assert "Prévue" in page.get_by_test_id("calendar").inner_text()
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "caravans-new-campaign-calendar.png", full_page=True)
    page.context.add_cookies([{"name": "moukawil_language", "value": "ar", "url": page.url}])
    page.goto("/caravanes/forums-rabat/escales/nouvelle/")
    page.get_by_role("heading", name="محطة جديدة").wait_for()
    assert "المقاعد" in page.content() and "الغرفة المستضيفة" in page.content()
    page.screenshot(path=ARTIFACTS / "caravans-new-stop-ar.png", full_page=True)


def qr_video(text: str, path, *, width: int = 320, height: int = 240, frames: int = 10) -> None:
    """A Y4M video (YUV4MPEG2, 4:2:0) showing the QR code of ``text``, made in pure Python for Chromium's fake
    camera: the Y plane is the image in grey levels (black modules on white), U and V are 128 (no colour). The code is
    the project's own (``caravans.tasks.qr_code``, the one of the confirmation e-mail)."""
    from moukawil.caravans.tasks import qr_code

    matrix = [list(row) for row in qr_code(text).matrix]
    border = 4
    size = len(matrix) + 2 * border
    scale = min(width, height) // size
    left, top = (width - size * scale) // 2, (height - size * scale) // 2
    luma = bytearray(b"\xff" * (width * height))
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if not dark:
                continue
            for y in range(top + (r + border) * scale, top + (r + border + 1) * scale):
                start = y * width + left + (c + border) * scale
                luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * ((width // 2) * (height // 2))
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * frames)


def test_the_camera_reads_a_registrants_qr_code(browser, live_server, officer_fes, stop, register, tmp_path):  # noqa: F811
    """Chromium's fake camera plays a video of the QR code a registrant received; the check-in page reads it (jsQR:
    Chromium on Linux has no BarcodeDetector), checks the registrant in on the device and syncs the scan once."""
    from moukawil.caravans.tasks import qr_text
    from scripts.chromium import ARGS, CHROMIUM

    people = [register(stop, i) for i in range(3)]
    video = tmp_path / "qr.y4m"
    qr_video(qr_text(people[1]), video)  # what the confirmation e-mail's QR code holds: MKC:<stop>:<code>
    camera = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[*ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-video-capture={video}"],
    )  # fmt: skip
    try:
        context = camera.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, officer_fes)
        page.goto(f"/caravanes/escales/{stop.pk}/pointage/")
        page.get_by_test_id("list-count").filter(has_text="3 inscrits").wait_for()
        page.get_by_role("button", name="Scanner avec la caméra").click()
        page.get_by_test_id("last").filter(has_text=f"Présence enregistrée — {people[1].name}").wait_for()
        page.get_by_test_id("synced").filter(has_text="1 pointage(s) synchronisé(s)").wait_for()
        page.get_by_test_id("pending").filter(has_text="0 en attente").wait_for()
        # The camera keeps seeing the same code: the device counts it once, and so does the server.
        page.wait_for_timeout(1000)
        assert set(Registration.objects.filter(stop=stop, state="present").values_list("code", flat=True)) == {
            people[1].code
        }
        assert Scan.objects.filter(stop=stop).count() == 1
        assert Registration.objects.get(pk=people[1].pk).checked_in_device.startswith("mk-")
        # The button now stops the camera: its stream's tracks end (the camera's light goes off), the video hides.
        page.evaluate("window.mkTracks = document.getElementById('camera').srcObject.getTracks()")
        page.get_by_role("button", name="Arrêter la caméra").click()
        page.get_by_role("button", name="Scanner avec la caméra").wait_for()
        assert page.evaluate("window.mkTracks.every((t) => t.readyState === 'ended')")
        assert page.evaluate("document.getElementById('camera').srcObject === null")
        assert not page.locator("#camera").is_visible()
        # Started again: one new stream, the old one stays stopped.
        page.get_by_role("button", name="Scanner avec la caméra").click()
        page.get_by_role("button", name="Arrêter la caméra").wait_for()
        assert page.evaluate("document.getElementById('camera').srcObject.getTracks().length") == 1
        assert page.evaluate("window.mkTracks.every((t) => t.readyState === 'ended')")
        assert Scan.objects.filter(stop=stop).count() == 1
    finally:
        camera.close()


FRENCH_WORDS = re.compile(r"\b(code|inconnu|inscription|escale|pointé|appareil|serveur|refusé|pour|le|la)\b", re.I)


def test_an_arabic_check_in_page_shows_the_servers_reasons_in_arabic_only(page, officer_fes, stop, make_stop, register):  # noqa: F811
    other = make_stop(city="Meknès", province="MA-MEK", days=3)
    elsewhere = register(other, 9)
    log_in(page, officer_fes)
    page.get_by_role("button", name="العربية").click()
    page.wait_for_selector("html[dir=rtl]")
    page.goto(f"/caravanes/escales/{stop.pk}/pointage/")
    page.locator("#checkin[data-offline-ready=true]").wait_for()
    code = page.locator("#code-input")
    for typed in (elsewhere.code, "ZZZZ9999"):
        code.fill(typed)
        code.press("Enter")
    reported = page.get_by_test_id("reported").locator("li")
    reported.nth(1).wait_for()
    text = page.get_by_test_id("reported").inner_text()
    assert "تسجيل في محطة أخرى" in text and "رمز غير معروف" in text
    # Nothing French on the Arabic page: neither the server's reasons nor the page's own messages.
    shown = page.locator("#checkin").inner_text().replace(elsewhere.code, "").replace("ZZZZ9999", "")
    assert not FRENCH_WORDS.search(shown), shown
    assert Scan.objects.filter(stop=stop, outcome="refused").count() == 2

    # Back in French, the reasons kept from the Arabic page read as their outcome, in French.
    page.get_by_role("button", name="Français").click()
    page.wait_for_selector("html[dir=ltr]")
    page.get_by_test_id("reported").locator("li").nth(1).wait_for()
    text = page.get_by_test_id("reported").inner_text()
    assert text.count("Refusé") == 2
    assert not re.search("[\u0600-\u06ff]", text)


def test_a_batch_lost_on_the_way_is_sent_again_without_a_click(page, officer_fes, stop, register):  # noqa: F811
    person = register(stop, 1)
    log_in(page, officer_fes)
    page.goto(f"/caravanes/escales/{stop.pk}/pointage/")
    page.get_by_test_id("list-count").filter(has_text="1 inscrits").wait_for()
    dropped = []

    def drop_the_first(route):
        if not dropped:
            dropped.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/sync", drop_the_first)
    code = page.get_by_label("Code d'accueil")
    code.fill(person.code)
    code.press("Enter")
    page.get_by_test_id("synced").filter(has_text="1 pointage(s) synchronisé(s)").wait_for()
    assert dropped and Registration.objects.get(pk=person.pk).state == "present"
