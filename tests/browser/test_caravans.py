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
