"""Schemas shared by several routers."""

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError


def _number_text(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise PydanticCustomError("number_type", "Un nombre est attendu.")
    # A JSON number as its text (NaN and Infinity spelt as JSON spells them), for the service's one check.
    return str(Decimal(repr(value))) if isinstance(value, float) else str(value)


# A number a person chooses (amount, rate, count, year), as a JSON number or a string ("1 234,50"). NaN, Infinity
# and every bad number go through on purpose: the service's one check (``moukawil.core.inputs``) refuses them with
# the same French message, naming the field, as the page's form does.
Number = Annotated[
    str, BeforeValidator(_number_text), WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]})
]


class RegionRef(Schema):
    code: str
    name_fr: str
    name_ar: str


class OrganisationRef(Schema):
    id: int
    kind: str
    name_fr: str
