"""The indicators of the register, the declarations and the programmes (the catalogue's first rows)."""

from __future__ import annotations

from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from .catalogue import AMOUNT, SHARE, Indicator, register

REGISTRATION_DIMS = {
    "region": "region_id",
    "province": "application__province_id",
    "gender": "person__gender",
    "category": "activity__category",
}


def _applications():
    from moukawil.registry.models import Application
    from moukawil.registry.workflow import State

    return Application.objects.exclude(state=State.DRAFT).filter(submitted_at__isnull=False)


def _registrations():
    from moukawil.registry.models import Registration

    return Registration.objects.all()


def _registrations_women():
    return _registrations().filter(person__gender="F")


def _active():
    from moukawil.registry.enums import RegistrationStatus

    return _registrations().filter(status=RegistrationStatus.ACTIVE)


def _struck_off():
    from moukawil.registry.enums import RegistrationStatus

    return _registrations().filter(status=RegistrationStatus.STRUCK_OFF)


def _declarations():
    from moukawil.declarations.models import Declaration

    return Declaration.objects.filter(is_current=True)


def _beneficiaries():
    from moukawil.programmes.models import ProgrammeApplication
    from moukawil.programmes.workflow import State

    return ProgrammeApplication.objects.filter(state=State.ACCEPTED, decided_at__isnull=False)


REGISTER = _("Registre national de l'auto-entrepreneur")

register(Indicator(
    "register.applications", _("Demandes d'inscription"),
    _("Demandes d'inscription au statut d'auto-entrepreneur déposées (brouillons exclus), comptées à la date de "
      "dépôt, dans la région et la province déclarées par le demandeur."),
    rows=_applications, date="submitted_at",
    dims={"region": "region_id", "province": "province_id", "gender": "person__gender",
          "category": "activity__category"},
    source=REGISTER, per_inhabitants=True,
))  # fmt: skip
register(Indicator(
    "register.registrations", _("Inscriptions au registre"),
    _("Demandes approuvées : inscriptions au registre (numéro RNAE attribué), comptées à la date d'inscription, "
      "qu'elles soient actives ou radiées depuis."),
    rows=_registrations, date="registered_on", dims=REGISTRATION_DIMS, source=REGISTER, per_inhabitants=True,
))  # fmt: skip
register(Indicator(
    "register.registrations_women", _("Inscriptions de femmes"),
    _("Inscriptions au registre dont la titulaire est une femme, comptées à la date d'inscription."),
    rows=_registrations_women, date="registered_on", dims=REGISTRATION_DIMS, source=REGISTER,
))  # fmt: skip
register(Indicator(
    "register.women_share", _("Part des femmes parmi les inscrits"),
    _("Inscriptions de femmes divisées par l'ensemble des inscriptions au registre de la même période et du même "
      "territoire (demandes non approuvées exclues), en pourcentage."),
    unit=SHARE, ratio=("register.registrations_women", "register.registrations"), source=REGISTER,
))  # fmt: skip
register(Indicator(
    "register.active", _("Auto-entrepreneurs actifs"),
    _("Inscriptions au registre non radiées à ce jour, comptées à leur date d'inscription."),
    rows=_active, date="registered_on", dims=REGISTRATION_DIMS, source=REGISTER, per_inhabitants=True,
))  # fmt: skip
register(Indicator(
    "register.struck_off", _("Radiations"),
    _("Inscriptions radiées du registre (plafond dépassé, cessation, décès…), comptées à la date de radiation."),
    rows=_struck_off, date="struck_off_on", dims=REGISTRATION_DIMS, source=REGISTER,
))  # fmt: skip
DECLARATION_DIMS = {
    "region": "region_id",
    "province": "registration__application__province_id",
    "gender": "registration__person__gender",
    "category": "registration__activity__category",
}
register(Indicator(
    "declarations.turnover", _("Chiffre d'affaires déclaré"),
    _("Chiffre d'affaires (commerce et services) des déclarations en vigueur (dernière version de chaque période), "
      "compté à la fin de la période déclarée, en dirhams."),
    unit=AMOUNT, rows=_declarations, date="period_end", dims=DECLARATION_DIMS,
    value=lambda **kw: Sum(F("turnover_goods") + F("turnover_services"), **kw),
    source=_("Déclarations de chiffre d'affaires"),
))  # fmt: skip
register(Indicator(
    "declarations.tax_due", _("Impôt dû"),
    _("Impôt sur le revenu dû (commerce et services) selon les déclarations en vigueur, compté à la fin de la "
      "période déclarée, en dirhams."),
    unit=AMOUNT, rows=_declarations, date="period_end", dims=DECLARATION_DIMS,
    value=lambda **kw: Sum(F("tax_goods") + F("tax_services"), **kw), source=_("Déclarations de chiffre d'affaires"),
))  # fmt: skip
register(Indicator(
    "programmes.beneficiaries", _("Bénéficiaires des programmes"),
    _("Candidatures retenues (bénéficiaires) d'un programme d'appui, comptées à la date de la décision, dans la "
      "région du candidat ; par programme avec le filtre « programme »."),
    rows=_beneficiaries, date="decided_at",
    dims={"region": "region_id", "programme": "call__programme__code"},
    source=_("Programmes d'appui"),
))  # fmt: skip
