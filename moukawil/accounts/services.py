"""Writes on accounts: creation, role and region changes, deactivation, API tokens. Each one is audited."""

from __future__ import annotations

import functools
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop  # messages stay French (API); pages translate them

from moukawil.core.audit import audit_log, audit_log_bulk, snapshot
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.permissions import require

from .enums import ORGANISATION_ROLES, Role
from .models import ApiToken, User, hash_token
from .permissions import can_manage_own_tokens, can_manage_users

USER_FIELDS = ["email", "first_name", "last_name", "role", "region", "organisation", "is_active"]
TOKEN_PREFIX = "mkw_"  # noqa: S105 (a public prefix, not a secret)


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise BusinessError("user.email_invalid", gettext_noop("Adresse e-mail invalide."), field="email") from exc
    return email


def _check_role_scope(*, role: str, region, organisation) -> None:
    if role not in Role.values:
        raise BusinessError("user.role_unknown", f"Rôle inconnu : « {role} ».", field="role")
    if role == Role.CCIS_OFFICER and region is None:
        raise BusinessError(
            "user.region_required", gettext_noop("Un agent de chambre doit être rattaché à une région."), field="region"
        )
    if role in ORGANISATION_ROLES and organisation is None:
        raise BusinessError(
            "user.organisation_required",
            gettext_noop("Un partenaire (banque, fournisseur) doit être rattaché à son organisation."),
            field="organisation",
        )
    if role == Role.BANK_OFFICER and organisation is not None and organisation.kind != "bank":
        raise BusinessError(
            "user.organisation_kind",
            gettext_noop("Un chargé de financement appartient à une banque."),
            field="organisation",
        )
    if role == Role.VENDOR and organisation is not None and organisation.kind != "vendor":
        raise BusinessError(
            "user.organisation_kind",
            gettext_noop("Un fournisseur appartient à une entreprise informatique."),
            field="organisation",
        )


def user_create(
    *,
    actor,
    email: str,
    password: str | None,
    role: str = Role.ENTREPRENEUR,
    first_name: str = "",
    last_name: str = "",
    first_name_ar: str = "",
    last_name_ar: str = "",
    region=None,
    organisation=None,
    phone: str = "",
    preferred_language: str = "fr",
) -> User:
    """Create an account. ``actor`` None means the system (CLI, demo data); self-registration goes through
    :func:`entrepreneur_signup`, which can only make entrepreneur accounts."""
    require(can_manage_users(actor))  # the system (a command without --actor) is allowed by the policy
    email = normalise_email(email)
    _check_role_scope(role=role, region=region, organisation=organisation)
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        first_name_ar=first_name_ar.strip(),
        last_name_ar=last_name_ar.strip(),
        role=role,
        region=region,
        organisation=organisation,
        phone=phone.strip(),
        preferred_language=preferred_language,
        is_staff=(role == Role.ADMIN),
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise BusinessError("user.password_weak", " ".join(exc.messages), field="password") from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            audit_log(
                actor=actor,
                event_type=AuditEventType.USER_CREATED,
                target=user,
                region=region,
                after=snapshot(user, USER_FIELDS),
            )
    except IntegrityError as exc:
        raise Conflict(
            "user.email_taken", gettext_noop("Un compte existe déjà pour cette adresse e-mail."), field="email"
        ) from exc
    return user


def entrepreneur_signup(
    *, email: str, password: str, first_name: str, last_name: str, preferred_language: str = "fr"
) -> User:
    """Self-service account creation: always an entrepreneur, and the new user is their own actor in the log."""
    if not first_name.strip() or not last_name.strip():
        field = "first_name" if not first_name.strip() else "last_name"
        raise BusinessError("user.name_missing", "Le prénom et le nom sont obligatoires.", field=field)
    return user_create(
        actor=None,
        email=email,
        password=password,
        role=Role.ENTREPRENEUR,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
    )


def users_bulk_create(*, actor, users: list[User], batch_size: int = 2000) -> int:
    """Insert many prepared accounts at once (imports, demo data), with one audit row each, in one transaction.
    The caller builds valid ``User`` objects (lower-case e-mails, scoped roles); passwords are left unusable."""
    require(can_manage_users(actor))
    for user in users:
        _check_role_scope(role=user.role, region=user.region, organisation=user.organisation)
        if not user.password:
            user.set_unusable_password()
    with transaction.atomic():
        created = User.objects.bulk_create(users, batch_size=batch_size)
        if created and created[0].pk is None:  # backends without RETURNING on bulk insert
            created = list(User.objects.filter(email__in=[u.email for u in users]))
        audit_log_bulk(
            actor=actor,
            event_type=AuditEventType.USERS_BULK_CREATED,
            targets=created,
            region_of=lambda u: u.region,
            after_of=lambda u: {"role": u.role},
        )
    return len(created)


def user_set_role(*, actor, user: User, role: str, region=None, organisation=None) -> User:
    require(can_manage_users(actor))
    _check_role_scope(role=role, region=region, organisation=organisation)
    before = snapshot(user, USER_FIELDS)
    user.role, user.region, user.organisation = role, region, organisation
    user.is_staff = role == Role.ADMIN
    with transaction.atomic():
        user.save(update_fields=["role", "region", "organisation", "is_staff"])
        audit_log(
            actor=actor,
            event_type=AuditEventType.USER_ROLE_CHANGED,
            target=user,
            region=region,
            before=before,
            after=snapshot(user, USER_FIELDS),
        )
    return user


def user_set_active(*, actor, user: User, active: bool) -> User:
    require(can_manage_users(actor))
    if actor.pk == user.pk and not active:
        raise BusinessError(
            "user.self_deactivation", gettext_noop("Vous ne pouvez pas désactiver votre propre compte.")
        )
    if user.is_active == active:
        return user
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:  # a deactivated account's tokens die with it
            user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_log(
            actor=actor,
            event_type=AuditEventType.USER_REACTIVATED if active else AuditEventType.USER_DEACTIVATED,
            target=user,
            region=user.region,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return user


def api_token_create(*, actor, user: User, name: str, valid_days: int | None = 365) -> tuple[ApiToken, str]:
    """Create a token for ``user`` and return it with the raw key, which is never stored and shown only once."""
    require(can_manage_own_tokens(user))
    if actor is not None and actor.pk != user.pk:
        require(can_manage_users(actor))
    name = (name or "").strip()
    if not name:
        raise BusinessError(
            "token.name_missing",
            "Donnez un nom au jeton (par exemple le système qui l'utilise).",
            field="name",
        )
    if valid_days is not None and not 1 <= valid_days <= 730:
        raise BusinessError("token.validity", "La validité d'un jeton va de 1 à 730 jours.", field="valid_days")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name[:100],
        prefix=raw[:12],
        key_hash=hash_token(raw),
        expires_at=timezone.now() + timedelta(days=valid_days) if valid_days else None,
    )
    with transaction.atomic():
        token.save()
        audit_log(
            actor=actor or user,
            event_type=AuditEventType.API_TOKEN_CREATED,
            target=token,
            region=user.region,
            after={
                "user": user.pk,
                "name": token.name,
                "prefix": token.prefix,
                "expires_at": token.expires_at,
            },
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if actor.pk != token.user_id:
        require(can_manage_users(actor))
    if token.revoked_at is not None:
        raise Conflict("token.already_revoked", "Ce jeton est déjà révoqué.")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(
            actor=actor,
            event_type=AuditEventType.API_TOKEN_REVOKED,
            target=token,
            region=token.user.region,
            before={"revoked_at": None},
            after={"revoked_at": token.revoked_at},
        )
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active user behind a raw bearer token, or None. Touches ``last_used_at`` at most once a minute.

    Every API request asks: the token's rules (``ApiToken.objects.usable``: not revoked, not expired, its user
    active) are written once more here as one SQL statement, because building and compiling the same ORM query
    at each request cost 1.7 ms — more than the database's answer (docs/benchmarks.md, session 9). A test keeps
    the two in step (tests/accounts/test_services.py)."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    found = list(User.objects.raw(_token_statement(), [now - timedelta(minutes=1), hash_token(raw), now]))
    if not found:
        return None
    user = found[0]
    if user.token_stale:
        ApiToken.objects.filter(pk=user.token_id).update(last_used_at=now)
    return user


@functools.cache
def _token_statement() -> str:
    """The user of a usable token (``ApiToken.objects.usable``), with the token's id and whether its
    ``last_used_at`` is more than a minute old; parameters: now less a minute, the token's hash, now."""
    from django.db import connection

    q = connection.ops.quote_name
    user_columns = ", ".join(f"u.{q(str(field.column))}" for field in User._meta.concrete_fields)
    return (
        f"SELECT {user_columns}, t.{q('id')} AS token_id, "  # noqa: S608 — names from the models, values bound
        f"(t.{q('last_used_at')} IS NULL OR t.{q('last_used_at')} < %s) AS token_stale "
        f"FROM {q(ApiToken._meta.db_table)} t INNER JOIN {q(User._meta.db_table)} u ON u.{q('id')} = t.{q('user_id')} "
        f"WHERE t.{q('key_hash')} = %s AND t.{q('revoked_at')} IS NULL AND u.{q('is_active')} "
        f"AND (t.{q('expires_at')} IS NULL OR t.{q('expires_at')} > %s)"
    )
