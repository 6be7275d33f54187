import pytest

from moukawil.accounts.services import user_set_role
from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType
from moukawil.core.models import AuditEvent
from moukawil.territory.services import organisation_create


@pytest.mark.django_db
def test_a_service_writes_who_did_what_with_before_and_after(admin_user, entrepreneur, fes):
    user_set_role(actor=admin_user, user=entrepreneur, role="ccis_officer", region=fes)

    event = AuditEvent.objects.for_target(entrepreneur).get(event_type=AuditEventType.USER_ROLE_CHANGED)
    assert event.actor == admin_user
    assert event.actor_label == admin_user.email
    assert event.region == fes
    assert event.before["role"] == "entrepreneur"
    assert event.after == {**event.before, "role": "ccis_officer", "region": fes.pk}


@pytest.mark.django_db
def test_the_log_is_append_only(admin_user):
    event = audit_log(actor=admin_user, event_type=AuditEventType.TERRITORY_LOADED)
    event.extra = {"tampered": True}
    with pytest.raises(RuntimeError, match="ajout seul"):
        event.save()
    with pytest.raises(RuntimeError, match="ajout seul"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).extra is None


@pytest.mark.django_db
def test_a_refused_change_writes_nothing(agency_officer, fes):
    organisation_create(
        actor=agency_officer, kind="municipal_council", name_fr="Conseil communal de Taoujdat", region=fes
    )
    before = AuditEvent.objects.count()
    with pytest.raises(Exception, match="porte déjà ce nom"):
        organisation_create(actor=agency_officer, kind="municipal_council", name_fr="Conseil communal de Taoujdat")
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_system_actions_are_labelled_as_such(territory):
    event = audit_log(actor=None, event_type=AuditEventType.TERRITORY_LOADED, extra={"regions": 12})
    assert event.actor is None
    assert event.actor_label == "système"
