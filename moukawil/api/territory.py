from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from moukawil.territory.models import Province, Region

router = Router(tags=["territoire"])


class RegionOut(Schema):
    code: str
    iso_code: str
    name_fr: str
    name_ar: str
    chef_lieu: str


class ProvinceOut(Schema):
    code: str
    name_fr: str
    name_ar: str
    kind: str
    region_code: str


@router.get("/regions", response=list[RegionOut], auth=None, summary="Les 12 régions")
def list_regions(request):
    return Region.objects.all()


@router.get("/regions/{code}", response=RegionOut, auth=None, summary="Une région")
def get_region(request, code: str):
    return get_object_or_404(Region, code=code)


@router.get("/provinces", response=list[ProvinceOut], auth=None, summary="Préfectures et provinces")
def list_provinces(request, region: str | None = None):
    """All 75 prefectures and provinces, or those of one region (``?region=03``)."""
    provinces = Province.objects.select_related("region")
    if region:
        provinces = provinces.filter(region__code=region)
    return [
        {
            "code": p.code,
            "name_fr": p.name_fr,
            "name_ar": p.name_ar,
            "kind": p.kind,
            "region_code": p.region.code,
        }
        for p in provinces
    ]
