"""Reads on organisations, always through the user's scope; the province index imports resolve names with."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from moukawil.core.errors import BusinessError
from moukawil.core.tabular import REGION_NOT_PROVINCE, UNKNOWN_PROVINCE, fold

from .models import Organisation, Province, Region


def organisation_list(
    *, user, kind: str | None = None, region_code: str | None = None, q: str | None = None
) -> QuerySet:
    organisations = Organisation.objects.visible_to(user).select_related("region")
    if kind:
        organisations = organisations.filter(kind=kind)
    if region_code:
        organisations = organisations.filter(region__code=region_code)
    if q:
        q = q.strip()
        organisations = organisations.filter(
            Q(name_fr__icontains=q) | Q(name_ar__icontains=q) | Q(acronym__icontains=q)
        )
    return organisations.order_by("name_fr", "pk")


class ProvinceIndex:
    """Every province by ISO code and by French name (case, accents and spaces ignored), loaded in one query:
    how bulk imports resolve the « province » column."""

    def __init__(self) -> None:
        self._by_key: dict[str, Province] = {}
        for province in Province.objects.select_related("region"):
            self._by_key[province.code.lower()] = province
            self._by_key[fold(province.name_fr)] = province

        self._regions: dict[str, Region] | None = None  # loaded at the first unknown province

    def find(self, text: str | None) -> Province | None:
        text = text or ""
        return self._by_key.get(text.strip().lower()) or self._by_key.get(fold(text))

    def unknown(self, text: str | None) -> tuple[str, dict]:
        """Why ``text`` is no province, as (msgid, parameters) for a row error: a region's name or code written in the
        province column ("Fes-Meknes") is told so, with a few of its provinces; anything else is unknown."""
        if self._regions is None:
            self._regions = {}
            for region in Region.objects.prefetch_related("provinces"):
                for name in (region.code, region.name_fr, region.name_ar):
                    self._regions[_letters(name)] = region
        found = self._regions.get(_letters(text or ""))
        if found is None:
            return UNKNOWN_PROVINCE, {"value": text or ""}
        provinces = sorted(found.provinces.all(), key=lambda p: p.name_fr)[:3]
        return REGION_NOT_PROVINCE, {
            "value": text, "examples": ", ".join(p.name_fr for p in provinces),
            "examples_ar": "، ".join(p.name_ar or p.name_fr for p in provinces),
        }  # fmt: skip


def _letters(text: str) -> str:
    """Letters and digits only, folded: "Fès - Meknès", "fes-meknes" and "FES MEKNES" are one name."""
    return "".join(c for c in fold(str(text)) if c.isalnum())


def region_by_code(code: str | None, *, field: str) -> Region | None:
    """The region of an input's code (none given: None); an unknown code is refused naming ``field``."""
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise BusinessError("region.unknown", f"Région inconnue : « {code} ».", field=field)
    return region
