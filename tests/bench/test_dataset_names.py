"""The benchmark's data set looks like the register: its generated people get names, birth dates and name keys
(a million people of one empty key made the planner read the whole table for each likely-duplicate search)."""

from datetime import date

import pytest

from bench.dataset import name_people
from moukawil.registry.identity import name_key
from moukawil.registry.models import Person
from moukawil.territory.models import Province


@pytest.mark.django_db
def test_generated_people_get_names_birth_dates_and_their_keys(territory):
    province = Province.objects.first()
    for i in range(30):
        Person.objects.create(
            identity_kind="cin", cin=f"RB{i:07d}", first_name="Bench", last_name="Person",
            gender="F" if i % 3 == 0 else "M", birth_date=date(1990, 1, 1), province=province,
        )  # fmt: skip
    name_people()
    people = list(Person.objects.filter(cin__startswith="RB"))
    assert not [p for p in people if p.first_name == "Bench" or not p.name_key]
    assert all(p.name_key == name_key(p.first_name, p.last_name) for p in people)
    assert all(p.name_key_ar == name_key(p.first_name_ar, p.last_name_ar) for p in people)
    assert len({p.birth_date for p in people}) > 20 and all(1960 <= p.birth_date.year <= 2004 for p in people)
