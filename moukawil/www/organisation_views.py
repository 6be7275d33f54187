from django import forms
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from moukawil.accounts.permissions import can_manage_organisations, can_view_staff_pages
from moukawil.core.errors import BusinessError
from moukawil.territory import selectors
from moukawil.territory.enums import OrganisationKind
from moukawil.territory.models import Region
from moukawil.territory.services import organisation_create

from .decorators import check_required
from .forms import MoukawilForm


class OrganisationFilterForm(MoukawilForm):
    q = forms.CharField(label=_("Rechercher"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous")), *OrganisationKind.choices])
    region = forms.ModelChoiceField(
        label=_("Région"),
        required=False,
        queryset=Region.objects.all(),
        to_field_name="code",
        empty_label=_("Toutes"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_national:  # a chamber officer filters within his region only
            self.fields["region"].queryset = Region.objects.filter(pk=user.region_id)


class OrganisationForm(MoukawilForm):
    kind = forms.ChoiceField(label=_("Type"), choices=OrganisationKind.choices)
    name_fr = forms.CharField(label=_("Nom (français)"), max_length=200)
    name_ar = forms.CharField(label=_("Nom (arabe)"), max_length=200, required=False)
    acronym = forms.CharField(label=_("Sigle"), max_length=30, required=False)
    region = forms.ModelChoiceField(
        label=_("Région"),
        required=False,
        queryset=Region.objects.all(),
        help_text=_("Vide pour un organisme national."),
    )
    city = forms.CharField(label=_("Ville"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=20, required=False)


@check_required(can_view_staff_pages)
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.organisation_list(
        user=request.user,
        kind=filters.get("kind") or None,
        region_code=filters["region"].code if filters.get("region") else None,
        q=filters.get("q") or None,
    )
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_create": can_manage_organisations(request.user).allowed}
    # HTMX asks for the results only when a filter changes; a plain request gets the whole page.
    template = "www/partials/organisation_table.html" if request.htmx else "www/organisation_list.html"
    return render(request, template, context)


@check_required(can_manage_organisations)
def organisation_create_view(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_create(actor=request.user, **form.cleaned_data)
        except BusinessError as error:
            form.add_business_error(error)
        else:
            return redirect("www:organisations")
    return render(request, "www/organisation_form.html", {"form": form})
