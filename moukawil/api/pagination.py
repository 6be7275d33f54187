"""The API's one pagination: ``limit`` 1 to 500 (``NINJA_PAGINATION_MAX_LIMIT``), ``offset`` 0 to 10 million.

Ninja's own leaves ``offset`` unbounded: an absurd one (1e20) reached the database and failed there (a 500)."""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 10_000_000


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Rows:
    """A list endpoint's queryset with the function that turns one page of it (the sliced queryset) into plain
    dicts: ``Pagination`` counts and slices the queryset, then only the page's rows are read and converted. A
    response schema (``schemas.RowSchema``) validates a dict in pydantic's core, without ninja's per-attribute
    resolution on model instances (Django descriptors, ``get_FOO_display`` and its ``make_hashable`` per row)."""

    def __init__(self, queryset, convert):
        self.queryset = queryset
        self.convert = convert

    def all(self):
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, page: slice) -> list[dict]:
        return self.convert(self.queryset[page])
