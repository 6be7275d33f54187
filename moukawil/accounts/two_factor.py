"""Two-factor login (TOTP, django-otp) for the roles that act on the register: chamber and agency officers and
administrators, when ``MOUKAWIL_REQUIRE_2FA`` is on (production; docs/security.md). After the password, such a person
enrols an authenticator application once (QR code), then gives its six-digit code at every login. Until then, every
page but these sends them there, and the API refuses their session (tokens are created once verified)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType

from .enums import Role

ROLES = frozenset({Role.CCIS_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN})
DEVICE_NAME = "application d'authentification"


def required_for(user) -> bool:
    return bool(
        settings.MOUKAWIL_REQUIRE_2FA
        and getattr(user, "is_authenticated", False)
        and (user.role in ROLES or user.is_superuser)
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The device being enrolled (its secret shown as a QR code until a first code confirms it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def verify_code(request, device: TOTPDevice, code: str) -> bool:
    """Check ``code`` against ``device`` (django-otp throttles repeated failures); on success the session is
    verified, and an enrolment is confirmed and audited."""
    code = "".join(ch for ch in code if ch.isdigit())[:8]
    if not code or not device.verify_token(code):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        audit_log(actor=device.user, event_type=AuditEventType.USER_2FA_ENROLLED, target=device.user)
    otp_login(request, device)
    return True


def forget_second_factor(sender, request, user, **kwargs) -> None:
    """On ``user_logged_in``: a login by password asks for the code again. Django keeps a session's data at a login
    that knows its user, so a session the server had signed out without emptying it — its authentication backend
    no longer used after an upgrade, its account deactivated then reactivated — kept its verified device, and the
    password alone reopened everything."""
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(DEVICE_ID_SESSION_KEY, None)


def safe_next(request, fallback: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(fallback)


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: an officer logged in by password only reaches the enrolment and code pages,
    logging out, changing language and static files."""

    OPEN = ("/static/", "/i18n/", "/deconnexion/", "/connexion/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not required_for(user) or user.is_verified() or request.path.startswith(self.OPEN):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            if request.headers.get("Authorization"):
                return self.get_response(request)  # a token: created once verified (accounts.services)
            return JsonResponse(
                {"code": "second_factor_required",
                 "message": "Double authentification requise : saisissez le code de votre application."},
                status=403,
            )  # fmt: skip
        target = "www:otp_verify" if confirmed_device(user) else "www:otp_enrol"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
