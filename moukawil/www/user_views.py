"""Account management for administrators: list with filters, create an officer or a partner, change a role, region
or organisation, deactivate and reactivate. Every write goes through ``accounts.services`` (checked, audited); the
forms only parse, the services validate — as for ``/api/v1/users``, so a page and the API refuse the same input
with the same message on the same field."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.accounts import selectors
from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.accounts.permissions import can_manage_users
from moukawil.accounts.services import user_create, user_set_active, user_set_role
from moukawil.core.errors import BusinessError
from moukawil.territory.models import Organisation, Region

from .decorators import check_required
from .forms import MoukawilForm, refusal_message


class NamedChoiceField(forms.ModelChoiceField):
    """Regions and organisations by their name in the page's language."""

    def label_from_instance(self, obj) -> str:
        return obj.name


def region_field(**kwargs) -> NamedChoiceField:
    return NamedChoiceField(
        label=_("Région"), required=False, queryset=Region.objects.order_by("code"), to_field_name="code", **kwargs
    )


def organisation_field() -> NamedChoiceField:
    return NamedChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.order_by("kind", "name_fr"),
        help_text=_("Obligatoire pour un chargé de financement (sa banque) ou un fournisseur (son entreprise)."),
    )


class UserFilterForm(MoukawilForm):
    q = forms.CharField(label=_("Rechercher (e-mail, nom)"), required=False)
    role = forms.ChoiceField(label=_("Rôle"), required=False, choices=[("", _("Tous")), *Role.choices])
    region = region_field(empty_label=_("Toutes"))
    active = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous")), ("1", _("Actifs")), ("0", _("Désactivés"))]
    )


class UserRoleForm(MoukawilForm):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
    region = region_field(help_text=_("Obligatoire pour un agent de chambre : il agit sur les dossiers de sa région."))
    organisation = organisation_field()


class UserCreateForm(UserRoleForm):
    # A text field: the service checks the address, with the same message as the API.
    email = forms.CharField(label=_("Adresse e-mail"), max_length=254, widget=forms.EmailInput)
    first_name = forms.CharField(label=_("Prénom"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Nom de famille"), max_length=100, required=False)
    first_name_ar = forms.CharField(label=_("Prénom (en arabe)"), max_length=100, required=False)
    last_name_ar = forms.CharField(label=_("Nom de famille (en arabe)"), max_length=100, required=False)
    field_order = ["email", "first_name", "last_name", "first_name_ar", "last_name_ar", "role", "region"]


@check_required(can_manage_users)
def user_list(request):
    form = UserFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.user_list(
        user=request.user,
        role=filters.get("role") or None,
        region_code=filters["region"].code if filters.get("region") else None,
        active={"1": True, "0": False}.get(filters.get("active") or ""),
        q=filters.get("q") or None,
    )
    page = Paginator(users, 30).get_page(request.GET.get("page"))
    template = "www/users/partials/user_table.html" if request.htmx else "www/users/list.html"
    return render(request, template, {"form": form, "page": page})


@check_required(can_manage_users)
def user_create_view(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = user_create(actor=request.user, password=None, **form.cleaned_data)
        except BusinessError as error:
            form.add_business_error(error)
        else:
            messages.success(
                request,
                gettext(
                    "Compte créé pour %(email)s. La personne choisit son mot de passe avec « Mot de passe oublié »."
                )
                % {"email": account.email},
            )
            return redirect("www:user", user_id=account.pk)
    return render(request, "www/users/create.html", {"form": form})


def _account(request, user_id: int) -> User:
    users = User.objects.visible_to(request.user).select_related("region", "organisation")
    return get_object_or_404(users, pk=user_id)


@check_required(can_manage_users)
def user_detail(request, user_id: int):
    """One account: its role, region and organisation (changed here), and its deactivation or reactivation."""
    account = _account(request, user_id)
    initial = {"role": account.role, "region": account.region, "organisation": account.organisation}
    form = UserRoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user_set_role(actor=request.user, user=account, **form.cleaned_data)
        except BusinessError as error:
            form.add_business_error(error)
        else:
            messages.success(request, gettext("Rôle, région et organisation enregistrés."))
            return redirect("www:user", user_id=account.pk)
    return render(request, "www/users/detail.html", {"account": account, "form": form})


@check_required(can_manage_users)
def user_activation(request, user_id: int):
    """Deactivate or reactivate, after a confirmation page (a deactivated account can no longer log in and its API
    tokens are revoked)."""
    account = _account(request, user_id)
    if request.method == "POST":
        try:
            user_set_active(actor=request.user, user=account, active=not account.is_active)
        except (BusinessError, PermissionDenied) as error:
            messages.error(request, gettext(refusal_message(error)))
        else:
            done = (
                _("Compte réactivé.") if account.is_active else _("Compte désactivé : ses jetons d'API sont révoqués.")
            )
            messages.success(request, done)
        return redirect("www:user", user_id=account.pk)
    return render(request, "www/users/activation.html", {"account": account})
