"""Forms of the enterprise register: an enterprise's record, and the filters its list and export share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.enterprises.models import Court, LegalKind, Sector, SizeClass
from moukawil.territory.models import Region

from .forms import DateInput, MoukawilForm
from .registry_forms import province_choices


class EnterpriseForm(MoukawilForm):
    legal_kind = forms.ChoiceField(label=_("Forme"), choices=LegalKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Raison sociale ou nom"), max_length=200)
    name_ar = forms.CharField(label=_("Nom en arabe"), max_length=200, required=False)
    ice = forms.CharField(label=_("ICE"), max_length=20, required=False, help_text=_("15 chiffres"))
    rc_court = forms.ModelChoiceField(
        label=_("Tribunal du registre de commerce"), queryset=Court.objects.order_by("kind", "city"), required=False
    )
    rc_number = forms.CharField(label=_("Numéro RC"), max_length=20, required=False)
    tax_id = forms.CharField(label=_("Identifiant fiscal (IF)"), max_length=12, required=False)
    tp_number = forms.CharField(label=_("Numéro de taxe professionnelle"), max_length=15, required=False)
    cnss_number = forms.CharField(label=_("Numéro CNSS"), max_length=12, required=False)
    created_on = forms.DateField(label=_("Date de création"), widget=DateInput())
    sector = forms.ModelChoiceField(label=_("Secteur"), queryset=Sector.objects.all())
    province = forms.TypedChoiceField(label=_("Préfecture ou province"), coerce=int)
    last_turnover = forms.CharField(label=_("Dernier chiffre d'affaires annuel (DH)"))
    turnover_year = forms.IntegerField(label=_("Année de ce chiffre d'affaires"), min_value=1900, max_value=2100)
    employees = forms.IntegerField(label=_("Effectif"), min_value=0, initial=0)
    is_rural = forms.BooleanField(label=_("En milieu rural"), required=False)
    is_innovative = forms.BooleanField(label=_("Label « entreprise innovante »"), required=False)
    owner_gender = forms.ChoiceField(label=_("Sexe du dirigeant"), choices=[("", "—"), ("F", _("Femme")),
                                                                            ("M", _("Homme"))])  # fmt: skip
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()


class EnterpriseFilterForm(MoukawilForm):
    """The list's filters, read by the page and by its export (``enterprise_views._filtered_enterprises``)."""

    q = forms.CharField(label=_("Nom, ICE, RC ou IF"), required=False)
    taille = forms.ChoiceField(label=_("Taille"), choices=[("", _("Toutes")), *SizeClass.choices], required=False)
    region = forms.ModelChoiceField(
        label=_("Région"), queryset=Region.objects.all(), to_field_name="code", required=False,
        empty_label=_("Toutes"),
    )  # fmt: skip

    def filters(self) -> dict:
        """The selector's arguments from the fields that are valid (a wrong one is shown on the page, not used)."""
        self.is_valid()
        data = self.cleaned_data
        region = data.get("region")
        return {"q": data.get("q") or None, "size_class": data.get("taille") or None,
                "region_code": region.code if region else None}  # fmt: skip
