"""Forms of the programmes' pages."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.enterprises.models import Sector
from moukawil.programmes.calculation import clean_subsidy_cap, clean_subsidy_rate
from moukawil.programmes.criteria import clean_employees, clean_turnover
from moukawil.programmes.services import clean_hours, clean_score, clean_sessions
from moukawil.territory.models import Region

from .forms import CheckedField, DateInput, MoukawilForm


class EligibilityForm(MoukawilForm):
    """ "Am I eligible?" for someone whose enterprise is not in the register (or who has none yet)."""

    region = forms.ModelChoiceField(label=_("Région"), queryset=Region.objects.all(), to_field_name="code")
    has_rc = forms.BooleanField(label=_("Inscrite au registre de commerce"), required=False)
    has_tp = forms.BooleanField(label=_("Certificat de taxe professionnelle"), required=False)
    turnover = CheckedField(label=_("Dernier chiffre d'affaires annuel (DH)"), check=clean_turnover)
    created_on = forms.DateField(label=_("Date de création (vide : projet)"), required=False,
                                 widget=DateInput())  # fmt: skip
    sector = forms.ModelChoiceField(label=_("Secteur"), queryset=Sector.objects.all(), required=False)
    employees = CheckedField(
        label=_("Effectif"), check=clean_employees, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    is_rural = forms.BooleanField(label=_("En milieu rural"), required=False)
    is_innovative = forms.BooleanField(label=_("Label « entreprise innovante »"), required=False)
    is_auto_entrepreneur = forms.BooleanField(label=_("Auto-entrepreneur inscrit"), required=False)


class HolderForm(MoukawilForm):
    holder_name = forms.CharField(label=_("Nom et prénom du porteur"), max_length=150)
    holder_cin = forms.CharField(label=_("CIN"), max_length=12)
    region = forms.ModelChoiceField(label=_("Région du projet"), queryset=Region.objects.all(), to_field_name="code")
    sector = forms.ModelChoiceField(label=_("Secteur envisagé"), queryset=Sector.objects.all(), required=False)
    is_rural = forms.BooleanField(label=_("En milieu rural"), required=False)
    project_summary = forms.CharField(label=_("Le projet en quelques lignes"), widget=forms.Textarea(attrs={"rows": 3}))


class AssessmentForm(MoukawilForm):
    score = CheckedField(label=_("Note (sur 20)"), check=clean_score, required=True)
    comment = forms.CharField(label=_("Appréciation"), widget=forms.Textarea(attrs={"rows": 2}))


class ServiceForm(MoukawilForm):
    description = forms.CharField(label=_("Prestation"), max_length=200)
    provider = forms.CharField(label=_("Prestataire"), max_length=150, required=False)
    sessions = CheckedField(label=_("Séances"), check=clean_sessions, initial=1)
    hours = CheckedField(label=_("Heures"), check=clean_hours, initial=2)
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput())


class WhatIfForm(MoukawilForm):
    max_turnover = CheckedField(
        label=_("Plafond de chiffre d'affaires (DH)"), check=partial(clean_turnover, field="max_turnover")
    )
    min_age_years = forms.IntegerField(label=_("Ancienneté minimale (ans)"), min_value=0, max_value=100, required=False)
    require_rc_or_tp = forms.BooleanField(label=_("Exiger RC ou taxe professionnelle"), required=False)
    rural_only = forms.BooleanField(label=_("Milieu rural seulement"), required=False)
    subsidy_rate = CheckedField(label=_("Taux de subvention (ex. 0,30)"), check=clean_subsidy_rate)
    subsidy_cap = CheckedField(label=_("Plafond par bénéficiaire (DH)"), check=clean_subsidy_cap)

    @staticmethod
    def initial_from(call) -> dict:
        initial = {"require_rc_or_tp": False, "rural_only": False}
        for criterion in call.criteria:
            kind, params = criterion["kind"], criterion.get("params") or {}
            if kind == "max_turnover":
                initial["max_turnover"] = params["amount"]
            elif kind == "min_age_years":
                initial["min_age_years"] = params["years"]
            elif kind == "has_rc_or_tp":
                initial["require_rc_or_tp"] = True
            elif kind == "rural_only":
                initial["rural_only"] = True
        return initial

    def criteria(self, call) -> list[dict]:
        """The call's criteria with the four adjustable ones replaced by the form's values."""
        data = self.cleaned_data
        kept = [c for c in call.criteria if c["kind"] not in ("max_turnover", "min_age_years", "has_rc_or_tp",
                                                               "rural_only")]  # fmt: skip
        if data.get("require_rc_or_tp"):
            kept.append({"kind": "has_rc_or_tp"})
        if data.get("max_turnover") is not None:
            kept.append({"kind": "max_turnover", "params": {"amount": str(data["max_turnover"])}})
        if data.get("min_age_years") is not None:
            kept.append({"kind": "min_age_years", "params": {"years": data["min_age_years"]}})
        if data.get("rural_only"):
            kept.append({"kind": "rural_only"})
        return kept
