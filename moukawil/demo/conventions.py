"""The seed's conventions (``shared/seeds/000_…``): CCIS Fès-Meknès × ANPME with its 2019 and 2020 targets, the
framework agreement with the municipal council of Taoujdat, and the national goals (100,000 auto-entrepreneurs by
2020, the women's share). Written through the services; progress is then computed from the demo register. The
summaries of the dashboards are rebuilt at the end (the task's service, run as the system)."""

from __future__ import annotations

from datetime import date

from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.conventions.models import Convention, Kind, Scope
from moukawil.conventions.services import commitment_add, convention_create, convention_transition
from moukawil.core import clock
from moukawil.indicators.services import summaries_refresh
from moukawil.territory.enums import OrganisationKind
from moukawil.territory.models import Organisation, Region

FES_ANPME = "Convention de partenariat CCIS Fès-Meknès × ANPME : auto-entrepreneurs et TPME"
TAOUJDAT = "Accord-cadre de coopération avec le Conseil communal de Taoujdat"
NATIONAL = "Objectifs nationaux du statut de l'auto-entrepreneur"


def _steps(convention, *, adopted: date, signed: date | None, started: bool) -> None:
    # The workflow's steps are fired by a person (the agency's demo officer), as on the convention's page.
    officer = User.objects.filter(role=Role.AGENCY_OFFICER, is_active=True).order_by("pk").first()
    convention_transition(actor=officer, convention=convention, name="adopt", on=adopted)
    if signed:
        convention_transition(actor=officer, convention=convention, name="sign", on=signed)
    if started:
        convention_transition(actor=officer, convention=convention, name="start")


def build_conventions() -> dict[str, int]:
    fes = Region.objects.get(code="03")
    ccis_fes = Organisation.objects.filter(kind=OrganisationKind.CCIS, region=fes).first()
    agency = Organisation.objects.filter(kind=OrganisationKind.AGENCY).order_by("pk").first()
    taoujdat = Organisation.objects.filter(kind=OrganisationKind.MUNICIPAL_COUNCIL, city="Taoujdat").first()
    parties = [o for o in (ccis_fes, agency) if o]
    if not Convention.objects.filter(title=FES_ANPME).exists():
        convention = convention_create(
            actor=None, title=FES_ANPME, kind=Kind.PARTNERSHIP, region=fes, parties=parties,
            starts_on=date(2019, 1, 1), ends_on=date(2020, 12, 31),
            object="Promouvoir et développer les petites unités de production de la région : inscription au statut "
                   "d'auto-entrepreneur, promotion des TPME en milieu rural, soutien aux porteurs de projets et "
                   "soutien post-création des jeunes entreprises innovantes.",
        )  # fmt: skip
        targets = [
            ("register.registrations", "", "Auto-entrepreneurs inscrits", 500, 1500, True),
            ("programmes.beneficiaries", "promotion-tpme-rurale", "TPME rurales (programme de promotion)", 20, 60,
             False),
            ("programmes.beneficiaries", "accompagnement-porteurs", "Porteurs de projets soutenus", 200, 600, False),
            ("programmes.beneficiaries", "post-creation-innovantes", "Entreprises innovantes (post-création)", 20, 40,
             False),
        ]  # fmt: skip
        for indicator, programme, label, target_2019, target_2020, cumulative in targets:
            for year, target in ((2019, target_2019), (2020, target_2020)):
                commitment_add(
                    actor=None, convention=convention, indicator=indicator, programme=programme, scope=Scope.REGION,
                    region=fes, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31), target=target,
                    cumulative=cumulative, label=f"{label} — {year}",
                )  # fmt: skip
        # Commitments are the convention's text: recorded while it is a draft, before its steps.
        _steps(convention, adopted=date(2019, 3, 14), signed=date(2019, 3, 28), started=True)
    if not Convention.objects.filter(title=TAOUJDAT).exists():
        convention = convention_create(
            actor=None, title=TAOUJDAT, kind=Kind.FRAMEWORK, region=fes,
            parties=[o for o in (ccis_fes, taoujdat) if o], starts_on=date(2019, 3, 1), ends_on=date(2022, 12, 31),
            object="Renforcement et approfondissement des liens économiques entre la Chambre et la commune.",
        )  # fmt: skip
        commitment_add(
            actor=None, convention=convention, indicator="register.registrations", scope=Scope.COMMUNE,
            commune_code="03.171.01.03", starts_on=date(2019, 3, 1), ends_on=date(2022, 12, 31), target=100,
            label="Auto-entrepreneurs inscrits à Aïn Taoujdat",
        )  # fmt: skip
        _steps(convention, adopted=date(2019, 3, 14), signed=None, started=False)
    if not Convention.objects.filter(title=NATIONAL).exists():
        convention = convention_create(
            actor=None, title=NATIONAL, kind=Kind.PROGRAMME, parties=[agency] if agency else [],
            starts_on=date(2015, 6, 1), ends_on=date(2020, 12, 31),
            object="100 000 auto-entrepreneurs inscrits à l'horizon 2020 ; 10 000 permis numériques ; part des "
                   "femmes (9 % au départ, 31 % en 2019).",
        )  # fmt: skip
        commitment_add(
            actor=None, convention=convention, indicator="register.registrations", scope=Scope.NATIONAL,
            starts_on=date(2015, 6, 1), ends_on=date(2020, 12, 31), target=100000,
            label="100 000 auto-entrepreneurs à l'horizon 2020",
        )  # fmt: skip
        commitment_add(
            actor=None, convention=convention, indicator="register.women_share", scope=Scope.NATIONAL,
            starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31), target=31, cumulative=False,
            label="Part des femmes parmi les inscrits en 2019 (%)",
        )  # fmt: skip
        # « 10,000 digital permits » (Infitah's goal, seed 004): counted by Infitah's indicator over the period of
        # the demo's Infitah programme (its caravan and sessions are dated this year).
        year = clock.today().year
        commitment_add(
            actor=None, convention=convention, indicator="infitah.permits", scope=Scope.NATIONAL,
            starts_on=date(year, 1, 1), ends_on=date(year + 1, 12, 31), target=10000,
            label="10 000 permis numériques (programme Infitah)",
        )  # fmt: skip
        _steps(convention, adopted=date(2015, 6, 1), signed=date(2015, 6, 1), started=True)
    report = summaries_refresh(actor=None, all_years=True)
    return {"conventions": Convention.objects.count(), "figures": report["rows"]}
