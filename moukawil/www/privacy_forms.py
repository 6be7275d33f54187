from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.privacy.models import FIELD_LABELS

from .forms import MoukawilForm


class RectificationForm(MoukawilForm):
    field = forms.ChoiceField(label=_("Donnée à rectifier"), choices=[("", "—"), *FIELD_LABELS.items()])
    new_value = forms.CharField(
        label=_("Valeur correcte"), max_length=255,
        help_text=_("Une date s'écrit JJ/MM/AAAA ; le sexe F ou M ; un téléphone sur 10 chiffres."),
    )  # fmt: skip
    reason = forms.CharField(label=_("Motif"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Justificatif (facultatif)"), required=False, help_text=_("PDF, JPG ou PNG, 5 Mo au plus.")
    )


class DecisionForm(MoukawilForm):
    reason = forms.CharField(
        label=_("Motif (obligatoire pour refuser, communiqué au demandeur)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
