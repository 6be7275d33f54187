"""Schemas shared by several routers."""

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

# A number a person chooses (amount, rate, count, year), as a JSON number or a string ("1 234,50"). The schema
# lets NaN and Infinity through on purpose: the service's one check (``moukawil.core.inputs``) refuses them, and
# every bad number, with the same French message, naming the field, as the page's form does.
Number = Annotated[Decimal, Field(allow_inf_nan=True)] | str


class RegionRef(Schema):
    code: str
    name_fr: str
    name_ar: str


class OrganisationRef(Schema):
    id: int
    kind: str
    name_fr: str
