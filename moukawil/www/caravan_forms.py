from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.caravans.models import Gender, Service
from moukawil.core import inputs
from moukawil.programmes.models import Programme
from moukawil.territory.models import Organisation, Province

from .forms import CheckedField, MoukawilForm


class RegistrationForm(MoukawilForm):
    name = forms.CharField(label=_("Nom et prénom"), max_length=150)
    gender = forms.ChoiceField(label=_("Sexe"), choices=Gender.choices)
    email = forms.CharField(label=_("E-mail (pour recevoir le code QR)"), max_length=254, required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=16, required=False)
    enterprise_name = forms.CharField(label=_("Entreprise ou activité"), max_length=200, required=False)


class ImportForm(MoukawilForm):
    file = forms.FileField(label=_("Liste des inscrits (CSV ou XLSX)"))


def _capacity(value) -> int:
    return inputs.whole_number(value, field="capacity", label="Places", minimum=1, maximum=100_000)


class CampaignForm(MoukawilForm):
    """A campaign, checked by ``campaign_create`` (code, lengths, dates) like the API's ``POST /caravans/campaigns``."""

    code = forms.CharField(label=_("Code (minuscules, chiffres et tirets)"), strip=False)
    title_fr = forms.CharField(label=_("Intitulé (français)"), strip=False)
    title_ar = forms.CharField(label=_("Intitulé (arabe)"), required=False, strip=False)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)
    starts_on = forms.DateField(label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("code")  # type: ignore[attr-defined]


class StopForm(MoukawilForm):
    """A stop, checked by ``stop_create`` (lengths, capacity, hours, services) like the API's
    ``POST /caravans/campaigns/{code}/stops``; the capacity by the same ``inputs.whole_number``."""

    city = forms.CharField(label=_("Ville"), strip=False)
    city_ar = forms.CharField(label=_("Ville (arabe)"), required=False, max_length=80)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none())
    host = forms.ModelChoiceField(label=_("Chambre d'accueil"), queryset=Organisation.objects.none(), required=False)
    venue = forms.CharField(label=_("Lieu"), strip=False)
    venue_ar = forms.CharField(label=_("Lieu (arabe)"), required=False, strip=False,
                               widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))  # fmt: skip
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    opens_at = forms.TimeField(label=_("Ouverture"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(label=_("Fermeture"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = CheckedField(label=_("Places"), check=_capacity, required=True,
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))  # fmt: skip
    services = forms.MultipleChoiceField(label=_("Services sur place"), choices=Service.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.select_related("region").order_by("region__code", "name_fr")
        chambers = Organisation.objects.filter(kind="ccis").order_by("name_fr")
        region = getattr(user, "scope_region", None)
        if region is not None:  # a chamber officer organises his region's stops
            provinces = provinces.filter(region=region)
            chambers = chambers.filter(region=region)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        self.fields["host"].queryset = chambers  # type: ignore[attr-defined]
