from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    entrepreneur_signup,
    user_create,
    user_set_active,
    user_set_role,
)
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.models import AuditEvent
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.django_db
def test_signup_creates_an_entrepreneur_with_a_lower_case_email(territory):
    user = entrepreneur_signup(
        email="  Hajar.Tazi@Exemple.MA ", password="Soleil-de-Fes-2026", first_name="Hajar", last_name="Tazi"
    )
    assert user.email == "hajar.tazi@exemple.ma"
    assert user.role == Role.ENTREPRENEUR
    assert user.check_password("Soleil-de-Fes-2026")
    assert AuditEvent.objects.for_target(user).filter(event_type=AuditEventType.USER_CREATED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"email": "pas-une-adresse"}, "email", "Adresse e-mail invalide"),
        ({"password": "123456789012"}, "password", "entièrement numérique"),
        ({"password": "court"}, "password", "trop court"),
        ({"first_name": " "}, "first_name", "obligatoires"),
    ],
)
def test_signup_refuses_bad_input_with_a_french_message_and_writes_nothing(territory, kwargs, field, message):
    data = {
        "email": "nouveau@exemple.ma",
        "password": "Soleil-de-Fes-2026",
        "first_name": "Hajar",
        "last_name": "Tazi",
    }
    data.update(kwargs)
    with pytest.raises(BusinessError) as refused:
        entrepreneur_signup(**data)
    assert refused.value.field == field
    assert message in refused.value.message
    assert not User.objects.filter(email="nouveau@exemple.ma").exists()


@pytest.mark.django_db
def test_an_email_is_taken_once_whatever_its_case(entrepreneur):
    with pytest.raises(Conflict) as refused:
        entrepreneur_signup(
            email=entrepreneur.email.upper(), password="Soleil-de-Fes-2026", first_name="A", last_name="B"
        )
    assert refused.value.field == "email"


@pytest.mark.django_db
def test_roles_need_their_scope(admin_user, fes):
    with pytest.raises(BusinessError, match="rattaché à une région"):
        user_create(actor=admin_user, email="agent@ccis.ma", password=None, role=Role.CCIS_OFFICER)
    with pytest.raises(BusinessError, match="rattaché à son organisation"):
        user_create(actor=admin_user, email="banque@banque.ma", password=None, role=Role.BANK_OFFICER)
    with pytest.raises(BusinessError, match="appartient à une banque"):
        user_create(
            actor=admin_user,
            email="banque@banque.ma",
            password=None,
            role=Role.BANK_OFFICER,
            organisation=OrganisationFactory(vendor=True),
        )
    officer = user_create(actor=admin_user, email="agent@ccis.ma", password=None, role=Role.CCIS_OFFICER, region=fes)
    assert not officer.has_usable_password()


@pytest.mark.django_db
def test_the_database_itself_refuses_an_officer_without_region(territory):
    with pytest.raises(IntegrityError):
        User.objects.create(email="sans-region@ccis.ma", role=Role.CCIS_OFFICER)


@pytest.mark.django_db
def test_only_administrators_manage_accounts(officer_fes, entrepreneur, casa):
    with pytest.raises(PermissionDenied, match="administrateurs"):
        user_set_role(actor=officer_fes, user=entrepreneur, role=Role.CCIS_OFFICER, region=casa)
    entrepreneur.refresh_from_db()
    assert entrepreneur.role == Role.ENTREPRENEUR


@pytest.mark.django_db
def test_deactivation_revokes_tokens_and_is_audited(admin_user, entrepreneur):
    _token, raw = api_token_create(actor=entrepreneur, user=entrepreneur, name="Logiciel de caisse")
    assert api_token_authenticate(raw) == entrepreneur
    user_set_active(actor=admin_user, user=entrepreneur, active=False)
    assert api_token_authenticate(raw) is None
    assert AuditEvent.objects.for_target(entrepreneur).filter(event_type=AuditEventType.USER_DEACTIVATED).exists()
    with pytest.raises(BusinessError, match="propre compte"):
        user_set_active(actor=admin_user, user=admin_user, active=False)


@pytest.mark.django_db
def test_tokens_are_stored_hashed_and_stop_working_when_revoked_or_expired(entrepreneur):
    token, raw = api_token_create(actor=entrepreneur, user=entrepreneur, name="Intégration")
    assert raw.startswith("mkw_") and raw not in token.key_hash
    assert api_token_authenticate(raw) == entrepreneur
    assert api_token_authenticate(raw + "x") is None
    api_token_revoke(actor=entrepreneur, token=token)
    assert api_token_authenticate(raw) is None
    with pytest.raises(Conflict):
        api_token_revoke(actor=entrepreneur, token=token)

    expired, raw2 = api_token_create(actor=entrepreneur, user=entrepreneur, name="Court", valid_days=1)
    expired.expires_at = timezone.now() - timedelta(seconds=1)
    expired.save()
    assert api_token_authenticate(raw2) is None


@pytest.mark.django_db
def test_the_token_statement_admits_exactly_the_usable_tokens_and_touches_last_use_once_a_minute(entrepreneur):
    """api_token_authenticate's SQL says what ApiToken.objects.usable says (not revoked, not expired, user active)."""
    from moukawil.accounts.models import ApiToken

    cases = {}
    for name, change in [
        ("ok", {}), ("future", {"expires_at": timezone.now() + timedelta(days=1)}),
        ("expired", {"expires_at": timezone.now() - timedelta(seconds=1)}), ("revoked", {"revoked_at": timezone.now()}),
    ]:  # fmt: skip
        token, raw = api_token_create(actor=entrepreneur, user=entrepreneur, name=name)
        ApiToken.objects.filter(pk=token.pk).update(**change)
        cases[name] = (token, raw)
    usable = set(ApiToken.objects.usable().values_list("name", flat=True))
    admitted = {name for name, (_t, raw) in cases.items() if api_token_authenticate(raw) == entrepreneur}
    assert admitted == usable == {"ok", "future"}

    token, raw = cases["ok"]
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    api_token_authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at == first_use  # touched at most once a minute
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    user = api_token_authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at > first_use
    assert user.region_id == entrepreneur.region_id and user.role == entrepreneur.role and user.is_active is True

    User.objects.filter(pk=entrepreneur.pk).update(is_active=False)
    assert set(ApiToken.objects.usable().values_list("name", flat=True)) == set()
    assert api_token_authenticate(raw) is None


@pytest.mark.django_db
def test_token_input_is_checked(entrepreneur):
    with pytest.raises(BusinessError) as refused:
        api_token_create(actor=entrepreneur, user=entrepreneur, name="", valid_days=30)
    assert refused.value.field == "name"
    with pytest.raises(BusinessError) as refused:
        api_token_create(actor=entrepreneur, user=entrepreneur, name="Trop long", valid_days=1000)
    assert refused.value.field == "valid_days"
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        api_token_create(actor=other, user=entrepreneur, name="Pour un autre")
