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
