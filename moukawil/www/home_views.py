"""Home pages as work lists: each role is told what waits for it, what is late, what changed, and what to do next.

The page is chosen by what the user may do (the policy), never by testing his role for a permission: who may view
the register gets the officers' work list (his region, or the nation with a breakdown by region); partners get
their organisation's page; an account that owns files (an entrepreneur) gets where his file and his declarations
stand. Every count comes from a few grouped queries (``registry.selectors.work_counts``,
``declarations.selectors.follow_up_counts``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from moukawil.accounts.enums import Role
from moukawil.accounts.permissions import can_manage_users
from moukawil.caravans import selectors as caravan_selectors
from moukawil.caravans.models import Registration as CaravanRegistration
from moukawil.conventions import selectors as convention_selectors
from moukawil.core import clock
from moukawil.core.replica import reading_replica
from moukawil.core.selectors import audit_event_list
from moukawil.declarations import selectors as declaration_selectors
from moukawil.declarations.permissions import can_declare
from moukawil.registry import selectors as registry_selectors
from moukawil.registry.models import Application, Registration
from moukawil.registry.permissions import (
    application_actions,
    can_decide_applications,
    can_download_certificate,
    can_view_register,
)
from moukawil.registry.workflow import WORKFLOW
from moukawil.territory.models import Region

from .declaration_views import _last_due_period  # the period the follow-up page opens on: the counts match it


@dataclass(frozen=True)
class WorkItem:
    """One line of an officer's work list: a count and the filtered list it links to."""

    key: str
    label: str | Promise
    url: str
    urgent: bool = False


def work_items(period_label: str) -> list[WorkItem]:
    queue = reverse("www:registry_queue")
    return [
        WorkItem("overdue", _("Dossiers en retard (délai de traitement dépassé)"), f"{queue}?overdue=on", True),
        WorkItem("submitted", _("Demandes déposées, à prendre en charge"), f"{queue}?state=submitted"),
        WorkItem("under_review", _("Demandes en instruction"), f"{queue}?state=under_review"),
        WorkItem("info_requested", _("Compléments demandés, en attente du demandeur"), f"{queue}?state=info_requested"),
        WorkItem("duplicates", _("Doublons présumés à examiner"), reverse("www:duplicates")),
        WorkItem("strike_offs", _("Propositions de radiation à examiner"), reverse("www:declarations_ceilings")),
        WorkItem(
            "missing",
            _("Déclarations manquantes (%(period)s)") % {"period": period_label},
            reverse("www:declarations_follow_up"),
        ),
        WorkItem(
            "conventions",
            _("Conventions en exécution : suivre l'avancement de leurs objectifs"),
            f"{reverse('www:conventions')}?etat=in_execution",
        ),
    ]


@reading_replica
def _staff_home(request):
    user = request.user
    today = timezone.localdate()
    period = _last_due_period(today)
    by_region = registry_selectors.work_counts(user=user)
    for region_id, counts in declaration_selectors.follow_up_counts(user=user, period=period, today=today).items():
        by_region.setdefault(region_id, {}).update(counts)
    for region_id, count in convention_selectors.in_execution_by_region(user=user).items():
        by_region.setdefault(region_id, {})["conventions"] = count
    items = work_items(period.label)
    totals = {item.key: sum(counts.get(item.key, 0) for counts in by_region.values()) for item in items}
    may_decide = bool(can_decide_applications(user))
    if not may_decide:
        next_step = _(
            "Votre compte est en lecture seule : consultez les chiffres et les listes, sans agir sur les dossiers."
        )
    elif totals["overdue"]:
        next_step = _("Commencez par les dossiers en retard : leur délai de traitement est dépassé.")
    elif totals["submitted"]:
        next_step = _("Prenez en charge les demandes déposées.")
    elif totals["duplicates"] or totals["strike_offs"]:
        next_step = _("Examinez les doublons présumés et les propositions de radiation.")
    elif totals["conventions"]:
        next_step = _(
            "Aucun dossier n'attend : suivez l'avancement des conventions en exécution et les déclarations manquantes."
        )
    else:
        next_step = _("Aucun dossier n'attend : suivez les déclarations manquantes et les derniers événements.")
    context = {
        "items": [(item, totals[item.key]) for item in items],
        "next_step": next_step,
        "read_only": not may_decide,
        "can_manage_users": bool(can_manage_users(user)),
        "recent_events": audit_event_list(user=user)[:8],
        "caravan_stops": caravan_selectors.upcoming_for(user),
        "caravan_today": clock.today(),
    }
    if not user.is_national:
        return render(request, "www/home_ccis.html", context)
    regions = [(region, by_region.get(region.pk, {})) for region in Region.objects.order_by("code")]
    context["regions"] = [(region, [counts.get(item.key, 0) for item in items]) for region, counts in regions]
    return render(request, "www/home_national.html", context)


LATE_DECLARATIONS = _("Déclarez les périodes en retard : leur date limite est passée.")
DECLARATION_DUE = _("Déclarez votre chiffre d'affaires de la période écoulée avant sa date limite.")


def _entrepreneur_home(request):
    user = request.user
    today = timezone.localdate()
    application = (
        Application.objects.visible_to(user)
        .filter(person__user=user)
        .select_related("person")
        .order_by("-created_at", "-pk")
        .first()
    )
    registration = (
        Registration.objects.visible_to(user)
        .filter(person__user=user)
        .select_related("person")
        .order_by("status", "-registered_on")  # the active registration first
        .first()
    )
    actions = {t.name for t in application_actions(user, application)} if application else set()
    context = {
        "application": application,
        "next_step": WORKFLOW.next_step(application.state) if application else None,
        "can_complete": "resubmit" in actions,
        "can_contest": "contest" in actions,
        "urgent": bool(actions - {"withdraw"}),  # he has something to do (complete, submit, contest)
        "registration": registration,
        "declarations": None,
        "caravan_stops": caravan_selectors.upcoming_for(user),
        "caravan_today": clock.today(),
        "my_stop_ids": set(
            CaravanRegistration.objects.filter(user=user).exclude(state="cancelled").values_list("stop_id", flat=True)
        ),
    }
    if registration is not None and registration.struck_off_on is None:
        declarations = declaration_selectors.declaration_status(registration, today)
        context["declarations"] = declarations
        context["can_declare"] = bool(can_declare(user, registration))
        context["can_download_certificate"] = bool(can_download_certificate(user, registration))
        if declarations.late:
            context["next_step"], context["urgent"] = LATE_DECLARATIONS, True
        elif declarations.next is not None and declarations.next.status == "due":
            context["next_step"], context["urgent"] = DECLARATION_DUE, True
    context["infitah"] = _infitah_status(user)
    return render(request, "www/home_entrepreneur.html", context)


def _infitah_status(user) -> dict | None:
    """Where his Infitah permit and pack order stand (two queries), shown on his home page."""
    from moukawil.infitah.models import PackOrder, Permit
    from moukawil.infitah.workflow import ORDER_WORKFLOW

    permit = Permit.objects.visible_to(user).select_related("enterprise").first()
    if permit is None:
        return None
    order = PackOrder.objects.visible_to(user).filter(permit=permit).select_related("offer").first()
    return {"permit": permit, "order": order, "label": ORDER_WORKFLOW.public_label(order.state) if order else ""}


def _partner_work(user) -> dict:
    """The partner's Infitah work: the bank's financing requests to decide, the vendor's financed orders to deliver
    and offers waiting for the agency (two small counts and the latest lines)."""
    from moukawil.infitah import selectors as infitah_selectors
    from moukawil.infitah.models import Offer, Vendor

    if user.role == Role.BANK_OFFICER:
        rows = infitah_selectors.financing_requests(user=user, state="pending").order_by("created_at", "pk")
        return {"kind": "bank", "count": rows.count(), "rows": list(rows[:10]), "url": reverse("www:infitah_financing")}
    orders = infitah_selectors.vendor_orders(user=user).filter(state="financed")
    vendor = Vendor.objects.filter(organisation_id=user.organisation_id).first()
    return {
        "kind": "vendor", "count": orders.count(), "rows": list(orders[:10]), "url": reverse("www:infitah_offers"),
        "vendor": vendor, "offers_waiting": Offer.objects.visible_to(user).filter(state="submitted").count(),
    }  # fmt: skip


def _partner_home(request):
    user = request.user
    colleagues = user.organisation.members.active().order_by("last_name", "first_name")
    context = {"colleagues": colleagues, "work": _partner_work(user)}
    return render(request, "www/home_partner.html", context)


def home(request):
    """One home page per kind of user: visitors, entrepreneurs, chamber officers, national staff, partners."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "www/home_public.html")
    if can_view_register(user):
        return _staff_home(request)
    if user.is_partner and user.organisation_id:
        return _partner_home(request)
    return _entrepreneur_home(request)
