"""Infitah wired to the caravans and the indicators: sessions, registrations and permits at a caravan stop (counted by
the caravans' results), the bulk issue of a held session's permits (gapless block, audited), and Infitah's and the
caravans' indicators computed from live rows, by region, and the same after the summaries' refresh."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from moukawil.caravans import outcomes
from moukawil.caravans.models import Service
from moukawil.caravans.services import campaign_create, campaign_transition, stop_create
from moukawil.core import clock
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.models import AuditEvent
from moukawil.indicators import catalogue
from moukawil.indicators.compute import LIVE, SUMMARY, Filters, total, values
from moukawil.indicators.services import summaries_refresh
from moukawil.infitah import services
from moukawil.infitah.models import InfitahTransition, Permit
from moukawil.territory.models import Province
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_stop(agency_officer):
    today = clock.today()
    campaign = campaign_create(
        actor=agency_officer, code="infitah-test", title_fr="Caravane Infitah (test)", title_ar="قافلة انفتاح",
        starts_on=today, ends_on=today + timedelta(days=28),
    )  # fmt: skip

    def make(city="Fès", province="MA-FES", days=0):
        stop = stop_create(
            actor=agency_officer, campaign=campaign, city=city, province=Province.objects.get(code=province),
            venue=f"CCIS de {city}", day=today + timedelta(days=days), opens_at=time(9), closes_at=time(17),
            capacity=200, services=[Service.TRAINING, Service.PERMIT],
        )  # fmt: skip
        if campaign.state == "draft":  # published with its first stop: open to registration
            campaign_transition(actor=agency_officer, campaign=campaign, name="publish")
            campaign.refresh_from_db()
        return stop

    return make


def _session_at(stop, actor, capacity=50):
    return services.session_create(actor=actor, place=stop.venue, region=stop.region, starts_on=stop.day,
                                   capacity=capacity, stop=stop)  # fmt: skip


def test_a_permit_earned_in_a_session_at_a_stop_is_counted_in_the_caravans_results(
    make_stop, officer_fes, make_enterprise, programmes
):
    stop = make_stop(days=7)
    session = _session_at(stop, officer_fes)
    registration = services.registration_create(actor=officer_fes, session=session, enterprise=make_enterprise())
    assert registration.stop == stop
    services.registration_transition(actor=officer_fes, registration=registration, name="complete")
    permit = Permit.objects.get(registration=registration)
    assert permit.stop == stop
    # An explicit stop wins over the session's (a permit handed out at another stop of the tour).
    other = make_stop(city="Meknès", province="MA-MEK", days=8)
    plain = services.session_create(actor=officer_fes, place="CCIS Fès", region=stop.region,
                                    starts_on=clock.today() + timedelta(days=3), capacity=5)  # fmt: skip
    second = services.registration_create(actor=officer_fes, session=plain, enterprise=make_enterprise())
    assert second.stop is None
    second.state = "completed"
    second.save(update_fields=["state"])
    issued = services.permit_issue(actor=officer_fes, enterprise=second.enterprise, registration=second, stop=other)
    assert issued.stop == other
    assert outcomes.counts([stop.pk, other.pk])["permits"] == {stop.pk: 1, other.pk: 1}
    # A revoked permit is no longer counted.
    services.permit_revoke(actor=UserFactory(agency_officer=True), permit=issued, reason="Erreur de saisie")
    assert outcomes.counts([stop.pk, other.pk])["permits"] == {stop.pk: 1}


def test_a_session_at_a_stop_is_held_in_its_region_on_its_day(make_stop, officer_fes):
    stop = make_stop(days=7)
    with pytest.raises(BusinessError) as refused:
        services.session_create(actor=officer_fes, place="CCIS Fès", region=stop.region,
                                starts_on=stop.day + timedelta(days=1), capacity=10, stop=stop)  # fmt: skip
    assert refused.value.field == "stop" and "Fès" in str(refused.value.message)


def test_a_held_sessions_permits_are_issued_in_one_gapless_block_audited_at_the_stop(
    make_stop, officer_fes, make_enterprise, programmes, django_assert_max_num_queries
):
    stop = make_stop()
    session = _session_at(stop, officer_fes)
    before = services.permit_issue  # the one-by-one path is not used: numbers come as one block
    single = make_enterprise()
    registration = services.registration_create(
        actor=officer_fes, session=services.session_create(
            actor=officer_fes, place="CCIS Fès", region=stop.region, starts_on=clock.today() + timedelta(days=2),
            capacity=5),
        enterprise=single,
    )  # fmt: skip
    services.registration_transition(actor=officer_fes, registration=registration, name="complete")
    first = Permit.objects.get(enterprise=single).number
    enterprises = [make_enterprise() for _ in range(12)]
    with django_assert_max_num_queries(40):  # set-based: the same handful of queries for 12 or 1,200
        permits = services.completions_record_bulk(actor=officer_fes, session=session, enterprises=enterprises)
    assert services.permit_issue is before
    numbers = sorted(p.number for p in permits)
    year = clock.today().year
    start = int(first.rsplit("-", 1)[1]) + 1
    assert numbers == [f"PN-{year}-{n:06d}" for n in range(start, start + 12)]
    assert {p.stop_id for p in permits} == {stop.pk} and {p.enterprise_id for p in permits} == {
        e.pk for e in enterprises
    }
    assert AuditEvent.objects.filter(event_type=AuditEventType.INFITAH_PERMIT_ISSUED).count() == 13
    assert InfitahTransition.objects.filter(workflow="infitah_training", name="complete").count() == 13
    assert outcomes.counts([stop.pk])["permits"] == {stop.pk: 12}
    assert session.registrations.filter(state="completed", stop=stop).count() == 12
    # Rerun: everyone has a permit already, nothing is issued twice.
    again = services.session_create(actor=officer_fes, place="CCIS Fès", region=stop.region, starts_on=stop.day,
                                    capacity=20, stop=stop)  # fmt: skip
    with pytest.raises(Conflict):
        services.completions_record_bulk(actor=officer_fes, session=again, enterprises=enterprises[:2])
    assert Permit.objects.count() == 13


def test_the_bulk_issue_refuses_an_ineligible_enterprise_a_future_session_and_a_reader(
    make_stop, officer_fes, make_enterprise, programmes
):
    stop = make_stop()
    session = _session_at(stop, officer_fes)
    no_register = make_enterprise(rc_number="", rc_court=None, name="Sans RC ni TP")
    with pytest.raises(BusinessError) as refused:
        services.completions_record_bulk(actor=officer_fes, session=session,
                                         enterprises=[make_enterprise(), no_register])  # fmt: skip
    assert refused.value.field == "enterprise" and "Sans RC ni TP" in str(refused.value.message)
    assert Permit.objects.count() == 0 and session.registrations.count() == 0  # all or nothing
    future = _session_at(make_stop(city="Meknès", province="MA-MEK", days=5), officer_fes)
    with pytest.raises(BusinessError, match="pas encore eu lieu"):
        services.completions_record_bulk(actor=officer_fes, session=future, enterprises=[make_enterprise()])
    with pytest.raises(PermissionDenied):
        services.completions_record_bulk(actor=UserFactory(viewer=True), session=session,
                                         enterprises=[make_enterprise()])  # fmt: skip
    assert Permit.objects.count() == 0


def test_infitah_and_caravans_indicators_count_live_rows_by_region_and_the_summaries_agree(
    make_stop, officer_fes, agency_officer, make_enterprise, programmes, infitah, bank_officer, vendor_user
):
    from moukawil.caravans.services import Registrant, registration_create, scans_sync

    assert {"infitah.permits", "infitah.packs", "infitah.packs_delivered", "caravans.attendance"} <= set(
        catalogue.CATALOGUE
    )
    assert catalogue.PENDING == {}
    fes_stop = make_stop()
    rabat_stop = make_stop(city="Rabat", province="MA-RAB")
    fes_people = [make_enterprise(owner_gender="F" if i < 2 else "M") for i in range(5)]
    rabat = Province.objects.get(code="MA-RAB")
    rabat_people = [make_enterprise(actor=agency_officer, province=rabat, rc_number="", rc_court=None,
                                    tp_number=str(61000000 + i))
                    for i in range(3)]  # fmt: skip
    services.completions_record_bulk(actor=officer_fes, session=_session_at(fes_stop, officer_fes),
                                     enterprises=fes_people)  # fmt: skip
    services.completions_record_bulk(actor=agency_officer, session=_session_at(rabat_stop, agency_officer),
                                     enterprises=rabat_people)  # fmt: skip
    fes, rabat_region = fes_stop.region, rabat_stop.region
    assert total("infitah.permits") == 8
    assert total("infitah.permits", Filters(region_ids=(fes.pk,))) == 5
    assert total("infitah.permits", Filters(region_ids=(rabat_region.pk,))) == 3
    assert values("infitah.permits", Filters(region_ids=(fes.pk,)), ["gender"]) == {("F",): 2, ("M",): 3}

    # Packs: two ordered in Fès, one of them delivered.
    permits = list(Permit.objects.filter(enterprise__in=fes_people).order_by("pk"))
    orders = [services.order_create(actor=None, permit=p, offer=infitah["offer"], bank=infitah["bank"])
              for p in permits[:2]]  # fmt: skip
    assert total("infitah.packs_delivered") == 0
    services.financing_decide(actor=bank_officer, request=orders[0].financing, approve=True, duration_months=24,
                              monthly_payment="100")  # fmt: skip
    orders[0].refresh_from_db()
    services.order_transition(actor=vendor_user, order=orders[0], name="deliver", serial_number="SN-5CD1234XYZ")
    assert total("infitah.packs", Filters(region_ids=(fes.pk,))) == 2
    assert total("infitah.packs", Filters(region_ids=(rabat_region.pk,))) == 0
    assert total("infitah.packs_delivered", Filters(region_ids=(fes.pk,))) == 1

    # Attendance: 3 present in Fès (2 women), 1 walk-in in Rabat; a registrant not checked in is not counted.
    rows = [registration_create(actor=officer_fes, stop=fes_stop, notify=False,
                                registrant=Registrant(name=f"Personne {i}", gender="F" if i < 2 else "M"))
            for i in range(4)]  # fmt: skip
    now = clock.now().isoformat()
    scans_sync(actor=officer_fes, stop=fes_stop, device="t", walk_ins=[],
               scans=[{"uuid": f"00000000-0000-4000-8000-00000000000{i}", "code": r.code, "scanned_at": now}
                      for i, r in enumerate(rows[:3])])  # fmt: skip
    scans_sync(actor=agency_officer, stop=rabat_stop, device="t", scans=[],
               walk_ins=[{"uuid": "00000000-0000-4000-8000-0000000000aa", "name": "Passant", "gender": "M",
                          "scanned_at": now}])  # fmt: skip
    assert total("caravans.attendance") == 4
    assert values("caravans.attendance", Filters(region_ids=(fes.pk,)), ["gender"]) == {("F",): 2, ("M",): 1}
    assert total("caravans.attendance", Filters(region_ids=(rabat_region.pk,))) == 1

    summaries_refresh(actor=agency_officer, years=[clock.today().year])
    year = Filters(year=clock.today().year)
    for code in ("infitah.permits", "infitah.packs", "infitah.packs_delivered", "caravans.attendance"):
        for group in ([], ["region"], ["year", "month"], ["gender"]):
            assert values(code, year, group, source=SUMMARY) == values(code, year, group, source=LIVE), (code, group)
    assert total("infitah.permits", year.with_(region_ids=(fes.pk,)), source=SUMMARY) == 5
