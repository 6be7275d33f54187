"""The REST API, ``/api/v1/``: one router per resource family, OpenAPI at ``/api/v1/openapi.json``."""

from moukawil.core.throttling import AccountThrottle, AnonymousThrottle

from . import (
    accounts,
    audit,
    caravans,
    conventions,
    declarations,
    documents,
    enterprises,
    health,
    infitah,
    organisations,
    privacy,
    programmes,
    registry,
    territory,
)
from .auth import AUTH
from .errors import DocumentedErrorsAPI, install_error_handlers
from .renderers import JSONRenderer

api = DocumentedErrorsAPI(
    title="API Moukawil",
    version="1",
    description=(
        "Registre national de l'auto-entrepreneur, registre des TPE et programmes d'appui. "
        "Authentification : jeton personnel (`Authorization: Bearer mkw_…`) ou session du navigateur. "
        "Les erreurs ont toutes la forme `{code, message, field, errors}`, messages en français."
    ),
    urls_namespace="api",
    auth=AUTH,
    throttle=[AnonymousThrottle(), AccountThrottle()],
    renderer=JSONRenderer(),
)
install_error_handlers(api)
api.add_router("/", health.router)
api.add_router("/", territory.router)
api.add_router("/", accounts.router)
api.add_router("/organisations", organisations.router)
api.add_router("/audit-events", audit.router)
api.add_router("/", registry.router)
api.add_router("/", declarations.router)
api.add_router("/", enterprises.router)
api.add_router("/", programmes.router)
api.add_router("/", conventions.router)
api.add_router("/", documents.router)
api.add_router("/", privacy.router)
api.add_router("/", infitah.router)
api.add_router("/", caravans.router)
