"""Pages of the caravans: the public calendar (and its iCalendar feeds), a stop with registration, the officers'
list and offline check-in page, the registrant's own registrations, and the campaign report (page, PDF, CSV, XLSX)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from moukawil.caravans import selectors
from moukawil.caravans.calendar import ical
from moukawil.caravans.documents import ATTENDANCE
from moukawil.caravans.models import Campaign, Registration, Scan, Stop
from moukawil.caravans.permissions import (
    can_act_on_campaign,
    can_act_on_stop,
    can_check_in,
    can_manage,
    can_register,
    can_view_results,
)
from moukawil.caravans.report import report_pdf
from moukawil.caravans.services import (
    Registrant,
    campaign_create,
    campaign_transition,
    registration_cancel,
    registration_create,
    stop_create,
    stop_transition,
    waiting_position,
)
from moukawil.caravans.tasks import qr_png, qr_text
from moukawil.caravans.workflow import (
    CAMPAIGN_WORKFLOW,
    OPEN_STOP_STATES,
    PUBLIC_CAMPAIGN_STATES,
    STOP_WORKFLOW,
    CampaignState,
    State,
    StopState,
)
from moukawil.certificates.kinds import site_url_of
from moukawil.certificates.services import document_issue
from moukawil.core import clock
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.registry.exports import csv_stream, xlsx_bytes
from moukawil.territory.models import Region

from . import charts
from .caravan_forms import CampaignForm, ImportForm, RegistrationForm, StopForm
from .decorators import check_required
from .forms import refusal_message

# --- Public calendar --------------------------------------------------------------------------------------------


def _campaign_for(request, code: str) -> Campaign:
    """A published (or past) campaign for everyone; a draft or cancelled one for the officers who organise."""
    campaign = get_object_or_404(Campaign.objects.select_related("organiser"), code=code)
    if not campaign.is_public and not can_manage(request.user):
        raise Http404
    return campaign


def calendar(request, code: str | None = None, region: str | None = None):
    campaign = _campaign_for(request, code) if code else None
    region_obj = get_object_or_404(Region, code=region) if region else None
    public = campaign is None or campaign.is_public
    stops = list(selectors.calendar(campaign=campaign, region=region_obj, public=public, upcoming_first=True))
    manager = bool(can_manage(request.user))
    campaigns = Campaign.objects.published() if campaign is None else [campaign]
    actions = []
    if campaign is not None and manager:
        actions = [t for t in CAMPAIGN_WORKFLOW.transitions.values() if can_act_on_campaign(request.user, campaign, t)]
    context = {
        "campaign": campaign, "region": region_obj, "stops": stops, "campaigns": campaigns,
        "regions": Region.objects.all(), "today": clock.today(),
        "can_see_results": bool(can_view_results(request.user)), "can_manage": manager, "actions": actions,
        "in_preparation": Campaign.objects.exclude(state__in=PUBLIC_CAMPAIGN_STATES) if manager and not campaign
        else [],
        "campaign_state": CAMPAIGN_WORKFLOW.public_label(campaign.state) if campaign else "",
    }  # fmt: skip
    return render(request, "www/caravans/calendar.html", context)


@login_required
@require_POST
def campaign_transition_view(request, code: str, name: str):
    campaign = get_object_or_404(Campaign, code=code)
    try:
        campaign_transition(actor=request.user, campaign=campaign, name=name, reason=request.POST.get("reason", ""))
    except (BusinessError, PermissionDenied) as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, gettext("Campagne : %(state)s.") % {"state": _campaign_label(campaign.code)})
    return redirect("www:caravan_campaign", code=campaign.code)


def _campaign_label(code: str) -> str:
    return CAMPAIGN_WORKFLOW.internal_label(Campaign.objects.values_list("state", flat=True).get(code=code))


@login_required
@require_POST
def stop_transition_view(request, stop_id: int, name: str):
    stop = get_object_or_404(Stop, pk=stop_id)
    try:
        stop = stop_transition(actor=request.user, stop=stop, name=name, reason=request.POST.get("reason", ""))
    except (BusinessError, PermissionDenied) as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, gettext("Escale : %(state)s.") % {"state": STOP_WORKFLOW.internal_label(stop.state)})
    return redirect("www:caravan_stop", stop_id=stop.pk)


# --- Organising: a new campaign, a new stop (the services check the permission and audit) -------------------


@check_required(can_manage)
def campaign_new(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaign_create(
                actor=request.user, code=data["code"], title_fr=data["title_fr"], title_ar=data["title_ar"],
                starts_on=data["starts_on"], ends_on=data["ends_on"], programme=data["programme"],
            )  # fmt: skip
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, gettext("Campagne créée : ajoutez ses escales."))
            return redirect("www:caravan_stop_new", code=campaign.code)
    return render(request, "www/caravans/campaign_form.html", {"form": form})


@check_required(can_manage)
def stop_new(request, code: str):
    campaign = get_object_or_404(Campaign, code=code)
    form = StopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stop = stop_create(
                actor=request.user, campaign=campaign, city=data["city"], city_ar=data["city_ar"],
                province=data["province"], host=data["host"], venue=data["venue"], venue_ar=data["venue_ar"],
                day=data["day"],
                opens_at=data["opens_at"], closes_at=data["closes_at"], capacity=data["capacity"],
                services=data["services"],
            )  # fmt: skip
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, gettext("Escale ajoutée : %(city)s.") % {"city": stop.city})
            return redirect("www:caravan_campaign", code=campaign.code)
    return render(request, "www/caravans/stop_form.html", {"form": form, "campaign": campaign})


def calendar_ics(request, code: str | None = None, region: str | None = None):
    """The iCalendar feed of a published campaign or of a region, in French or in Arabic (``?langue=ar``)."""
    campaign = get_object_or_404(Campaign.objects.published(), code=code) if code else None
    region_obj = get_object_or_404(Region, code=region) if region else None
    language = "ar" if request.GET.get("langue") == "ar" else "fr"
    with translation.override(language):
        body = ical(selectors.calendar(campaign=campaign, region=region_obj, upcoming_first=True), language=language,
                    site_url=site_url_of(request))  # fmt: skip
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = campaign.code if campaign else f"region-{region}"
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


# --- A stop -----------------------------------------------------------------------------------------------------


def stop_detail(request, stop_id: int):
    user = request.user
    stop = get_object_or_404(selectors.calendar(public=not can_manage(user)), pk=stop_id)
    mine = []
    if user.is_authenticated:
        mine = list(Registration.objects.filter(stop=stop, user=user).exclude(state=State.CANCELLED))
    officer = bool(can_check_in(user, stop))
    registration_open = stop.state in OPEN_STOP_STATES and stop.campaign.state == CampaignState.PUBLISHED
    may_register = bool(can_register(user, stop)) and stop.day >= clock.today() and not mine and registration_open
    initial = {"name": user.display_name, "email": user.email} if user.is_authenticated and not officer else {}
    form = RegistrationForm(request.POST or None, initial=initial) if may_register else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registration_create(
                actor=user, stop=stop, channel="counter" if officer else "online",
                registrant=Registrant(name=data["name"], gender=data["gender"], email=data["email"],
                                      phone=data["phone"], enterprise_name=data["enterprise_name"]),
            )  # fmt: skip
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            if registration.state == State.CONFIRMED:
                messages.success(request, gettext("Inscription confirmée. Code d'accueil : %(code)s.")
                                 % {"code": registration.code})  # fmt: skip
            else:
                messages.info(request, gettext("L'escale est complète : inscription en liste d'attente (rang %(n)s).")
                              % {"n": waiting_position(registration)})  # fmt: skip
            return redirect("www:caravan_stop", stop_id=stop.pk)
    registrations = []
    if officer:
        registrations = list(Registration.objects.filter(stop=stop).order_by("seq"))
    actions = [t for t in STOP_WORKFLOW.transitions.values() if can_act_on_stop(user, stop, t)] if officer else []
    # The check-in opens on the stop's day (the service refuses it before): no button that can only be refused.
    not_yet = any(t.target == StopState.HELD for t in actions) and stop.day > clock.today()
    if not_yet:
        actions = [t for t in actions if t.target != StopState.HELD]
    context = {
        "stop": stop, "form": form, "mine": mine, "officer": officer, "registrations": registrations,
        "actions": actions, "state_label": STOP_WORKFLOW.public_label(stop.state), "not_yet": not_yet,
        "registration_open": registration_open,
        "places_left": selectors.places_left(stop), "import_form": ImportForm() if officer else None,
        "conflicts": Scan.objects.filter(stop=stop).exclude(outcome__in=["accepted"]).select_related("registration")
        if officer else [],
    }  # fmt: skip
    return render(request, "www/caravans/stop.html", context)


@login_required
@require_POST
def stop_import(request, stop_id: int):
    from moukawil.core.tasks import job_create, job_enqueue

    stop = get_object_or_404(Stop, pk=stop_id)
    require(can_check_in(request.user, stop))
    if not request.FILES.get("file"):
        messages.error(request, gettext("Choisissez un fichier CSV ou XLSX."))
        return redirect("www:caravan_stop", stop_id=stop.pk)
    job = job_create(kind="caravans.import", actor=request.user, region=stop.region, file=request.FILES["file"],
                     params={"stop": stop.pk, "back": reverse("www:caravan_stop", args=[stop.pk])})  # fmt: skip
    job_enqueue(job)
    return redirect("www:job", pk=job.pk)


@login_required
def my_registrations(request):
    registrations = (
        Registration.objects.filter(user=request.user).select_related("stop__campaign").order_by("-stop__day")
    )
    return render(request, "www/caravans/mine.html", {"registrations": registrations})


@login_required
@require_POST
def registration_cancel_view(request, registration_id: int):
    registration = get_object_or_404(Registration.objects.visible_to(request.user), pk=registration_id)
    try:
        registration_cancel(actor=request.user, registration=registration)
    except (BusinessError, PermissionDenied) as refusal:
        messages.error(request, refusal_message(refusal))
    else:
        messages.success(request, gettext("Inscription annulée."))
    return redirect(request.POST.get("next") or reverse("www:caravan_mine"))


@login_required
def registration_qr(request, registration_id: int):
    registration = get_object_or_404(Registration.objects.visible_to(request.user), pk=registration_id)
    return HttpResponse(qr_png(qr_text(registration)), content_type="image/png")


@login_required
def attendance_certificate(request, registration_id: int):
    registration = get_object_or_404(Registration.objects.visible_to(request.user), pk=registration_id)
    try:
        content = document_issue(actor=request.user, kind=ATTENDANCE, subject=registration,
                                 site_url=site_url_of(request))  # fmt: skip
    except BusinessError as refusal:
        messages.error(request, refusal_message(refusal))
        return redirect("www:caravan_stop", stop_id=registration.stop_id)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="presence-{registration.code}.pdf"'
    return response


# --- Offline check-in -------------------------------------------------------------------------------------------


@login_required
def check_in(request, stop_id: int):
    stop = get_object_or_404(Stop.objects.select_related("campaign", "region"), pk=stop_id)
    require(can_check_in(request.user, stop))
    context = {
        "stop": stop,
        "list_url": reverse("api:caravan_check_in_list", args=[stop.pk]),
        "sync_url": reverse("api:caravan_sync", args=[stop.pk]),
        "worker_url": reverse("www:caravan_worker"),
        "jsqr_url": static("vendor/jsqr/jsQR.js"),
        "outcomes": dict(Scan.Outcome.choices),  # a reported scan's outcome, in the page's language
    }
    response = render(request, "www/caravans/check_in.html", context)
    # The one page that scans QR codes with the camera: allowed for this site only (every other page forbids it).
    response["Permissions-Policy"] = settings.PERMISSIONS_POLICY.replace("camera=()", "camera=(self)")
    return response


WORKER = """// The check-in pages' service worker: keeps the page, its script and styles, and the last list offline.
const CACHE = "moukawil-pointage-v1";
self.addEventListener("install", (event) => { self.skipWaiting(); });
self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  const mine = url.pathname.startsWith("/caravanes/") || url.pathname.startsWith("/static/")
    || url.pathname.includes("/check-in-list");
  if (!mine) return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.ok) { const copy = response.clone(); caches.open(CACHE).then((c) => c.put(request, copy)); }
      return response;
    }).catch(() => caches.match(request, { ignoreVary: true }).then((hit) => hit || Response.error()))
  );
});
"""


def service_worker(request):
    """Served under /caravanes/ so that its scope covers the check-in pages (a worker under /static/ could not)."""
    response = HttpResponse(WORKER, content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response


# --- Results ----------------------------------------------------------------------------------------------------


def _results_for(request, code: str):
    require(can_view_results(request.user))
    campaign = get_object_or_404(Campaign, code=code)
    stops = Stop.objects.visible_to(request.user).filter(campaign=campaign)
    return campaign, selectors.results(stops, campaign=campaign)


@check_required(can_view_results)
def campaign_report(request, code: str):
    campaign, found = _results_for(request, code)
    chart = charts.chart(
        "by-stop", title=gettext("Inscrits et présents par escale"), kind="bar", horizontal=True,
        labels=[r.stop.city_name for r in found.rows],
        series=[(gettext("Inscrits"), [r.counts["registered"] for r in found.rows]),
                (gettext("Présents"), [r.counts["present"] for r in found.rows])],
    )  # fmt: skip
    context = {"campaign": campaign, "results": found, "chart": chart,
               "outcome_columns": list(found.outcome_labels.items()),
               "can_manage": bool(can_manage(request.user))}  # fmt: skip
    return render(request, "www/caravans/report.html", context)


@check_required(can_view_results)
def campaign_report_pdf(request, code: str):
    campaign, found = _results_for(request, code)
    response = HttpResponse(report_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bilan-{campaign.code}.pdf"'
    return response


def _table(found) -> tuple[list[str], list[list]]:
    outcome_codes = list(found.outcome_labels)
    header = ["escale", "region", "date", "inscrits", "en_attente", "presents", "sur_place", "femmes", "hommes",
              *outcome_codes]  # fmt: skip
    rows = [
        [r.stop.city, r.stop.region.code, r.stop.day.isoformat(), r.counts["registered"], r.counts["waiting"],
         r.counts["present"], r.counts["walk_ins"], r.counts["women"], r.counts["men"],
         *[r.outcomes[c] for c in outcome_codes]]
        for r in found.rows
    ]  # fmt: skip
    return header, rows


@check_required(can_view_results)
def campaign_report_export(request, code: str, fmt: str):
    campaign, found = _results_for(request, code)
    header, rows = _table(found)
    # The register's writers: numbers as numbers, and text neutralised (a venue typed « =HYPERLINK(…) » is not a
    # formula in the officer's spreadsheet).
    if fmt == "csv":
        response = HttpResponse("".join(csv_stream(header, rows)), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(header, rows, title="Bilan"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="bilan-{campaign.code}.{fmt}"'
    return response
