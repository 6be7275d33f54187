"""The batch sync of offline check-in devices: idempotent, two devices counted once, conflicts reported."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from moukawil.caravans.models import Registration, Scan
from moukawil.caravans.selectors import attendance_by_stop
from moukawil.caravans.services import registration_cancel, scans_sync
from moukawil.core import clock
from moukawil.core.errors import BusinessError


@pytest.fixture
def stop(make_stop):
    """Today's stop: a scan counts from the stop's day on."""
    return make_stop(days=0)


def scan(code, minutes=0):
    return {
        "uuid": str(uuid.uuid4()),
        "code": code,
        "scanned_at": (clock.now() - timedelta(minutes=minutes)).isoformat(),
    }


def test_the_same_batch_sent_twice_counts_each_attendee_once(stop, register, officer_fes):
    people = [register(stop, i) for i in range(3)]
    batch = [scan(p.code, minutes=10 - i) for i, p in enumerate(people)]
    first = scans_sync(actor=officer_fes, stop=stop, device="tel-1", scans=batch)
    again = scans_sync(actor=officer_fes, stop=stop, device="tel-1", scans=batch)
    assert [r.outcome for r in first.results] == ["accepted"] * 3
    assert [r.outcome for r in again.results] == ["accepted"] * 3 and all(r.replayed for r in again.results)
    assert Scan.objects.filter(stop=stop).count() == 3
    assert attendance_by_stop()[stop.pk]["present"] == 3


def test_two_devices_scanning_the_same_attendee_offline_count_one_attendance(stop, register, officer_fes):
    person = register(stop, 1)
    scans_sync(actor=officer_fes, stop=stop, device="tel-1", scans=[scan(person.code, minutes=5)])
    second = scans_sync(actor=officer_fes, stop=stop, device="tel-2", scans=[scan(f"MKC:{stop.pk}:{person.code}")])
    assert second.results[0].outcome == "duplicate" and "Déjà pointé" in second.results[0].reason
    assert "tel-1" in second.results[0].reason
    person.refresh_from_db()
    assert person.state == "present" and person.checked_in_device == "tel-1"
    assert attendance_by_stop()[stop.pk]["present"] == 1
    assert Scan.objects.filter(registration=person).count() == 2  # both kept: the second as a duplicate


def test_a_scan_for_another_stop_is_refused_with_its_reason(make_stop, register, officer_fes):
    fes = make_stop(days=0)
    meknes = make_stop(city="Meknès", province="MA-MEK", days=9)
    elsewhere = register(meknes, 1)
    report = scans_sync(actor=officer_fes, stop=fes, device="tel-1", scans=[scan(elsewhere.code)])
    result = report.results[0]
    assert result.outcome == "refused"
    assert result.reason.startswith("Inscription pour une autre escale : Meknès, le ")
    elsewhere.refresh_from_db()
    assert elsewhere.state == "confirmed"


def test_a_cancelled_attendee_scanned_offline_is_reported_as_a_conflict_not_lost(stop, register, officer_fes):
    person = register(stop, 1)
    registration_cancel(actor=officer_fes, registration=person)
    report = scans_sync(actor=officer_fes, stop=stop, device="tel-1", scans=[scan(person.code)])
    assert report.results[0].outcome == "conflict" and "annulée" in report.results[0].reason
    stored = Scan.objects.get(uuid=report.results[0].uuid)
    assert stored.outcome == "conflict" and stored.registration == person


def test_walk_ins_synced_twice_are_registered_once(stop, officer_fes):
    walk_in = {"uuid": str(uuid.uuid4()), "name": "Youssef Amrani", "gender": "M", "phone": "0661234567",
               "scanned_at": clock.now().isoformat()}  # fmt: skip
    scans_sync(actor=officer_fes, stop=stop, device="tel-1", scans=[], walk_ins=[walk_in])
    scans_sync(actor=officer_fes, stop=stop, device="tel-2", scans=[], walk_ins=[walk_in])
    walk = Registration.objects.get(stop=stop, channel="walk_in")
    assert walk.state == "present" and walk.name == "Youssef Amrani"
    counts = attendance_by_stop()[stop.pk]
    assert counts["walk_ins"] == 1 and counts["present"] == 1 and counts["registered"] == 0


def test_bad_scans_are_refused_naming_the_field(stop, officer_fes):
    with pytest.raises(BusinessError) as refused:
        scans_sync(
            actor=officer_fes,
            stop=stop,
            device="tel-1",
            scans=[{"uuid": "pas-un-uuid", "code": "X", "scanned_at": clock.now().isoformat()}],
        )
    assert refused.value.field == "uuid" and "Pointage 1" in refused.value.message
    with pytest.raises(BusinessError) as refused:
        scans_sync(actor=officer_fes, stop=stop, device="tel-1", scans=[scan("A\x00B")])
    assert refused.value.field == "code"
    with pytest.raises(BusinessError) as refused:
        scans_sync(actor=officer_fes, stop=stop, device="tel-1",
                   scans=[{**scan("ABC"), "scanned_at": "9999-01-01T00:00:00+00:00"}])  # fmt: skip
    assert refused.value.field == "scanned_at"
    assert not Scan.objects.exists()


def test_only_officers_of_the_region_sync(stop, officer_casa, entrepreneur):
    with pytest.raises(PermissionDenied, match="autre région"):
        scans_sync(actor=officer_casa, stop=stop, device="tel-1", scans=[])
    with pytest.raises(PermissionDenied):
        scans_sync(actor=entrepreneur, stop=stop, device="tel-1", scans=[])


def test_scans_before_the_stops_day_are_refused_naming_the_date_and_kept(make_stop, register, officer_fes):
    from moukawil.caravans.services import registration_check_in
    from moukawil.core import formats
    from moukawil.core.errors import Conflict

    ahead = make_stop(days=26)
    person, other = register(ahead, 1), register(ahead, 2)
    walk_in = {"uuid": str(uuid.uuid4()), "name": "Trop Tôt", "gender": "M", "scanned_at": clock.now().isoformat()}
    report = scans_sync(actor=officer_fes, stop=ahead, device="tel-1", scans=[scan(person.code)], walk_ins=[walk_in])
    day = formats.date(ahead.day)
    assert [r.outcome for r in report.results] == ["refused", "refused"]
    walk, scanned = report.results  # walk-ins are merged first
    assert scanned.reason == f"L'escale a lieu le {day} : aucun pointage avant ce jour-là."
    assert walk.reason.startswith(f"Inscription sur place de Trop Tôt : l'escale a lieu le {day}")
    assert Scan.objects.filter(stop=ahead, outcome="refused").count() == 2  # reported, not lost
    person.refresh_from_db()
    assert person.state == "confirmed" and not Registration.objects.filter(stop=ahead, channel="walk_in").exists()
    assert attendance_by_stop().get(ahead.pk, {}).get("present", 0) == 0
    again = scans_sync(actor=officer_fes, stop=ahead, device="tel-1", scans=[], walk_ins=[walk_in])
    assert again.results[0].replayed and again.results[0].outcome == "refused"
    # The counter check-in too.
    with pytest.raises(Conflict, match=f"L'escale a lieu le {day}") as refused:
        registration_check_in(actor=officer_fes, registration=other)
    assert refused.value.field == "stop"


def test_scans_count_from_the_stops_day_scheduled_held_or_closed(stop, register, officer_fes):
    from moukawil.caravans.services import stop_transition

    early, on_time, late = register(stop, 1), register(stop, 2), register(stop, 3)
    yesterday = {**scan(early.code), "scanned_at": (clock.now() - timedelta(days=1, hours=1)).isoformat()}
    report = scans_sync(actor=officer_fes, stop=stop, device="tel-1", scans=[yesterday, scan(on_time.code)])
    assert {r.code: r.outcome for r in report.results} == {early.code: "refused", on_time.code: "accepted"}
    assert stop.state == "scheduled"  # an offline phone scans before an officer opens the check-in
    stop_transition(actor=officer_fes, stop=stop, name="hold")
    stop_transition(actor=officer_fes, stop=stop, name="close")
    report = scans_sync(actor=officer_fes, stop=stop, device="tel-2", scans=[scan(late.code, minutes=30)])
    assert report.results[0].outcome == "accepted"  # a late sync of the day, after the stop was closed
    assert attendance_by_stop()[stop.pk]["present"] == 2


def test_the_sync_gives_each_reason_in_the_readers_language_and_keeps_the_french_one(
    client, make_stop, register, officer_fes
):
    today, other = make_stop(days=0), make_stop(city="Meknès", province="MA-MEK", days=3)
    elsewhere = register(other, 9)
    client.force_login(officer_fes)
    url = f"/api/v1/caravans/stops/{today.pk}/sync"
    body = {"device": "mk-1234abcd", "scans": [scan(elsewhere.code), scan("ZZZZ9999")]}
    arabic = client.post(url, body, content_type="application/json", headers={"accept-language": "ar"}).json()
    reasons = [r["reason_text"] for r in arabic["results"]]
    assert any("تسجيل في محطة أخرى" in r for r in reasons) and any("رمز غير معروف" in r for r in reasons)
    assert {r["reason"][:12] for r in arabic["results"]} == {"Inscription ", "Code inconnu"}
    replayed = client.post(url, body, content_type="application/json", headers={"accept-language": "fr"}).json()
    assert all(r["replayed"] and r["reason_text"] == r["reason"] for r in replayed["results"])
