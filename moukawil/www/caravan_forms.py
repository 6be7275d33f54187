from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.caravans.models import Gender

from .forms import MoukawilForm


class RegistrationForm(MoukawilForm):
    name = forms.CharField(label=_("Nom et prénom"), max_length=150)
    gender = forms.ChoiceField(label=_("Sexe"), choices=Gender.choices)
    email = forms.CharField(label=_("E-mail (pour recevoir le code QR)"), max_length=254, required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=16, required=False)
    enterprise_name = forms.CharField(label=_("Entreprise ou activité"), max_length=200, required=False)


class ImportForm(MoukawilForm):
    file = forms.FileField(label=_("Liste des inscrits (CSV ou XLSX)"))
