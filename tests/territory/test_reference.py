import csv

import pytest
from django.core.management import call_command

from moukawil.territory.models import Organisation, Province, Region
from moukawil.territory.reference import DATA_DIR


@pytest.mark.django_db
def test_the_twelve_regions_their_provinces_and_chambers_are_loaded(territory):
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
    assert Organisation.objects.filter(kind="ccis").count() == 12
    assert Region.objects.get(code="03").name_ar == "فاس مكناس"
    assert Province.objects.get(code="MA-FES").name_ar == "فاس"  # Arabic pages name provinces in Arabic
    assert not Province.objects.filter(name_ar="").exists()
    chamber = Organisation.objects.get(kind="ccis", region__code="03")
    assert chamber.name_ar == "غرفة التجارة والصناعة والخدمات لجهة فاس مكناس"
    with (DATA_DIR / "regions.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert Province.objects.filter(region__code=row["region_code"]).count() == int(
                row["prefectures_provinces_count"]
            ), row["name_fr"]


@pytest.mark.django_db
def test_loading_again_updates_in_place(territory):
    Region.objects.filter(code="03").update(name_fr="ancien nom")
    call_command("load_territory", verbosity=0)
    assert Region.objects.get(code="03").name_fr == "Fès-Meknès"
    assert Region.objects.count() == 12
    assert Province.objects.count() == 75
