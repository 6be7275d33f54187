"""Schemas shared by several routers."""

from decimal import Decimal
from typing import Annotated

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, ModelWrapValidatorHandler, ValidationInfo, WithJsonSchema, model_validator
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


class RowSchema(Schema):
    """A response schema that validates a plain dict (a row built by the endpoint, keys as the fields' aliases)
    entirely in pydantic's compiled core, and a model instance as ninja does (attribute by attribute, through its
    resolvers). Lists of many rows give dicts: ninja's per-attribute resolution was most of their time."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler: ModelWrapValidatorHandler, info: ValidationInfo):
        if type(values) is dict:
            return handler(values)
        return handler(DjangoGetter(values, cls, info.context))


class RegionRef(Schema):
    code: str
    name_fr: str
    name_ar: str


class OrganisationRef(Schema):
    id: int
    kind: str
    name_fr: str
