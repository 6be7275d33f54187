"""The API's one error shape: ``{"code": "...", "message": "...", "field": "...", "errors": [...]}`` in French."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from moukawil.core.errors import BusinessError
from moukawil.rules.parameters import ParameterError


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

    @api.exception_handler(ParameterError)
    def outside_the_rules(request, exc: ParameterError):
        # A date before the first value of a dated parameter (a year before the rules the platform knows).
        return api.create_response(request, {"code": "rules.no_value", "message": str(exc)}, status=400)

    @api.exception_handler(DataError)
    def data_error(request, exc: DataError):
        # The last guard: every field of the API is bounded in its schema and checked by its service; a value the
        # database still refuses (PostgreSQL: too long, out of range) is the client's, not a server error.
        return api.create_response(
            request,
            {
                "code": "input.out_of_range",
                "message": "Données invalides : une valeur est trop longue ou hors limites.",
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


ERROR_RESPONSES = {
    "400": "Refus métier : le message dit pourquoi, `field` nomme le champ en cause.",
    "401": "Authentification requise : jeton « Bearer » ou session.",
    "403": "Action non permise à ce compte (le message dit pourquoi).",
    "404": "Ressource introuvable ou hors du périmètre du compte.",
    "409": "Conflit avec l'état présent (doublon, déjà décidé, budget épuisé…).",
    "422": "Données invalides : `field` nomme le premier champ refusé, `errors` les énumère.",
    "429": "Trop de requêtes : réessayez plus tard.",
}
WRITES = {"post", "put", "patch", "delete"}


class DocumentedErrorsAPI(NinjaAPI):
    """The OpenAPI document lists, for every operation, the error responses it can give, in the one error shape
    (``ErrorOut``): 400 and 422 (every operation takes input, and a NUL character anywhere is refused with 422),
    401 and 403 where a token is needed, 404 where the path or the body names a resource, 409 for writes, 429
    (throttling)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error_schema.pop("$defs", {}))
        components["ErrorOut"] = error_schema
        reference = {"$ref": "#/components/schemas/ErrorOut"}
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                codes = ["400", "422", "429"]
                if operation.get("security"):
                    codes += ["401", "403"]
                if "{" in path or "requestBody" in operation:  # the path or the body names a row
                    codes.append("404")
                if method in WRITES:
                    codes += ["403", "409"]
                responses = operation.setdefault("responses", {})
                for code in sorted(set(codes)):
                    responses.setdefault(
                        code,
                        {"description": ERROR_RESPONSES[code], "content": {"application/json": {"schema": reference}}},
                    )
        return schema
