"""The API's one pagination: ``limit`` 1 to 500 (``NINJA_PAGINATION_MAX_LIMIT``), ``offset`` 0 to 10 million.

Ninja's own leaves ``offset`` unbounded: an absurd one (1e20) reached the database and failed there (a 500)."""

import functools
from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from moukawil.core import counts
from moukawil.core.audit import audit_log
from moukawil.core.enums import AuditEventType

MAX_OFFSET = 10_000_000
LARGE_COUNT_SECONDS = 60  # a list's ``count``: exact below core.counts.EXACT_BELOW, then at most a minute old


# Lists of reference data, read without a trace; every other list read through the API is logged (loi 09-08: who
# pulled which page of people, docs/security.md).
UNLOGGED = {"territory", "core"}
UNLOGGED_MODELS = {"registry.activity", "registry.excludedprofession"}


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            description="Nombre d'éléments de la liste (tous filtres appliqués) : exact en dessous de 10 000 ; "
            "au-delà, compté au plus une fois par minute pour la même requête (il peut dater d'une minute)."
        )

    def _request_count(self, queryset, request) -> int:
        """The list's size; a large one is counted once a minute for the same list read by the same scope
        (core.counts.request_key)."""
        rows = getattr(queryset, "queryset", queryset)  # Rows wraps the queryset it pages
        if not hasattr(rows, "query"):
            return self._items_count(queryset)
        shared = getattr(queryset, "shared_by_scope", False)
        user = getattr(request, "user", None)
        key = counts.request_key(request, "api-list", shared_by_scope=shared) if user is not None else None
        return counts.large_count(rows, "api-list", seconds=LARGE_COUNT_SECONDS, key=key)

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        count = self._request_count(queryset, request)
        page = {self.items_attribute: queryset[offset : offset + limit], "count": count}
        user = getattr(request, "user", None)
        meta = getattr(queryset, "model", None)._meta if hasattr(queryset, "model") else None
        if (
            getattr(user, "is_authenticated", False)
            and meta is not None
            and meta.app_label not in UNLOGGED
            and meta.label_lower not in UNLOGGED_MODELS
        ):
            items = page[self.items_attribute]
            returned = len(items)  # evaluates the page once; the response reuses it
            audit_log(
                actor=user,
                event_type=AuditEventType.API_LIST_READ,
                region=getattr(user, "region", None),
                extra={
                    "path": request.path, "model": meta.label_lower, "query": _printable(request.GET.dict()),
                    "offset": pagination.offset, "limit": pagination.limit, "returned": returned,
                },
            )  # fmt: skip
        return page


def _printable(query: dict) -> dict:
    """The query as the log can keep it: no NUL byte (PostgreSQL's JSON refuses it), no value of a megabyte."""
    return {k.replace("\x00", "")[:50]: str(v).replace("\x00", "")[:200] for k, v in list(query.items())[:20]}


class Rows:
    """A list endpoint's queryset with the function that turns one page of it (the sliced queryset) into the
    response's rows: ``Pagination`` counts and slices the queryset, then only the page's rows are read and
    converted. With ``written_as_json`` the rows are the response as it is written: plain dicts with the response
    schema's field names and values (``api.registry.application_rows``)."""

    # The queryset depends on the reader only through ``visible_to``: readers who see the same rows share its kept
    # count (core.counts.request_key). A list that also filters on the reader himself must say False.
    shared_by_scope = True

    def __init__(self, queryset, convert):
        self.queryset = queryset
        self.convert = convert
        self.model = queryset.model  # what the list-read audit names (Pagination.paginate_queryset)

    def all(self):
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[dict]:
        return self.convert(self.queryset[page])


def written_as_json(view):
    """Between ``@router.get(…, response=list[Schema])`` and ``@paginate(Pagination)`` of a list returning ``Rows``
    built as its response schema writes them: the page (``items`` and ``count``) is written to JSON as it is,
    by the API's own renderer and response (``NinjaAPI.create_response``), instead of being validated and dumped by the
    schema — which still documents the list in OpenAPI. Validating 50 rows built for the schema, and dumping them,
    was a fifth of the applications list's time (docs/benchmarks.md, session 9). A list so written has a test
    holding its rows to its schema (tests/api/test_list_rows.py)."""

    @functools.wraps(view)
    def write(request, *args, **kwargs):
        from .api import api  # the API the list belongs to imports this module

        return api.create_response(request, view(request, *args, **kwargs), status=200)

    return write
