"""The offline check-in page: downloaded list, three check-ins with the network cut, synced once when it returns."""

from moukawil.caravans.models import Registration, Scan
from tests.browser.test_register import log_in
from tests.caravans.conftest import campaign, make_stop, register, stop  # noqa: F401  (its fixtures)


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
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "caravans-new-campaign-calendar.png", full_page=True)
    page.context.add_cookies([{"name": "moukawil_language", "value": "ar", "url": page.url}])
    page.goto("/caravanes/forums-rabat/escales/nouvelle/")
    page.get_by_role("heading", name="محطة جديدة").wait_for()
    assert "المقاعد" in page.content() and "الغرفة المستضيفة" in page.content()
    page.screenshot(path=ARTIFACTS / "caravans-new-stop-ar.png", full_page=True)
