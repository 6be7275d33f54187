"""Schemas shared by several routers."""

from ninja import Schema


class RegionRef(Schema):
    code: str
    name_fr: str
    name_ar: str


class OrganisationRef(Schema):
    id: int
    kind: str
    name_fr: str
