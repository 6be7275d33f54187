from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.models import AuditEvent
from moukawil.enterprises.models import Enterprise
from moukawil.enterprises.services import EnterpriseData, enterprise_update, size_class

VALID_ICE = "001561191000066"


@pytest.mark.django_db
def test_an_enterprise_is_registered_with_its_size_class_and_audited(make_enterprise):
    enterprise = make_enterprise(ice=VALID_ICE, tax_id="1234567", tp_number="45678912", cnss_number="1234567")
    assert enterprise.size_class == "tpe"
    assert enterprise.rc == f"RC Fès {enterprise.rc_number}"
    assert AuditEvent.objects.for_target(enterprise).filter(event_type=AuditEventType.ENTERPRISE_CREATED).exists()


def test_size_classes_follow_the_agencys_thresholds():
    on = date(2026, 1, 1)
    assert size_class(Decimal("2999999.99"), on) == "tpe"
    assert size_class(Decimal("3000000"), on) == "small"
    assert size_class(Decimal("10000000"), on) == "medium"
    assert size_class(Decimal("175000000"), on) == "large"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ice": "001561191000067"}, "ice", "ICE invalide"),
        ({"ice": "12345"}, "ice", "ICE invalide"),
        ({"rc_court": None}, "rc_court", "tribunal du registre"),
        ({"rc_number": "12A4"}, "rc_number", "chiffres attendus"),
        ({"tax_id": "12"}, "tax_id", "5 à 10 chiffres"),
        ({"cnss_number": "abc12345"}, "cnss_number", "chiffres attendus"),
        ({"name": "  "}, "name", "obligatoire"),
        ({"created_on": date(2099, 1, 1)}, "created_on", "Date de création invalide"),
        ({"last_turnover": "beaucoup"}, "last_turnover", "invalide"),
        ({"last_turnover": "-5"}, "last_turnover", "positif"),
        ({"turnover_year": 2010}, "turnover_year", "entre la création"),
        ({"owner_gender": "X"}, "owner_gender", "F ou M"),
    ],
)
def test_bad_enterprise_data_names_its_field_and_writes_nothing(make_enterprise, change, field, message):
    with pytest.raises(BusinessError, match=message) as refused:
        make_enterprise(**change)
    assert refused.value.field == field
    assert not Enterprise.objects.exists()


@pytest.mark.django_db
def test_duplicates_are_refused_on_ice_and_on_rc(make_enterprise, enterprise_reference):
    first = make_enterprise(ice=VALID_ICE, rc_number="5555")
    with pytest.raises(Conflict, match="ICE 001561191000066 est déjà enregistré"):
        make_enterprise(ice="001 561191 000066", rc_number="6666")
    with pytest.raises(Conflict, match="RC 5555 \\(Fès\\)"):
        make_enterprise(rc_number="5555")
    # The same number at another court is another company.
    make_enterprise(rc_number="5555", rc_court=enterprise_reference["courts"]["Rabat"])
    assert Enterprise.objects.count() == 2 and first.pk


@pytest.mark.django_db
def test_officers_register_and_edit_enterprises_of_their_region_only(make_enterprise, officer_casa, fes_province):
    with pytest.raises(PermissionDenied, match="autre région"):
        make_enterprise(actor=officer_casa)
    enterprise = make_enterprise()
    data = EnterpriseData(
        legal_kind="legal", name="Atlas Services renommée", created_on=enterprise.created_on, sector=enterprise.sector,
        province=fes_province, last_turnover="4000000", turnover_year=2025, owner_gender="F",
        rc_court=enterprise.rc_court, rc_number=enterprise.rc_number,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        enterprise_update(actor=officer_casa, enterprise=enterprise, data=data)
    from moukawil.accounts.models import User

    officer = User.objects.get(role="ccis_officer", region=fes_province.region)
    updated = enterprise_update(actor=officer, enterprise=enterprise, data=data)
    assert (updated.name, updated.size_class) == ("Atlas Services renommée", "small")
    event = AuditEvent.objects.for_target(enterprise).get(event_type=AuditEventType.ENTERPRISE_UPDATED)
    assert event.before["size_class"] == "tpe" and event.after["size_class"] == "small"
