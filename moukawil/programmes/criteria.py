"""Eligibility criteria declared as data: each programme (and each call) holds a list of
``{"kind": …, "params": {…}}``; each kind below answers for one candidate (pass / fail with a French reason, shown
as a checklist) **and** as a queryset filter over the whole enterprise register (to count the eligible population
in one query). Adding a programme's rule needs no code; adding a *kind* of rule is one class here, with a YAML
scenario in tests/programmes/criteria_scenarios.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moukawil.core import formats, inputs
from moukawil.core.errors import BusinessError


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def clean_turnover(value, field: str = "turnover") -> Decimal:
    """A turnover typed on the eligibility form or sent to the API: an amount in dirhams."""
    return inputs.amount(value, field=field, label=_("Chiffre d'affaires"))


def clean_employees(value) -> int:
    return inputs.whole_number(value, field="employees", label=_("Effectif"))


@dataclass(frozen=True)
class Candidate:
    """What eligibility looks at: an enterprise of the register, or a project holder (no firm yet)."""

    region_code: str
    is_rural: bool = False
    sector_code: str | None = None
    has_rc: bool = False
    has_tp: bool = False
    turnover: Decimal | None = None
    created_on: date | None = None
    is_innovative: bool = False
    is_auto_entrepreneur: bool = False
    employees: int | None = None
    is_project_holder: bool = False

    @classmethod
    def of_facts(cls, *, turnover=None, employees=None, created_on: date | None = None, **facts) -> Candidate:
        """The facts a person gives ("am I eligible?") on the page or through the API, checked the same way."""
        return cls(
            turnover=None if turnover in (None, "") else clean_turnover(turnover),
            employees=None if employees in (None, "") else clean_employees(employees),
            created_on=None if created_on is None else inputs.day(created_on, field="created_on",
                                                                  label=_("Date de création")),
            **facts,
        )  # fmt: skip

    @classmethod
    def of_enterprise(cls, enterprise) -> Candidate:
        registration = enterprise.registration
        return cls(
            region_code=enterprise.region.code, is_rural=enterprise.is_rural, sector_code=enterprise.sector.code,
            has_rc=bool(enterprise.rc_number), has_tp=bool(enterprise.tp_number), turnover=enterprise.last_turnover,
            created_on=enterprise.created_on, is_innovative=enterprise.is_innovative,
            is_auto_entrepreneur=registration is not None and registration.status == "active",
            employees=enterprise.employees,
        )  # fmt: skip


@dataclass(frozen=True)
class Result:
    kind: str
    passed: bool
    reason: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "passed": self.passed, "reason": self.reason}


class Kind:
    code = ""
    label: Any = ""  # what the criterion requires, for the catalogue (French source, translated)
    params: dict[str, type] = {}

    def describe(self, params: dict) -> str:
        return str(self.label)

    def check(self, c: Candidate, params: dict, on: date) -> tuple[bool, str]:
        raise NotImplementedError

    def q(self, params: dict, on: date) -> Q:
        raise NotImplementedError

    def clean(self, params: dict) -> dict:
        cleaned = {}
        for name, kind in self.params.items():
            if name not in params:
                raise BusinessError("criterion.param", f"Critère « {self.label} » : paramètre « {name} » manquant.")
            value = params[name]
            label = f"{self.label} ({name})"
            if kind is int:
                # An age in years stays within a century: a date that far back still exists.
                maximum = 100 if name == "years" else inputs.MAX_COUNT
                cleaned[name] = inputs.whole_number(value, field="criteria", label=label, maximum=maximum)
                continue
            if kind is Decimal:
                cleaned[name] = str(inputs.amount(value, field="criteria", label=label))
                continue
            try:
                if kind is list:
                    if isinstance(value, str):
                        value = [v.strip().upper() for v in value.split(",") if v.strip()]
                    value = [str(v).strip().upper() for v in value]
                    if not value:
                        raise ValueError
            except (ValueError, TypeError):
                raise BusinessError(
                    "criterion.param", f"Critère « {self.label} » : valeur invalide pour « {name} » ({value!r})."
                ) from None
            cleaned[name] = value
        return cleaned


class HasRcOrTp(Kind):
    code = "has_rc_or_tp"
    label = gettext_lazy("Inscrite au registre de commerce ou titulaire d'un certificat de taxe professionnelle")

    def check(self, c, params, on):
        if c.has_rc or c.has_tp:
            return True, _("Registre de commerce ou taxe professionnelle : présent.")
        return False, _("Ni registre de commerce ni certificat de taxe professionnelle : l'un des deux est exigé.")

    def q(self, params, on):
        return ~Q(rc_number="") | ~Q(tp_number="")


class MaxTurnover(Kind):
    code, label, params = (
        "max_turnover",
        gettext_lazy("Chiffre d'affaires annuel inférieur à un plafond"),
        {"amount": Decimal},
    )

    def describe(self, params):
        return _("Chiffre d'affaires annuel inférieur à %(limit)s") % {"limit": formats.money_exact(params["amount"])}

    def check(self, c, params, on):
        limit = Decimal(params["amount"])
        if c.turnover is None:
            return True, _("Pas encore de chiffre d'affaires (porteur de projet).")
        if c.turnover < limit:
            return True, _("Chiffre d'affaires %(amount)s : sous le plafond de %(limit)s.") % {
                "amount": formats.money_exact(c.turnover),
                "limit": formats.money_exact(limit),
            }
        return False, _("Chiffre d'affaires %(amount)s : le plafond est de %(limit)s.") % {
            "amount": formats.money_exact(c.turnover),
            "limit": formats.money_exact(limit),
        }

    def q(self, params, on):
        return Q(last_turnover__lt=Decimal(params["amount"]))


class MinAge(Kind):
    code, label, params = "min_age_years", gettext_lazy("Entreprise créée depuis au moins N ans"), {"years": int}

    def describe(self, params):
        return _("Entreprise créée depuis au moins %(years)s an(s)") % {"years": params["years"]}

    def check(self, c, params, on):
        limit = _years_before(on, int(params["years"]))
        if c.created_on is None:
            return False, _("Réservé aux entreprises créées depuis au moins %(years)s an(s).") % {
                "years": params["years"]
            }
        if c.created_on <= limit:
            return True, _("Créée le %(date)s : au moins %(years)s an(s).") % {
                "date": formats.date(c.created_on),
                "years": params["years"],
            }
        return False, _("Créée le %(date)s : moins de %(years)s an(s) d'existence.") % {
            "date": formats.date(c.created_on),
            "years": params["years"],
        }

    def q(self, params, on):
        return Q(created_on__lte=_years_before(on, int(params["years"])))


class MaxAge(Kind):
    code, label, params = "max_age_years", gettext_lazy("Entreprise créée depuis moins de N ans"), {"years": int}

    def describe(self, params):
        return _("Entreprise créée depuis moins de %(years)s an(s)") % {"years": params["years"]}

    def check(self, c, params, on):
        limit = _years_before(on, int(params["years"]))
        if c.created_on is None:
            return True, _("Entreprise à créer (porteur de projet).")
        if c.created_on > limit:
            return True, _("Créée le %(date)s : jeune entreprise.") % {"date": formats.date(c.created_on)}
        return False, _("Créée le %(date)s : plus de %(years)s an(s) d'existence.") % {
            "date": formats.date(c.created_on),
            "years": params["years"],
        }

    def q(self, params, on):
        return Q(created_on__gt=_years_before(on, int(params["years"])))


class Regions(Kind):
    code, label, params = "regions", gettext_lazy("Réservé à certaines régions"), {"codes": list}

    def describe(self, params):
        from moukawil.territory.models import Region

        names = dict(Region.objects.filter(code__in=params["codes"]).values_list("code", "name_fr"))
        return _("Régions : %(names)s") % {"names": ", ".join(names.get(code, code) for code in params["codes"])}

    def check(self, c, params, on):
        if c.region_code in params["codes"]:
            return True, _("Région couverte par le programme.")
        return False, _("Le programme ne couvre pas votre région.")

    def q(self, params, on):
        from moukawil.territory.models import Region

        # Region ids resolved first: the count then needs no join (docs/benchmarks.md).
        return Q(region_id__in=list(Region.objects.filter(code__in=params["codes"]).values_list("pk", flat=True)))


class RuralOnly(Kind):
    code, label = "rural_only", gettext_lazy("Réservé au milieu rural")

    def check(self, c, params, on):
        if c.is_rural:
            return True, _("Activité en milieu rural.")
        return False, _("Réservé aux entreprises du milieu rural.")

    def q(self, params, on):
        return Q(is_rural=True)


class InnovativeOnly(Kind):
    code, label = "innovative_only", gettext_lazy("Réservé aux entreprises labellisées innovantes")

    def check(self, c, params, on):
        if c.is_innovative:
            return True, _("Label « entreprise innovante » : présent.")
        return False, _("Réservé aux entreprises labellisées innovantes.")

    def q(self, params, on):
        return Q(is_innovative=True)


class AutoEntrepreneurOnly(Kind):
    code, label = "auto_entrepreneur_only", gettext_lazy("Réservé aux auto-entrepreneurs inscrits")

    def check(self, c, params, on):
        if c.is_auto_entrepreneur:
            return True, _("Inscrit au registre national de l'auto-entrepreneur.")
        return False, _("Réservé aux auto-entrepreneurs inscrits au registre national.")

    def q(self, params, on):
        return Q(registration__isnull=False, registration__status="active")


class Sectors(Kind):
    code, label, params = "sectors", gettext_lazy("Réservé à certains secteurs"), {"codes": list}

    def describe(self, params):
        return _("Secteurs : %(codes)s") % {"codes": ", ".join(params["codes"])}

    def check(self, c, params, on):
        if c.sector_code in params["codes"]:
            return True, _("Secteur couvert par le programme.")
        return False, _("Le programme ne couvre pas votre secteur d'activité.")

    def q(self, params, on):
        from moukawil.enterprises.models import Sector

        return Q(sector_id__in=list(Sector.objects.filter(code__in=params["codes"]).values_list("pk", flat=True)))


class MaxEmployees(Kind):
    code, label, params = "max_employees", gettext_lazy("Effectif maximal"), {"count": int}

    def describe(self, params):
        return _("Au plus %(count)s salarié(s)") % {"count": params["count"]}

    def check(self, c, params, on):
        if c.employees is None or c.employees <= int(params["count"]):
            return True, _("Effectif dans la limite.")
        return False, _("Effectif de %(employees)s : au plus %(count)s salarié(s).") % {
            "employees": c.employees,
            "count": params["count"],
        }

    def q(self, params, on):
        return Q(employees__lte=int(params["count"]))


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (HasRcOrTp(), MaxTurnover(), MinAge(), MaxAge(), Regions(), RuralOnly(), InnovativeOnly(),
                 AutoEntrepreneurOnly(), Sectors(), MaxEmployees())
}  # fmt: skip


def clean_criteria(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Checked criteria ``[{"kind", "params"}]``; a BusinessError names the bad one."""
    cleaned = []
    for criterion in criteria or []:
        kind = KINDS.get((criterion or {}).get("kind", ""))
        if kind is None:
            raise BusinessError("criterion.kind", f"Critère inconnu : « {(criterion or {}).get('kind')} ».")
        cleaned.append({"kind": kind.code, "params": kind.clean(criterion.get("params") or {})})
    return cleaned


def evaluate(criteria: list[dict], candidate: Candidate, on: date) -> list[Result]:
    """The checklist: every criterion's answer, in the programme's order."""
    results = []
    for criterion in criteria:
        passed, reason = KINDS[criterion["kind"]].check(candidate, criterion.get("params") or {}, on)
        results.append(Result(criterion["kind"], passed, reason))
    return results


def describe(criteria: list[dict]) -> list[str]:
    return [KINDS[c["kind"]].describe(c.get("params") or {}) for c in criteria]


def eligible_filter(criteria: list[dict], on: date) -> Q:
    """The same criteria as one filter on ``Enterprise``: every criterion must hold."""
    condition = Q()
    for criterion in criteria:
        condition &= KINDS[criterion["kind"]].q(criterion.get("params") or {}, on)
    return condition
