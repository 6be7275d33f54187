"""Infitah's pages: the programme's page by role (agency counters, the entrepreneur's permit and order, sessions),
a session's registrations, the offers (catalogue, a vendor's own, the agency's decisions), the orders, and the
bank officer's financing requests. Every write goes through a service; refusals are shown with their reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from moukawil.certificates.kinds import site_url_of
from moukawil.certificates.services import document_issue
from moukawil.core import clock
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.core.tasks import job_create, job_enqueue
from moukawil.enterprises.models import Enterprise
from moukawil.infitah import selectors, services
from moukawil.infitah.documents import PERMIT
from moukawil.infitah.models import (
    FinancingRequest,
    Offer,
    PackOrder,
    Permit,
    TrainingRegistration,
    TrainingSession,
    Vendor,
)
from moukawil.infitah.permissions import (
    can_agency,
    can_enrol,
    can_finance,
    can_follow,
    can_manage_training,
    can_order,
    can_vendor,
    offer_actions,
    order_actions,
    registration_actions,
)
from moukawil.infitah.workflow import ORDER_WORKFLOW, FinancingState, OfferState, VendorState

from .forms import refusal_message
from .infitah_forms import (
    BulkForm,
    DeliverForm,
    EnrolForm,
    FinancingForm,
    OfferForm,
    OrderForm,
    SessionForm,
    VendorApplyForm,
)


def _errors(form) -> str:
    return " ".join(
        str(error) if name == "__all__" or " : " in str(error) else f"{form[name].label} : {error}"
        for name, errors in form.errors.items() for error in errors
    )  # fmt: skip


def _attempt(request, work, success: str) -> bool:
    try:
        work()
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
        return False
    messages.success(request, success)
    return True


def _my_enterprises(user):
    return Enterprise.objects.visible_to(user).filter(owner=user).select_related("region", "rc_court", "sector")


# --- The programme's page -------------------------------------------------------------------------------------


@login_required
def infitah_home(request):
    user = request.user
    if user.role == "bank_officer":
        return redirect("www:infitah_financing")
    if user.role == "vendor":
        return redirect("www:infitah_offers")
    today = clock.today()
    sessions = TrainingSession.objects.visible_to(user).upcoming(today).select_related("region", "trainer")
    context: dict = {"sessions": sessions[:20], "today": today}
    if can_follow(user):
        context.update(counters=selectors.agency_counters(), by_region=None, staff=True,
                       can_train=bool(can_manage_training(user)), session_form=SessionForm(user=user),
                       is_agency=bool(can_agency(user)))  # fmt: skip
        return render(request, "www/infitah/home_staff.html", context)
    enterprises = list(_my_enterprises(user))
    permits = {p.enterprise_id: p for p in Permit.objects.visible_to(user).select_related("enterprise")}
    orders = list(
        PackOrder.objects.visible_to(user).select_related("offer__vendor__organisation", "financing", "bank", "permit")
    )
    registrations = list(TrainingRegistration.objects.visible_to(user).select_related("session", "enterprise"))
    rows = []
    for enterprise in enterprises:
        eligibility = services.eligibility(enterprise, on=today)
        permit = permits.get(enterprise.pk)
        order = next((o for o in orders if o.enterprise_id == enterprise.pk), None)
        rows.append({
            "enterprise": enterprise, "eligible": all(r.passed for r in eligibility), "eligibility": eligibility,
            "permit": permit, "order": order,
            "order_label": ORDER_WORKFLOW.public_label(order.state) if order else "",
            "next_step": ORDER_WORKFLOW.next_step(order.state) if order else "",
            "order_actions": order_actions(user, order) if order else [],
            "registrations": [r for r in registrations if r.enterprise_id == enterprise.pk],
        })  # fmt: skip
    context.update(rows=rows, can_enrol=bool(can_enrol(user)))
    return render(request, "www/infitah/home_entrepreneur.html", context)


# --- Sessions and registrations ---------------------------------------------------------------------------------


@login_required
@require_POST
def session_create_view(request):
    form = SessionForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("www:infitah")
    _attempt(request, lambda: services.session_create(actor=request.user, **form.cleaned_data),
             gettext("Session de formation programmée."))  # fmt: skip
    return redirect("www:infitah")


@login_required
def session_detail(request, session_id: int):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user).select_related("region", "trainer"),
                                pk=session_id)  # fmt: skip
    registrations = (
        TrainingRegistration.objects.visible_to(request.user).filter(session=session)
        .select_related("enterprise", "region").order_by("enterprise__name", "pk")
    )  # fmt: skip
    page = Paginator(registrations, 50).get_page(request.GET.get("page"))
    permits = {p.registration_id: p for p in Permit.objects.filter(registration__in=list(page))}
    rows = [(r, registration_actions(request.user, r), permits.get(r.pk)) for r in page]
    context = {
        "session": session, "page": page, "rows": rows,
        "can_train": bool(can_manage_training(request.user, session.region_id)),
        "enrol_form": EnrolForm(), "bulk_form": BulkForm(),
        "my_enterprises": _my_enterprises(request.user) if request.user.role == "entrepreneur" else [],
    }  # fmt: skip
    return render(request, "www/infitah/session.html", context)


@login_required
@require_POST
def session_enrol(request, session_id: int):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=session_id)
    user = request.user
    if user.role == "entrepreneur":
        enterprise = _my_enterprises(user).filter(pk=request.POST.get("enterprise") or 0).first()
    else:
        form = EnrolForm(request.POST)
        enterprise = services.find_enterprise(form.data.get("identifier", ""), user=user) if form.is_valid() else None
    if enterprise is None:
        messages.error(request, gettext("Entreprise : aucune entreprise du registre ne correspond (ICE, RC ou TP)."))
    else:
        _attempt(request, lambda: services.registration_create(actor=user, session=session, enterprise=enterprise),
                 gettext("Entreprise inscrite à la formation."))  # fmt: skip
    return redirect("www:infitah_session", session_id=session.pk)


@login_required
@require_POST
def session_bulk(request, session_id: int):
    session = get_object_or_404(TrainingSession.objects.visible_to(request.user), pk=session_id)
    require(can_manage_training(request.user, session.region_id))
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("www:infitah_session", session_id=session.pk)
    lines = [line.strip() for line in form.cleaned_data["identifiers"].splitlines() if line.strip()][:5000]
    job = job_create(kind="infitah.bulk", actor=request.user, params={"session": session.pk, "identifiers": lines},
                     region=session.region)  # fmt: skip
    job_enqueue(job)
    return redirect("www:job", job_id=job.pk)


@login_required
@require_POST
def registration_act(request, registration_id: int, name: str):
    registration = get_object_or_404(TrainingRegistration.objects.visible_to(request.user), pk=registration_id)
    _attempt(
        request,
        lambda: services.registration_transition(actor=request.user, registration=registration, name=name),
        gettext("Inscription mise à jour."),
    )
    if request.user.role == "entrepreneur":
        return redirect("www:infitah")
    return redirect("www:infitah_session", session_id=registration.session_id)


@login_required
def permit_pdf(request, permit_id: int):
    permit = get_object_or_404(Permit.objects.visible_to(request.user), pk=permit_id)
    content = document_issue(actor=request.user, kind=PERMIT, subject=permit, site_url=site_url_of(request))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="permis-{permit.number}.pdf"'
    return response


# --- Vendors and offers -----------------------------------------------------------------------------------------


@login_required
def offers(request):
    user = request.user
    today = clock.today()
    context: dict = {"today": today, "banks": services.partner_banks()}
    if user.role == "vendor":
        vendor = Vendor.objects.filter(organisation_id=user.organisation_id).first()
        own = Offer.objects.visible_to(user).select_related("vendor__organisation").order_by("-created_at", "-pk")
        orders = selectors.vendor_orders(user=user)
        context.update(
            vendor=vendor, apply_form=VendorApplyForm(), offer_form=OfferForm(), vendor_state=VendorState,
            own=[(o, offer_actions(user, o)) for o in own],
            orders=[(o, order_actions(user, o)) for o in orders[:50]], deliver_form=DeliverForm(),
            waiting=sum(1 for o in orders if o.state == "financed"),
        )  # fmt: skip
        return render(request, "www/infitah/vendor.html", context)
    catalogue = Offer.objects.in_catalogue(today).select_related("vendor__organisation")
    context["catalogue"] = catalogue
    if can_agency(user) or can_follow(user):
        context["is_agency"] = bool(can_agency(user))
        waiting = Offer.objects.filter(state=OfferState.SUBMITTED).select_related("vendor__organisation")
        context["waiting_offers"] = [(o, offer_actions(user, o)) for o in waiting]
        context["vendors"] = Vendor.objects.select_related("organisation").order_by("state", "organisation__name_fr")
    permits = [p for p in Permit.objects.visible_to(user).valid().select_related("enterprise")
               if user.role == "entrepreneur"]  # fmt: skip
    context["permits"] = permits
    context["order_form"] = OrderForm(banks=services.partner_banks())
    context["can_order"] = bool(permits) and bool(can_order(user))
    return render(request, "www/infitah/offers.html", context)


@login_required
@require_POST
def vendor_apply_view(request):
    form = VendorApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        _attempt(request, lambda: services.vendor_apply(actor=request.user, **form.cleaned_data),
                 gettext("Demande d'agrément envoyée à l'agence."))  # fmt: skip
    return redirect("www:infitah_offers")


@login_required
@require_POST
def vendor_act(request, vendor_id: int, name: str):
    vendor = get_object_or_404(Vendor.objects.visible_to(request.user), pk=vendor_id)
    _attempt(request, lambda: services.vendor_transition(actor=request.user, vendor=vendor, name=name,
                                                         reason=request.POST.get("reason", "")),
             gettext("Agrément mis à jour."))  # fmt: skip
    return redirect("www:infitah_offers")


@login_required
@require_POST
def offer_save_view(request, offer_id: int | None = None):
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_id) if offer_id else None
    require(can_vendor(request.user))
    form = OfferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
    else:
        data = services.OfferData(**form.cleaned_data)
        _attempt(request, lambda: services.offer_save(actor=request.user, data=data, offer=offer),
                 gettext("Offre enregistrée : soumettez-la à l'agence pour la publier."))  # fmt: skip
    return redirect("www:infitah_offers")


@login_required
@require_POST
def offer_act(request, offer_id: int, name: str):
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_id)
    _attempt(request, lambda: services.offer_transition(actor=request.user, offer=offer, name=name,
                                                        reason=request.POST.get("reason", "")),
             gettext("Offre mise à jour."))  # fmt: skip
    return redirect("www:infitah_offers")


# --- Orders and financing ---------------------------------------------------------------------------------------


@login_required
@require_POST
def order_create_view(request, offer_id: int):
    offer = get_object_or_404(Offer.objects.visible_to(request.user), pk=offer_id)
    permit = Permit.objects.visible_to(request.user).filter(pk=request.POST.get("permit") or 0).first()
    form = OrderForm(request.POST, banks=services.partner_banks())
    if permit is None or not form.is_valid():
        messages.error(request, _errors(form) if permit else gettext("Permis : choisissez votre permis numérique."))
        return redirect("www:infitah_offers")
    ok = _attempt(request, lambda: services.order_create(actor=request.user, permit=permit, offer=offer,
                                                         bank=form.cleaned_data["bank"]),
                  gettext("Pack commandé : la subvention est engagée, la banque étudie le financement."))  # fmt: skip
    return redirect("www:infitah" if ok else "www:infitah_offers")


@login_required
def orders(request):
    require(can_follow(request.user))
    rows = PackOrder.objects.visible_to(request.user).select_related(
        "offer__vendor__organisation", "enterprise", "region", "bank", "financing"
    )
    state = request.GET.get("state", "")
    if state in ORDER_WORKFLOW.states.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page": page, "rows": [(o, order_actions(request.user, o)) for o in page], "state": state,
               "states": ORDER_WORKFLOW.states.choices}  # fmt: skip
    return render(request, "www/infitah/orders.html", context)


@login_required
@require_POST
def order_act(request, order_id: int, name: str):
    order = get_object_or_404(PackOrder.objects.visible_to(request.user), pk=order_id)
    form = DeliverForm(request.POST) if name == "deliver" else None
    serial = form.data.get("serial_number", "") if form is not None else ""
    _attempt(request, lambda: services.order_transition(actor=request.user, order=order, name=name,
                                                        serial_number=serial, reason=request.POST.get("reason", "")),
             gettext("Commande mise à jour."))  # fmt: skip
    if request.user.role == "vendor":
        return redirect("www:infitah_offers")
    if request.user.role == "entrepreneur":
        return redirect("www:infitah")
    return redirect("www:infitah_orders")


@login_required
def financing(request):
    require(can_finance(request.user))
    state = request.GET.get("state", "")
    rows = selectors.financing_requests(user=request.user, state=state if state in FinancingState.values else None)
    waiting_first = Case(When(state=FinancingState.PENDING, then=0), default=1)
    page = Paginator(rows.order_by(waiting_first, "-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "form": FinancingForm(), "waiting": selectors.bank_waiting(request.user),
               "states": FinancingState.choices, "state": state}  # fmt: skip
    return render(request, "www/infitah/financing.html", context)


@login_required
@require_POST
def financing_decide_view(request, request_id: int):
    financing_request = get_object_or_404(FinancingRequest.objects.visible_to(request.user), pk=request_id)
    approve = request.POST.get("decision") == "approve"
    if approve:
        form = FinancingForm(request.POST)
        if not form.is_valid():
            messages.error(request, _errors(form))
            return redirect("www:infitah_financing")
        terms = form.cleaned_data
    else:
        terms = {}
    _attempt(request, lambda: services.financing_decide(actor=request.user, request=financing_request,
                                                        approve=approve, reason=request.POST.get("reason", ""),
                                                        **terms),
             gettext("Décision enregistrée : l'entrepreneur en est informé."))  # fmt: skip
    return redirect("www:infitah_financing")
