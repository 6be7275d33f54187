"""Navigation by role: each page gets the menu its user may use, built in one place."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role
from moukawil.accounts.permissions import (
    can_manage_organisations,
    can_manage_users,
    can_view_audit,
    can_view_staff_pages,
)
from moukawil.registry.permissions import can_view_register


def menu_for(user) -> list[dict]:
    items = [{"url": reverse("home"), "label": _("Accueil"), "name": "home"}]
    simulator = {"url": reverse("www:simulator"), "label": _("Simulateur"), "name": "simulator"}
    catalogue = {"url": reverse("www:programmes"), "label": _("Programmes"), "name": "programmes"}
    if not user.is_authenticated:
        return [*items, catalogue, simulator]
    if user.role == Role.ENTREPRENEUR:
        items.append({"url": reverse("www:my_file"), "label": _("Mon inscription"), "name": "my_file"})
        items.append({"url": reverse("www:declarations"), "label": _("Mes déclarations"), "name": "declarations"})
        items.append(
            {
                "url": reverse("www:my_programme_applications"),
                "label": _("Mes programmes"),
                "name": "my_programme_applications",
            }
        )
    if can_view_register(user):
        items.append({"url": reverse("www:registry_queue"), "label": _("Demandes"), "name": "registry_queue"})
        items.append({"url": reverse("www:registrations"), "label": _("Registre"), "name": "registrations"})
        items.append(
            {"url": reverse("www:declarations_follow_up"), "label": _("Déclarations"), "name": "declarations_follow_up"}
        )
        items.append({"url": reverse("www:enterprises"), "label": _("Entreprises"), "name": "enterprises"})
        items.append({"url": reverse("www:calls"), "label": _("Programmes"), "name": "calls"})
        items.append({"url": reverse("www:register_figures"), "label": _("Chiffres"), "name": "register_figures"})
        items.append({"url": reverse("www:dashboard"), "label": _("Tableau de bord"), "name": "dashboard"})
        items.append({"url": reverse("www:conventions"), "label": _("Conventions"), "name": "conventions"})
    if can_view_staff_pages(user) or can_manage_organisations(user):
        items.append({"url": reverse("www:organisations"), "label": _("Organisations"), "name": "organisations"})
    if can_manage_users(user):
        items.append({"url": reverse("www:users"), "label": _("Comptes"), "name": "users"})
    if can_view_audit(user):
        items.append({"url": reverse("www:audit"), "label": _("Journal d'audit"), "name": "audit"})
    items.append({"url": reverse("www:account"), "label": _("Mon compte"), "name": "account"})
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"menu": [], "current_url_name": ""}
    match = getattr(request, "resolver_match", None)
    return {"menu": menu_for(user), "current_url_name": match.url_name if match else ""}
