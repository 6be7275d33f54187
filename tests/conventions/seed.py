"""The seed's convention, built by the conventions tests and their browser test alike."""

from datetime import date

from moukawil.conventions.models import Kind, Scope
from moukawil.conventions.services import commitment_add, convention_create


def fes_anpme_convention(fes, officer):
    """CCIS Fès-Meknès × ANPME: 500 auto-entrepreneurs by the end of 2019, 1,500 by 2020 (cumulative)."""
    convention = convention_create(
        actor=officer, title="CCIS Fès-Meknès × ANPME", kind=Kind.PARTNERSHIP, region=fes,
        starts_on=date(2019, 1, 1), ends_on=date(2020, 12, 31),
    )  # fmt: skip
    for year, target in ((2019, 500), (2020, 1500)):
        commitment_add(
            actor=officer, convention=convention, indicator="register.registrations", scope=Scope.REGION,
            region=fes, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), target=target,
            label=f"Auto-entrepreneurs inscrits — {year}",
        )  # fmt: skip
    return convention
