"""Forms of the register's pages. Validation of substance stays in the services; these only shape input."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.registry.enums import Category, Gender, IdentityKind, RejectionReason, StrikeOffReason
from moukawil.registry.models import Activity
from moukawil.territory.models import Province

from .forms import MoukawilForm


def province_choices():
    provinces = Province.objects.select_related("region").order_by("region__code", "name_fr")
    return [("", "—")] + [
        (region.name, [(p.pk, p.name) for p in group]) for region, group in groupby(provinces, key=lambda p: p.region)
    ]


def activity_choices():
    labels = dict(Category.choices)
    activities = Activity.objects.filter(is_active=True).order_by("category", "name_fr")
    return [("", "—")] + [
        (labels[category], [(a.pk, a.name) for a in group])
        for category, group in groupby(activities, key=lambda a: a.category)
    ]


class ApplicationForm(MoukawilForm):
    identity_kind = forms.ChoiceField(
        label=_("Pièce d'identité"), choices=IdentityKind.choices, initial=IdentityKind.CIN
    )
    cin = forms.CharField(label=_("Numéro de la pièce"), max_length=20, help_text=_("Ex. BK123456"))
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom de famille"), max_length=100)
    first_name_ar = forms.CharField(label=_("Prénom (en arabe)"), max_length=100, required=False)
    last_name_ar = forms.CharField(label=_("Nom de famille (en arabe)"), max_length=100, required=False)
    gender = forms.ChoiceField(label=_("Sexe"), choices=[("", "—"), *Gender.choices])
    birth_date = forms.DateField(
        label=_("Date de naissance"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("JJ/MM/AAAA")
    )
    nationality = forms.CharField(label=_("Nationalité (code ISO)"), max_length=2, initial="MA")
    phone = forms.CharField(label=_("Téléphone"), max_length=20, required=False, help_text=_("Ex. 0612345678"))
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    province = forms.TypedChoiceField(label=_("Préfecture ou province"), coerce=int)
    activity = forms.TypedChoiceField(label=_("Activité"), coerce=int)
    works_from_home = forms.BooleanField(label=_("J'exerce à domicile"), required=False)
    is_salaried = forms.BooleanField(label=_("Je suis salarié par ailleurs"), required=False)
    pays_taxe_professionnelle = forms.BooleanField(
        label=_("J'exerce déjà une activité soumise à la taxe professionnelle"), required=False
    )
    consent = forms.BooleanField(
        label=_("J'atteste l'exactitude de ces informations et j'ai lu la notice sur mes données personnelles."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()
        self.fields["activity"].choices = activity_choices()


class ApplicationCompleteForm(ApplicationForm):
    """The applicant's corrections after a request for information: the identity document cannot change."""

    message = forms.CharField(
        label=_("Votre réponse à la chambre"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("identity_kind", "cin"):
            self.fields[name].disabled = True
            self.fields[name].help_text = _("Ne se modifie pas : pour une autre pièce, déposez une nouvelle demande.")

    @classmethod
    def initial_for(cls, application) -> dict:
        person = application.person
        names = ("identity_kind", "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "gender",
                 "birth_date", "nationality", "phone", "email", "address")  # fmt: skip
        return {
            **{name: getattr(person, name) for name in names},
            "province": application.province_id, "activity": application.activity_id,
            "works_from_home": application.works_from_home, "is_salaried": application.is_salaried,
            "pays_taxe_professionnelle": application.pays_taxe_professionnelle,
        }  # fmt: skip


class TransitionForm(MoukawilForm):
    reason = forms.CharField(label=_("Message ou motivation"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    rejection_reason = forms.ChoiceField(
        label=_("Motif du refus"), choices=[("", "—"), *RejectionReason.choices], required=False
    )


class StrikeOffForm(MoukawilForm):
    reason = forms.ChoiceField(label=_("Motif"), choices=StrikeOffReason.choices)
    effective_date = forms.DateField(label=_("Date d'effet"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Précisions"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class QueueFilterForm(MoukawilForm):
    q = forms.CharField(label=_("CIN, référence ou nom"), required=False)
    state = forms.ChoiceField(label=_("État"), required=False)
    overdue = forms.BooleanField(label=_("En retard uniquement"), required=False)

    def __init__(self, *args, **kwargs):
        from moukawil.registry.workflow import State

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("todo", _("À traiter")), ("", _("Tous")), *State.choices]
