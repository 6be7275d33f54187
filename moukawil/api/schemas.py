"""Schemas shared by several routers."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, ModelWrapValidatorHandler, ValidationInfo, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from moukawil.core import inputs


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


def bounded(minimum, maximum, *, exclusive: bool = False):
    """A ``Number`` whose schema states the bounds of its check in ``moukawil.core.inputs`` (the one check still
    refuses what is outside them, with its French message): a client, and schemathesis, know them from the
    OpenAPI document."""
    top = {"exclusiveMaximum": float(maximum)} if exclusive else {"maximum": float(maximum)}
    return Annotated[
        str,
        BeforeValidator(_number_text),
        WithJsonSchema(
            {"anyOf": [{"type": "number", "minimum": float(minimum), **top}, {"type": "string", "maxLength": 40}]}
        ),
    ]


Amount = bounded(0, inputs.MAX_AMOUNT, exclusive=True)  # inputs.amount
Rate = bounded(0, 1)  # inputs.rate
Count = bounded(0, inputs.MAX_COUNT)  # inputs.whole_number
Year = bounded(inputs.FIRST_YEAR, inputs.LAST_YEAR)  # inputs.year
Score = bounded(0, 20)  # the assessment's note out of 20
# Whole numbers typed as JSON integers: an id of a row, a year, a count.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
YearInt = Annotated[int, Field(ge=inputs.FIRST_YEAR, le=inputs.LAST_YEAR)]
# A year whose service checks it (``inputs.year``, with its French message): the schema states the same bounds.
CheckedYear = Annotated[
    int, WithJsonSchema({"type": "integer", "minimum": inputs.FIRST_YEAR, "maximum": inputs.LAST_YEAR})
]


class RowSchema(Schema):
    """A response schema that validates a plain dict (an application's stored checks) as it is, in pydantic's
    compiled core, and a model instance as ninja does (attribute by attribute, through its resolvers). The lists
    of applications and registrations build their rows as these schemas write them and skip them
    (``pagination.written_as_json``; tests/api/test_list_rows.py holds the two equal)."""

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
