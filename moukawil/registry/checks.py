"""Automatic checks on an application. Each is a small pure function returning a CheckResult with a French
reason (loi 114-13 and its decrees, REFERENCE §1). ``blocking`` checks refuse the application at once;
the others are warnings that the officer weighs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from .enums import RejectionReason, StrikeOffReason

ADULT_AGE = 18


@dataclass(frozen=True)
class CheckResult:
    code: str
    passed: bool
    reason: str
    blocking: bool = True
    warning: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_adult(*, birth_date: date, on: date) -> CheckResult:
    age = age_on(birth_date, on)
    if age >= ADULT_AGE:
        return CheckResult(RejectionReason.MINOR, True, f"Majeur ({age} ans).")
    return CheckResult(RejectionReason.MINOR, False, f"Le demandeur a {age} ans : le statut est réservé aux majeurs.")


def check_activity(*, activity) -> CheckResult:
    if activity.excluded:
        return CheckResult(
            RejectionReason.ACTIVITY_EXCLUDED,
            False,
            f"L'activité « {activity.name_fr} » est exclue du statut (CGI art. 42 ter-III).",
        )
    if activity.needs_review:
        return CheckResult(
            RejectionReason.ACTIVITY_EXCLUDED,
            True,
            f"L'activité « {activity.name_fr} » est proche d'une profession exclue : l'agent vérifie.",
            blocking=False,
            warning=True,
        )
    return CheckResult(RejectionReason.ACTIVITY_EXCLUDED, True, "Activité ouverte au statut.")


def check_not_salaried(*, is_salaried: bool) -> CheckResult:
    if is_salaried:
        return CheckResult(
            RejectionReason.SALARIED,
            False,
            "Un salarié ne peut pas s'inscrire : l'activité d'auto-entrepreneur doit être l'activité principale.",
        )
    return CheckResult(RejectionReason.SALARIED, True, "Pas d'emploi salarié déclaré.")


def check_no_taxe_professionnelle(*, pays_taxe_professionnelle: bool) -> CheckResult:
    if pays_taxe_professionnelle:
        return CheckResult(
            RejectionReason.TAXE_PROFESSIONNELLE,
            False,
            "Une activité déjà soumise à la taxe professionnelle doit d'abord être cessée.",
        )
    return CheckResult(RejectionReason.TAXE_PROFESSIONNELLE, True, "Aucune activité soumise à la taxe professionnelle.")


def check_not_registered(*, active_number: str | None) -> CheckResult:
    if active_number:
        return CheckResult(
            RejectionReason.ALREADY_REGISTERED, False, f"Cette pièce d'identité est déjà inscrite (n° {active_number})."
        )
    return CheckResult(RejectionReason.ALREADY_REGISTERED, True, "Aucune inscription active pour cette pièce.")


BANNED = "banned"  # not a reason an officer picks: the application is refused at once, never reviewed


def check_not_banned(*, reason: str, struck_off_on: date, years: int) -> CheckResult:
    """Struck off for ``reason`` (fraud): no new file for ``years`` (admission.REREGISTRATION_BAN_YEARS)."""
    wording = "pour fraude" if reason == StrikeOffReason.FRAUD else f"({StrikeOffReason(reason).label})"
    return CheckResult(
        BANNED,
        False,
        f"Radié le {struck_off_on:%d/%m/%Y} {wording} : nouvelle inscription impossible pendant {years} ans.",
    )


def check_duplicates(*, suspects: list[str]) -> CheckResult:
    if suspects:
        return CheckResult(
            RejectionReason.DUPLICATE,
            True,
            "Même date de naissance et nom proche sous une autre pièce : " + ", ".join(suspects) + ".",
            blocking=False,
            warning=True,
        )
    return CheckResult(RejectionReason.DUPLICATE, True, "Aucun doublon présumé.")


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
