"""Automatic checks on an application. Each is a small pure function returning a CheckResult with a French
reason (loi 114-13 and its decrees, REFERENCE §1). ``blocking`` checks refuse the application at once;
the others are warnings that the officer weighs."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from django.utils.translation import gettext_noop

from moukawil.core.errors import localise

from .enums import RejectionReason, StrikeOffReason

ADULT_AGE = 18


@dataclass(frozen=True)
class CheckResult:
    """``reason`` is French (API, audit); ``template`` and ``params`` give it again in the reader's language."""

    code: str
    passed: bool
    reason: str
    blocking: bool = True
    warning: bool = False
    template: str = ""
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def result(code: str, passed: bool, template: str, params: dict | None = None, **kw) -> CheckResult:
    """A check's result with its reason in French, kept as a msgid and parameters for the pages."""
    params = params or {}
    return CheckResult(code, passed, template % params if params else template, template=template, params=params, **kw)


def reason_of(check: dict) -> str:
    """A stored check's reason in the active language (checks stored before templates: their French reason)."""
    return localise(check["template"], check.get("params")) if check.get("template") else check["reason"]


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_adult(*, birth_date: date, on: date) -> CheckResult:
    age = age_on(birth_date, on)
    if age >= ADULT_AGE:
        return result(RejectionReason.MINOR, True, gettext_noop("Majeur (%(age)s ans)."), {"age": age})
    return result(
        RejectionReason.MINOR,
        False,
        gettext_noop("Le demandeur a %(age)s ans : le statut est réservé aux majeurs."),
        {"age": age},
    )


EXCLUSION_REFERENCE = "CGI art. 42 ter-III"  # an activity an administrator marked excluded, without its profession


def check_activity(*, activity) -> CheckResult:
    if activity.excluded:
        profession = activity.excluded_profession
        return result(
            RejectionReason.ACTIVITY_EXCLUDED,
            False,
            gettext_noop(
                "« %(activity)s » est une profession exclue du statut d'auto-entrepreneur : elle relève d'un "
                "autre régime (%(reference)s)."
            ),
            {
                "activity": activity.name_fr, "activity_ar": activity.name_ar,
                "reference": profession.legal_reference if profession else EXCLUSION_REFERENCE,
            },
        )  # fmt: skip
    if activity.needs_review:
        return result(
            RejectionReason.ACTIVITY_EXCLUDED,
            True,
            gettext_noop("L'activité « %(activity)s » est proche d'une profession exclue : l'agent vérifie."),
            {"activity": activity.name_fr, "activity_ar": activity.name_ar},
            blocking=False,
            warning=True,
        )
    return result(RejectionReason.ACTIVITY_EXCLUDED, True, gettext_noop("Activité ouverte au statut."))


def check_not_salaried(*, is_salaried: bool) -> CheckResult:
    if is_salaried:
        return result(
            RejectionReason.SALARIED,
            False,
            gettext_noop(
                "Un salarié ne peut pas s'inscrire : l'activité d'auto-entrepreneur doit être l'activité principale."
            ),
        )
    return result(RejectionReason.SALARIED, True, gettext_noop("Pas d'emploi salarié déclaré."))


def check_no_taxe_professionnelle(*, pays_taxe_professionnelle: bool) -> CheckResult:
    if pays_taxe_professionnelle:
        return result(
            RejectionReason.TAXE_PROFESSIONNELLE,
            False,
            gettext_noop("Une activité déjà soumise à la taxe professionnelle doit d'abord être cessée."),
        )
    return result(
        RejectionReason.TAXE_PROFESSIONNELLE, True, gettext_noop("Aucune activité soumise à la taxe professionnelle.")
    )


def check_not_registered(*, active_number: str | None) -> CheckResult:
    if active_number:
        return result(
            RejectionReason.ALREADY_REGISTERED,
            False,
            gettext_noop("Cette pièce d'identité est déjà inscrite (n° %(number)s)."),
            {"number": active_number},
        )
    return result(RejectionReason.ALREADY_REGISTERED, True, gettext_noop("Aucune inscription active pour cette pièce."))


BANNED = "banned"  # not a reason an officer picks: the application is refused at once, never reviewed


def check_not_banned(*, reason: str, struck_off_on: date, years: int) -> CheckResult:
    """Struck off for ``reason`` (fraud): no new file for ``years`` (admission.REREGISTRATION_BAN_YEARS)."""
    params = {"date": f"{struck_off_on:%d/%m/%Y}", "years": years}
    if reason == StrikeOffReason.FRAUD:
        template = gettext_noop(
            "Radié le %(date)s pour fraude : nouvelle inscription impossible pendant %(years)s ans."
        )
    else:
        template = gettext_noop(
            "Radié le %(date)s (%(reason)s) : nouvelle inscription impossible pendant %(years)s ans."
        )
        params["reason"] = str(StrikeOffReason(reason).label)
    return result(BANNED, False, template, params)


def check_duplicates(*, suspects: list[str]) -> CheckResult:
    if suspects:
        return result(
            RejectionReason.DUPLICATE,
            True,
            gettext_noop("Même date de naissance et nom proche sous une autre pièce : %(suspects)s."),
            {"suspects": ", ".join(suspects)},
            blocking=False,
            warning=True,
        )
    return result(RejectionReason.DUPLICATE, True, gettext_noop("Aucun doublon présumé."))


def eligibility_checks(
    *, birth_date: date, activity, is_salaried: bool, pays_taxe_professionnelle: bool, on: date
) -> list[CheckResult]:
    """The checks that depend only on what the applicant declares (every channel, imports included)."""
    return [
        check_adult(birth_date=birth_date, on=on),
        check_activity(activity=activity),
        check_not_salaried(is_salaried=is_salaried),
        check_no_taxe_professionnelle(pays_taxe_professionnelle=pays_taxe_professionnelle),
    ]


def blocking_failures(results: list[CheckResult]) -> list[CheckResult]:
    return [r for r in results if r.blocking and not r.passed]
