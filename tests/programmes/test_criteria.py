"""Every criterion kind as a YAML scenario, for one candidate and as the set-based filter over the register."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from moukawil.core.errors import BusinessError
from moukawil.enterprises.models import Enterprise
from moukawil.programmes.criteria import KINDS, Candidate, clean_criteria, eligible_filter, evaluate

SCENARIOS = yaml.safe_load((Path(__file__).parent / "criteria_scenarios.yaml").read_text(encoding="utf-8"))
BASE = {"region_code": "03", "sector_code": "G", "turnover": Decimal("500000"), "created_on": date(2015, 1, 1),
        "employees": 2}  # fmt: skip


def candidate(values: dict) -> Candidate:
    data = {**BASE, **values}
    if "turnover" in values:
        data["turnover"] = Decimal(str(values["turnover"]))
    return Candidate(**data)


def test_every_kind_has_a_scenario():
    assert {s["kind"] for s in SCENARIOS} == set(KINDS)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s['kind']}-{i}" for i, s in enumerate(SCENARIOS)])
def test_criterion_passes_and_fails_with_its_reason(scenario):
    criteria = clean_criteria([{"kind": scenario["kind"], "params": scenario.get("params", {})}])
    passed = evaluate(criteria, candidate(scenario["pass"]), scenario["date"])[0]
    failed = evaluate(criteria, candidate(scenario["fail"]), scenario["date"])[0]
    assert passed.passed, passed.reason
    assert not failed.passed
    # Amounts are written with no-break spaces (core.formats); the scenarios, with plain ones.
    assert scenario["reason"] in re.sub("[\u00a0\u202f]", " ", failed.reason)


def enterprise_from(make_enterprise, enterprise_reference, actor, values, registration=None):
    from moukawil.territory.models import Province

    data = {**BASE, **values}
    province = Province.objects.filter(region__code=data["region_code"]).first()
    fields = {
        "province": province, "sector": enterprise_reference["sectors"][data["sector_code"]],
        "last_turnover": str(data["turnover"]), "created_on": data["created_on"], "employees": data["employees"],
        "is_rural": data.get("is_rural", False), "is_innovative": data.get("is_innovative", False),
        "turnover_year": max(data["created_on"].year, 2025),
    }  # fmt: skip
    if not data.get("has_rc", False):
        fields["rc_number"] = ""
    if data.get("has_tp"):
        fields["tp_number"] = "45678912"
    enterprise = make_enterprise(actor=actor, **fields)
    if data.get("is_auto_entrepreneur"):
        Enterprise.objects.filter(pk=enterprise.pk).update(registration=registration)
    return enterprise


@pytest.mark.django_db
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s['kind']}-{i}" for i, s in enumerate(SCENARIOS)])
def test_the_set_based_filter_agrees_with_the_checklist(
    scenario, make_enterprise, enterprise_reference, territory, agency_officer, registration
):
    criteria = clean_criteria([{"kind": scenario["kind"], "params": scenario.get("params", {})}])
    yes = enterprise_from(make_enterprise, enterprise_reference, agency_officer, scenario["pass"], registration)
    no = enterprise_from(make_enterprise, enterprise_reference, agency_officer, scenario["fail"])
    matched = set(Enterprise.objects.filter(eligible_filter(criteria, scenario["date"])).values_list("pk", flat=True))
    assert yes.pk in matched and no.pk not in matched
    # And the checklist built from the stored enterprise says the same.
    for enterprise, expected in ((yes, True), (no, False)):
        enterprise = Enterprise.objects.select_related("region", "sector", "registration").get(pk=enterprise.pk)
        assert evaluate(criteria, Candidate.of_enterprise(enterprise), scenario["date"])[0].passed is expected


def test_bad_criteria_are_refused_with_a_reason():
    with pytest.raises(BusinessError, match="Critère inconnu"):
        clean_criteria([{"kind": "astrologie"}])
    with pytest.raises(BusinessError, match="paramètre « amount » manquant"):
        clean_criteria([{"kind": "max_turnover", "params": {}}])
    with pytest.raises(BusinessError, match="nombre invalide « deux »"):
        clean_criteria([{"kind": "min_age_years", "params": {"years": "deux"}}])
    with pytest.raises(BusinessError, match="entre 0 et 100"):
        clean_criteria([{"kind": "min_age_years", "params": {"years": 1_000_000}}])
    for absurd in ("-5", "1e20", "NaN", "Infinity", "1.6e-277"):
        with pytest.raises(BusinessError) as refused:
            clean_criteria([{"kind": "max_turnover", "params": {"amount": absurd}}])
        assert refused.value.field == "criteria" and "Chiffre d'affaires annuel" in refused.value.message
