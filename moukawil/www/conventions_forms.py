"""Forms of the conventions' pages (the service checks again; these only shape the input)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.conventions.models import DocumentKind, Kind, Scope
from moukawil.conventions.services import clean_target
from moukawil.indicators import catalogue
from moukawil.territory.models import Organisation, Province, Region

from .forms import CheckedField, DateInput, MoukawilForm
from .user_views import NamedChoiceField  # regions and provinces by their name in the page's language


class ConventionForm(MoukawilForm):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    kind = forms.ChoiceField(label=_("Nature"), choices=Kind.choices)
    object = forms.CharField(label=_("Objet"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                             max_length=5000)  # fmt: skip
    region = NamedChoiceField(
        label=_("Région de la chambre"), queryset=Region.objects.all(), required=False,
        help_text=_("Vide pour une convention nationale."),
    )  # fmt: skip
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"), queryset=Organisation.objects.active(), widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Début"), widget=DateInput())
    ends_on = forms.DateField(label=_("Fin"), widget=DateInput())


class TransitionForm(MoukawilForm):
    on = forms.DateField(label=_("Date (adoption, signature)"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("Motif"), required=False, max_length=2000)


class DocumentForm(MoukawilForm):
    kind = forms.ChoiceField(label=_("Type de document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Fichier PDF (10 Mo au plus)"))


class CommitmentForm(MoukawilForm):
    label = forms.CharField(label=_("Libellé"), max_length=200, required=False)
    indicator = forms.ChoiceField(label=_("Indicateur"), choices=())
    programme = forms.CharField(label=_("Programme (code, pour ses bénéficiaires)"), max_length=40, required=False)
    scope = forms.ChoiceField(label=_("Échelle"), choices=Scope.choices)
    region = NamedChoiceField(label=_("Région"), queryset=Region.objects.all(), required=False)
    province = NamedChoiceField(label=_("Province ou préfecture"), queryset=Province.objects.all(),
                                required=False)  # fmt: skip
    commune_code = forms.CharField(label=_("Code de la commune (HCP)"), max_length=12, required=False)
    starts_on = forms.DateField(label=_("Début de la période"), widget=DateInput())
    ends_on = forms.DateField(label=_("Fin de la période"), widget=DateInput())
    target = CheckedField(label=_("Cible"), check=clean_target, required=True)
    cumulative = forms.BooleanField(label=_("Cumulatif depuis le début de la convention"), required=False,
                                    initial=True)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = catalogue.choices()


class ConventionEditForm(ConventionForm):
    """The fields a convention's state still lets change (``services.EDITABLE``); its region does not change (it
    decides who records the convention)."""

    adopted_on = forms.DateField(label=_("Adoptée en assemblée générale le"), widget=DateInput())
    signed_on = forms.DateField(label=_("Signée le"), widget=DateInput())

    def __init__(self, *args, editable=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
