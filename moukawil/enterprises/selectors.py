"""Reads on the enterprise register, always through ``visible_to(user)``: the list page, its export and the API
list filter with the one function below, so the same filters give the same rows everywhere."""

from __future__ import annotations

import re

from django.db.models import Q

from moukawil.core.errors import BusinessError

from .models import Enterprise, EnterpriseQuerySet, SizeClass


def _search(q: str) -> Q:
    """A name (French or Arabic) by substring; an ICE, RC, IF or taxe professionnelle number exactly, typed with
    or without its spaces, dots or dashes."""
    q = q.strip()
    cond = Q(name__icontains=q) | Q(name_ar__icontains=q)
    digits = re.sub(r"[\s.\-/]", "", q)
    if digits.isdigit():
        cond |= Q(ice=digits) | Q(rc_number=digits) | Q(tax_id=digits) | Q(tp_number=digits)
    return cond


def enterprise_list(
    *, user, q: str | None = None, size_class: str | None = None, region_code: str | None = None
) -> EnterpriseQuerySet:
    if size_class and size_class not in SizeClass.values:
        choices = ", ".join(SizeClass.values)
        raise BusinessError(
            "enterprise.size_class", f"Taille inconnue « {size_class} » (attendu : {choices}).", field="size_class"
        )
    enterprises = Enterprise.objects.visible_to(user).select_related("sector", "region", "province", "rc_court")
    if q and q.strip():
        enterprises = enterprises.filter(_search(q))
    if size_class:
        enterprises = enterprises.filter(size_class=size_class)
    if region_code:
        enterprises = enterprises.filter(region__code=region_code)
    return enterprises.order_by("name", "pk")
