"""Forms of the register's pages. Validation of substance stays in the services; these only shape input."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.core.countries import MOROCCO, country_choices, sort_key
from moukawil.registry.enums import Category, Gender, IdentityKind, RejectionReason, StrikeOffReason
from moukawil.registry.models import Activity
from moukawil.territory.models import Province

from .forms import MoukawilForm


def province_choices():
    provinces = Province.objects.select_related("region").order_by("region__code", "name_fr")
    return [("", "—")] + [
        (region.name, [(p.pk, p.name) for p in group]) for region, group in groupby(provinces, key=lambda p: p.region)
    ]


def activity_choices(activities):
    """Activities grouped by category (in the order of the law), by name in the active language."""
    by_category: dict[str, list] = {}
    for activity in activities:
        by_category.setdefault("excluded" if activity.excluded else activity.category, []).append(
            (activity.pk, activity.name)
        )
    # The excluded professions are listed last, as such: someone who looks for « avocat » learns why it is refused.
    groups = [*Category.choices, ("excluded", _("Professions exclues du statut"))]
    return [
        (label, sorted(by_category[category], key=lambda choice: sort_key(choice[1])))
        for category, label in groups
        if category in by_category
    ]


class SearchableSelect(forms.Select):
    """A list box with a search box above it that keeps only the options matching what is typed (French or
    Arabic name, or code; accents and short vowels ignored): ``static/moukawil/searchable-select.js``, a few
    lines without a library. The box has its own label; the number of matches is announced (``aria-live``)."""

    template_name = "www/widgets/searchable_select.html"

    class Media:
        js = ["moukawil/searchable-select.js"]

    def __init__(self, attrs=None, search_text=None):
        super().__init__({"size": 10, **(attrs or {})})
        self.search_text = search_text or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-search"] = self.search_text.get(value, str(label))
        option["attrs"]["title"] = label  # the whole name, when the box is narrower than it
        return option


class ApplicationForm(MoukawilForm):
    identity_kind = forms.ChoiceField(
        label=_("Pièce d'identité"), choices=IdentityKind.choices, initial=IdentityKind.CIN
    )
    cin = forms.CharField(label=_("Numéro de la pièce"), max_length=20, help_text=_("Ex. BK123456"))
    first_name = forms.CharField(label=_("Prénom"), max_length=100)
    last_name = forms.CharField(label=_("Nom de famille"), max_length=100)
    # Typed right to left whatever the page's direction; the fields keep the page's order (first name first).
    first_name_ar = forms.CharField(
        label=_("Prénom (en arabe)"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
    )  # fmt: skip
    last_name_ar = forms.CharField(
        label=_("Nom de famille (en arabe)"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
    )  # fmt: skip
    gender = forms.ChoiceField(label=_("Sexe"), choices=[("", "—"), *Gender.choices])
    birth_date = forms.DateField(
        label=_("Date de naissance"), widget=forms.DateInput(attrs={"type": "date", "class": "mk-date"}),
        help_text=_("JJ/MM/AAAA"),
    )  # fmt: skip
    # A list of countries, the ISO code stored; which codes are accepted is the service's (clean_applicant) only,
    # so the form, the API and the imports refuse the same values with the same message.
    nationality = forms.CharField(label=_("Nationalité"), initial=MOROCCO, widget=forms.Select)
    phone = forms.CharField(label=_("Téléphone"), max_length=20, required=False, help_text=_("Ex. 0612345678"))
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    province = forms.TypedChoiceField(label=_("Préfecture ou province"), coerce=int)
    activity = forms.TypedChoiceField(label=_("Activité"), coerce=int, widget=SearchableSelect)
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
        activities = Activity.objects.filter(is_active=True)
        self.fields["activity"].choices = activity_choices(activities)
        # What the search box matches: both names and the code.
        self.fields["activity"].widget.search_text = {a.pk: f"{a.code} {a.name_fr} {a.name_ar}" for a in activities}
        self.fields["nationality"].widget.choices = country_choices()


class CounterApplicationForm(ApplicationForm):
    """At the counter an officer may say the application is filed at a caravan stop: the stops held or scheduled
    in his region are offered; which stop is accepted is the service's decision (``application_create``), so the
    page and the API's ``stop`` refuse the same ones with the same message."""

    stop = forms.CharField(label=_("Déposée à l'escale (caravane, forum)"), required=False, widget=forms.Select)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from moukawil.caravans.selectors import stops_open_for_filing
        from moukawil.core import formats

        self.fields["stop"].widget.choices = [("", _("Aucune (demande au guichet)"))] + [
            (stop.pk, f"{stop.city_name} — {formats.date(stop.day)} · {stop.campaign.title}")
            for stop in stops_open_for_filing(user)
        ]


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
    region = forms.ChoiceField(label=_("Région"), required=False)
    overdue = forms.BooleanField(label=_("En retard uniquement"), required=False)

    def __init__(self, *args, user, **kwargs):
        from moukawil.registry.workflow import State
        from moukawil.territory.models import Region

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("todo", _("À traiter")), ("", _("Tous")), *State.choices]
        if not user.is_national:  # a chamber's queue is its region's already
            del self.fields["region"]
        else:
            regions = Region.objects.order_by("code")
            self.fields["region"].choices = [("", _("Toutes")), *((r.code, r.name) for r in regions)]
