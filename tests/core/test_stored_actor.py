"""Who a write is stored as: one kernel rule (core.audit.stored_actor) for every service's ``created_by``,
transition log and audit row — a saved user, else nobody (the system, a command, an anonymous visitor)."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from moukawil.accounts.models import User
from moukawil.core.audit import audit_log, stored_actor, stored_actor_id
from moukawil.core.enums import AuditEventType

MOUKAWIL = Path(__file__).resolve().parent.parent.parent / "moukawil"


@pytest.mark.parametrize("actor", [None, AnonymousUser(), User(email="pas.encore@exemple.ma")],
                         ids=["system", "anonymous", "unsaved"])  # fmt: skip
def test_the_system_an_anonymous_visitor_and_an_unsaved_user_are_stored_as_nobody(actor):
    assert stored_actor(actor) is None
    assert stored_actor_id(actor) is None


@pytest.mark.django_db
def test_a_saved_user_is_stored_as_himself_and_the_audit_names_him(admin_user):
    assert stored_actor(admin_user) == admin_user
    assert stored_actor_id(admin_user) == admin_user.pk
    event = audit_log(actor=admin_user, event_type=AuditEventType.TERRITORY_LOADED)
    assert (event.actor, event.actor_label) == (admin_user, admin_user.email)
    anonymous = audit_log(actor=AnonymousUser(), event_type=AuditEventType.TERRITORY_LOADED)
    assert anonymous.actor is None


def test_no_service_writes_its_own_copy_of_the_rule():
    copies = [
        f"{path.relative_to(MOUKAWIL.parent)}:{n}"
        for path in MOUKAWIL.rglob("*.py")
        if path.name != "audit.py" or path.parent.name != "core"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r'getattr\(actor, "pk", None\)\s*else', line)
    ]
    assert copies == [], "use moukawil.core.audit.stored_actor (or stored_actor_id)"
