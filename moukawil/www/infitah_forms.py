"""Forms of the Infitah pages: each number goes through the check the API and the service use (core.inputs)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.infitah.calculation import clean_price
from moukawil.infitah.services import clean_capacity, clean_duration, clean_monthly, clean_months
from moukawil.territory.models import Organisation, Region

from .forms import CheckedField, DateInput, MoukawilForm


class SessionForm(MoukawilForm):
    place = forms.CharField(label=_("Lieu"), max_length=200)
    region = forms.ModelChoiceField(label=_("Région"), queryset=Region.objects.all())
    starts_on = forms.DateField(label=_("Date"), widget=DateInput())
    capacity = CheckedField(label=_("Capacité (places)"), check=clean_capacity, initial=30)
    trainer = forms.ModelChoiceField(label=_("Organisme formateur"), required=False,
                                     queryset=Organisation.objects.filter(is_active=True))  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and not user.is_national:
            self.fields["region"].queryset = Region.objects.filter(pk=user.region_id)


class EnrolForm(MoukawilForm):
    identifier = forms.CharField(label=_("ICE, numéro RC ou de taxe professionnelle de l'entreprise"), max_length=40)


class BulkForm(MoukawilForm):
    identifiers = forms.CharField(
        label=_("Liste des entreprises (un ICE, RC ou numéro de TP par ligne)"), max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip


class VendorApplyForm(MoukawilForm):
    ice = forms.CharField(label=_("ICE de l'entreprise"), max_length=20)
    association_number = forms.CharField(label=_("Numéro d'adhérent à l'association des professionnels TI (APEBI)"),
                                         max_length=30)  # fmt: skip


class OfferForm(MoukawilForm):
    description = forms.CharField(label=_("Ordinateur portable (description)"), max_length=300)
    price = CheckedField(label=_("Prix TTC (DH)"), check=clean_price, required=True)
    months_3g = CheckedField(label=_("Mois d'internet 3G"), check=clean_months, initial=12)
    valid_from = forms.DateField(label=_("Valable du"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valable jusqu'au"), widget=DateInput())


class OrderForm(MoukawilForm):
    bank = forms.ModelChoiceField(
        label=_("Banque partenaire qui finance le reste"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, banks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if banks is not None:
            self.fields["bank"].queryset = banks


class FinancingForm(MoukawilForm):
    duration_months = CheckedField(label=_("Durée (mois)"), check=clean_duration, required=True, initial=24)
    monthly_payment = CheckedField(label=_("Mensualité (DH)"), check=clean_monthly, required=True)


class DeliverForm(MoukawilForm):
    serial_number = forms.CharField(label=_("Numéro de série de l'ordinateur"), max_length=60)
