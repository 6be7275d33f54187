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
from moukawil.privacy.permissions import can_decide_rectifications
from moukawil.registry.permissions import can_view_register


def menu_for(user) -> list[dict]:
    items = [{"url": reverse("home"), "label": _("Accueil"), "name": "home"}]
    simulator = {"url": reverse("www:simulator"), "label": _("Simulateur"), "name": "simulator"}
    catalogue = {"url": reverse("www:programmes"), "label": _("Programmes"), "name": "programmes"}
    caravans = {"url": reverse("www:caravans"), "label": _("Caravanes"), "name": "caravans"}
    if not user.is_authenticated:
        return [*items, catalogue, caravans, simulator]
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
        items.append({"url": reverse("www:my_data"), "label": _("Mes données"), "name": "my_data"})
        items.append({"url": reverse("www:caravan_mine"), "label": _("Mes escales"), "name": "caravan_mine"})
    if can_view_register(user):
        items.append({"url": reverse("www:registry_queue"), "label": _("Demandes"), "name": "registry_queue"})
        items.append({"url": reverse("www:registrations"), "label": _("Registre"), "name": "registrations"})
        items.append(
            {"url": reverse("www:declarations_follow_up"), "label": _("Déclarations"), "name": "declarations_follow_up"}
        )
        items.append({"url": reverse("www:enterprises"), "label": _("Entreprises"), "name": "enterprises"})
        items.append({"url": reverse("www:calls"), "label": _("Programmes"), "name": "calls"})
        items.append({"url": reverse("www:register_figures"), "label": _("Chiffres"), "name": "register_figures"})
        items.append(caravans)
        items.append({"url": reverse("www:dashboard"), "label": _("Tableau de bord"), "name": "dashboard"})
        items.append({"url": reverse("www:conventions"), "label": _("Conventions"), "name": "conventions"})
    if can_decide_rectifications(user):
        items.append({"url": reverse("www:rectifications"), "label": _("Rectifications"), "name": "rectifications"})
    items.extend(_infitah_items(user))
    if can_view_staff_pages(user) or can_manage_organisations(user):
        items.append({"url": reverse("www:organisations"), "label": _("Organisations"), "name": "organisations"})
    if can_manage_users(user):
        items.append({"url": reverse("www:users"), "label": _("Comptes"), "name": "users"})
    if can_view_audit(user):
        items.append({"url": reverse("www:audit"), "label": _("Journal d'audit"), "name": "audit"})
    items.append({"url": reverse("www:account"), "label": _("Mon compte"), "name": "account"})
    return items


def _infitah_items(user) -> list[dict]:
    """Infitah: the programme's page (entrepreneurs, staff), the bank's financing requests, the vendor's offers."""
    from moukawil.infitah.permissions import can_follow

    if user.role == Role.BANK_OFFICER:
        return [
            {"url": reverse("www:infitah_financing"), "label": _("Financements Infitah"), "name": "infitah_financing"}
        ]
    if user.role == Role.VENDOR:
        return [{"url": reverse("www:infitah_offers"), "label": _("Offres et commandes"), "name": "infitah_offers"}]
    if user.role == Role.ENTREPRENEUR or can_follow(user):
        return [{"url": reverse("www:infitah"), "label": _("Infitah"), "name": "infitah"}]
    return []


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"menu": [], "current_url_name": ""}
    match = getattr(request, "resolver_match", None)
    return {"menu": menu_for(user), "current_url_name": match.url_name if match else ""}
