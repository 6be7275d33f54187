"""The API's one error shape: ``{"code": "...", "message": "...", "field": "...", "errors": [...]}`` in French."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from moukawil.core.errors import BusinessError


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    errors: list[FieldError] | None = None


PYDANTIC_MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "string_too_short": "Valeur trop courte.",
    "string_too_long": "Valeur trop longue.",
    "int_parsing": "Un nombre entier est attendu.",
    "decimal_parsing": "Un nombre est attendu.",
    "date_from_datetime_parsing": "Une date au format AAAA-MM-JJ est attendue.",
    "date_parsing": "Une date au format AAAA-MM-JJ est attendue.",
    "enum": "Valeur non autorisée.",
    "literal_error": "Valeur non autorisée.",
    "json_invalid": "Le corps de la requête n'est pas un JSON valide.",
    "int_from_float": "Un nombre entier est attendu.",
    "int_parsing_size": "Nombre entier trop grand.",
    "int_type": "Un nombre entier est attendu.",
    "decimal_type": "Un nombre est attendu.",
    "finite_number": "Un nombre fini est attendu.",
    "greater_than_equal": "Valeur trop petite : au moins {ge}.",
    "less_than_equal": "Valeur trop grande : au plus {le}.",
    "string_type": "Un texte est attendu.",
    "bool_parsing": "Oui ou non (true ou false) est attendu.",
    "date_type": "Une date au format AAAA-MM-JJ est attendue.",
    "list_type": "Une liste est attendue.",
    "dict_type": "Un objet est attendu.",
}


def _message(err: dict) -> str:
    template = PYDANTIC_MESSAGES.get(err.get("type", ""))
    if template is None:
        return err.get("msg", "")
    try:
        return template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


def _field_name(loc) -> str:
    # ninja prefixes locations with "body"/"query"/"path" and the parameter name; keep the field's own name.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "body"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(BusinessError)
    def business_error(request, exc: BusinessError):
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc: PermissionDenied):
        message = str(exc) or "Vous n'avez pas le droit de faire cette action."
        return api.create_response(request, {"code": "permission_denied", "message": message}, status=403)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        return api.create_response(
            request,
            {
                "code": "not_authenticated",
                "message": "Authentification requise : jeton « Bearer » ou session.",
            },
            status=401,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"code": "not_found", "message": "Ressource introuvable."}, status=404)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        errors = [
            {
                "field": _field_name(err.get("loc", ())),
                "message": _message(err),
            }
            for err in exc.errors
        ]
        first = errors[0] if errors else {"field": None, "message": ""}
        return api.create_response(
            request,
            {
                "code": "validation_error",
                "message": f"Données invalides : {first['field']} — {first['message']}",
                "field": first["field"],
                "errors": errors,
            },
            status=422,
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return api.create_response(request, {"code": "http_error", "message": str(exc)}, status=exc.status_code)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        wait = getattr(request, "_moukawil_wait", None)
        message = "Trop de requêtes : réessayez dans %s secondes." % (wait or 60)
        response = api.create_response(request, {"code": "throttled", "message": message}, status=429)
        response["Retry-After"] = str(wait or 60)
        return response
