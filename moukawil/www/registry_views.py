"""Pages of the register: the entrepreneur's application and file, the officers' queue, decisions, registrations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moukawil.accounts.enums import Role
from moukawil.caravans.services import stop_for_filing
from moukawil.core.counts import Paginator
from moukawil.core.errors import BusinessError
from moukawil.core.inputs import FIRST_YEAR, LAST_YEAR
from moukawil.core.replica import reading_replica, replica_bound
from moukawil.registry import selectors
from moukawil.registry.enums import Channel, StrikeOffReason
from moukawil.registry.models import Activity, Application, DuplicateSuspicion, Registration
from moukawil.registry.permissions import (
    application_actions,
    can_act_on_application,
    can_decide_applications,
    can_review_duplicates,
    can_strike_off,
    can_view_register,
)
from moukawil.registry.services import (
    ApplicantData,
    application_complete,
    application_create,
    application_transition,
    applications_bulk_transition,
    duplicate_decide,
    registration_strike_off,
)
from moukawil.registry.workflow import TRANSITIONS
from moukawil.territory.models import Province

from .decorators import check_required
from .forms import refusal_message
from .registry_forms import (
    ApplicationCompleteForm,
    ApplicationForm,
    CounterApplicationForm,
    QueueFilterForm,
    StrikeOffForm,
    TransitionForm,
)


def _create_from_form(request, form, *, channel):
    data = form.cleaned_data
    province = Province.objects.select_related("region").get(pk=data["province"])
    applicant = ApplicantData.from_mapping(data, province=province)
    return application_create(
        actor=request.user, applicant=applicant, activity=Activity.objects.get(pk=data["activity"]), channel=channel,
        is_salaried=data["is_salaried"], pays_taxe_professionnelle=data["pays_taxe_professionnelle"],
        works_from_home=data["works_from_home"], stop=stop_for_filing(data.get("stop"), request.user),
    )  # fmt: skip


def _application_form_view(request, *, channel, template, success):
    initial = {}
    if channel == Channel.ONLINE:
        initial = {
            "first_name": request.user.first_name,
            "last_name": request.user.last_name,
            "email": request.user.email,
        }
        form = ApplicationForm(request.POST or None, initial=initial)
    else:
        form = CounterApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = _create_from_form(request, form, channel=channel)
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Demande %(reference)s déposée.") % {"reference": application.reference})
            return redirect(success(application))
    return render(request, template, {"form": form})


@login_required
def my_file(request):
    """The entrepreneur's register page: his applications, their state, what he can do, his registration."""
    applications = (
        Application.objects.visible_to(request.user)
        .filter(person__user=request.user)
        .select_related("person", "activity", "region", "registration")
        .prefetch_related("transitions")
    )
    latest = applications.first()
    actions = []
    if latest is not None:
        actions = application_actions(request.user, latest)
    registration = Registration.objects.filter(person__user=request.user).select_related("activity").first()
    context = {"applications": applications, "latest": latest, "actions": actions, "registration": registration}
    return render(request, "www/registry/my_file.html", context)


@login_required
def apply(request):
    if request.user.role != Role.ENTREPRENEUR:
        return redirect("www:registry_counter")
    return _application_form_view(
        request, channel=Channel.ONLINE, template="www/registry/apply.html", success=lambda a: "www:my_file"
    )


@check_required(can_view_register)
def counter_entry(request):
    return _application_form_view(
        request,
        channel=Channel.COUNTER,
        template="www/registry/counter.html",
        success=lambda application: reverse("www:application_detail", args=[application.reference]),
    )


def _filtered_queue(request):
    """The queue's filter form, its cleaned filters and the matching files (the page and its export share it)."""
    # The files to process unless a filter is given; the export's format and the page number are not filters (the
    # XLSX export, its only parameter ``format``, held every file and the CSV only those to process).
    given = {key: value for key, value in request.GET.items() if key not in {"format", "page"}}
    form = QueueFilterForm(given or {"state": "todo"}, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = selectors.application_list(
        user=request.user, state=filters.get("state") or None, q=filters.get("q") or None,
        region_code=filters.get("region") or None, overdue=bool(filters.get("overdue")),
    )  # fmt: skip
    return form, filters, applications


@check_required(can_view_register)
def queue(request):
    form, _filters, applications = _filtered_queue(request)
    page = Paginator(applications, 30).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "transition_form": TransitionForm(),
        "can_decide": bool(can_decide_applications(request.user)),
        "open_states": selectors.TODO_STATES,
        "now": timezone.now(),
    }
    template = "www/registry/partials/queue_table.html" if request.htmx else "www/registry/queue.html"
    return render(request, template, context)


@check_required(can_view_register)
@require_POST
def bulk_decide(request):
    references = request.POST.getlist("references")
    form = TransitionForm(request.POST)
    form.is_valid()
    applications = list(Application.objects.visible_to(request.user).filter(reference__in=references))
    result = applications_bulk_transition(
        actor=request.user, applications=applications, name=request.POST.get("name", ""),
        reason=form.cleaned_data.get("reason", ""), rejection_reason=form.cleaned_data.get("rejection_reason", ""),
    )  # fmt: skip
    if result.done:
        messages.success(
            request,
            _("%(count)s dossier(s) traité(s) : %(refs)s.")
            % {"count": len(result.done), "refs": ", ".join(result.done)},
        )
    for reference, reason in result.refused:
        messages.error(request, f"{reference} : {reason}")
    if not references:
        messages.error(request, _("Cochez au moins un dossier."))
    return redirect(request.POST.get("next") or "www:registry_queue")


def _visible_application(request, reference):
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related("person", "person__province", "activity", "region"),
        reference=reference,
    )


@login_required
def application_detail(request, reference):
    application = _visible_application(request, reference)
    context = {
        "application": application,
        "transitions": application.transitions.select_related("actor"),
        "actions": application_actions(request.user, application),
        "can_review_duplicates": bool(can_review_duplicates(request.user, application)),
        "form": TransitionForm(),
        "suspicions": DuplicateSuspicion.objects.filter(application=application).select_related("other"),
        "registration": Registration.objects.filter(application=application).first(),
    }
    return render(request, "www/registry/application_detail.html", context)


@login_required
def application_complete_view(request, reference):
    """The applicant corrects his file and resubmits it, after the chamber asked for information."""
    application = _visible_application(request, reference)
    decision = can_act_on_application(request.user, application, TRANSITIONS["resubmit"])
    if not decision:
        messages.error(request, decision.reason)
        return redirect("www:my_file" if request.user.role == Role.ENTREPRENEUR else "www:registry_queue")
    initial = ApplicationCompleteForm.initial_for(application)
    form = ApplicationCompleteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        province = Province.objects.select_related("region").get(pk=data["province"])
        try:
            application_complete(
                actor=request.user, application=application,
                applicant=ApplicantData.from_mapping(data, province=province),
                activity=Activity.objects.get(pk=data["activity"]), is_salaried=data["is_salaried"],
                pays_taxe_professionnelle=data["pays_taxe_professionnelle"],
                works_from_home=data["works_from_home"], message=data["message"],
            )  # fmt: skip
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Demande %(reference)s renvoyée à la chambre.") % {"reference": reference})
            return redirect("www:my_file")
    return render(request, "www/registry/complete.html", {"form": form, "application": application})


@login_required
@require_POST
def application_act(request, reference):
    application = _visible_application(request, reference)
    form = TransitionForm(request.POST)
    form.is_valid()
    try:
        application_transition(
            actor=request.user, application=application, name=request.POST.get("name", ""),
            reason=form.cleaned_data.get("reason", ""), rejection_reason=form.cleaned_data.get("rejection_reason", ""),
        )  # fmt: skip
    except BusinessError as error:
        messages.error(request, error.message)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        messages.success(request, _("Dossier %(reference)s mis à jour.") % {"reference": application.reference})
    if request.user.role == Role.ENTREPRENEUR:
        return redirect("www:my_file")
    return redirect("www:application_detail", reference=application.reference)


@check_required(can_view_register)
@require_POST
def duplicate_act(request, pk):
    suspicion = get_object_or_404(selectors.duplicate_list(user=request.user, status=None), pk=pk)
    try:
        duplicate_decide(
            actor=request.user,
            suspicion=suspicion,
            merge=request.POST.get("merge") == "1",
            note=request.POST.get("note", ""),
        )
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
    return redirect("www:application_detail", reference=suspicion.application.reference)


@check_required(can_view_register)
def registration_list(request):
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.registration_list(user=request.user, q=q or None), 30).get_page(request.GET.get("page"))
    return render(request, "www/registry/registrations.html", {"page": page, "q": q})


@login_required
def registration_detail(request, number):
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user).select_related("person", "activity", "region", "application"),
        number=number,
    )
    form = StrikeOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration_strike_off(actor=request.user, registration=registration, **form.cleaned_data)
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Inscription %(number)s radiée.") % {"number": registration.number})
            return redirect("www:registration_detail", number=registration.number)
    context = {
        "registration": registration, "form": form,
        # Whoever may strike off at all (an entrepreneur: voluntarily); the form's reason is checked on submit.
        "can_strike_off": can_strike_off(request.user, registration, reason=StrikeOffReason.VOLUNTARY),
    }  # fmt: skip
    return render(request, "www/registry/registration_detail.html", context)


def _export_response(request, *, what, queryset, columns, rows, filters):
    from django.http import HttpResponse, StreamingHttpResponse

    from moukawil.registry import exports

    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    headers = [label for _key, label in columns]
    # Exports read the replica when there is one; bound before the audit row is written (a write sends the rest of
    # the request to the primary) and kept for the streamed rows, read after the view has returned.
    queryset = replica_bound(queryset)
    exports.export_logged(actor=request.user, what=what, fmt=fmt, filters=filters, region=request.user.region)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(headers, rows(queryset, user=request.user)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(
            exports.csv_stream(headers, rows(queryset, user=request.user)), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{what}-{stamp}.{fmt}"'
    return response


@check_required(can_view_register)
@reading_replica
def queue_export(request):
    from moukawil.registry import exports

    _form, filters, applications = _filtered_queue(request)
    return _export_response(
        request, what="demandes", queryset=applications, columns=exports.APPLICATION_COLUMNS,
        rows=exports.application_rows, filters=filters,
    )  # fmt: skip


@check_required(can_view_register)
@reading_replica
def registrations_export(request):
    from moukawil.registry import exports

    q = request.GET.get("q", "").strip()
    registrations = selectors.registration_list(user=request.user, q=q or None)
    return _export_response(
        request, what="inscriptions", queryset=registrations, columns=exports.REGISTRATION_COLUMNS,
        rows=exports.registration_rows, filters={"q": q},
    )  # fmt: skip


@check_required(can_view_register)
@reading_replica
def figures(request):
    from moukawil.registry.enums import Category, Gender
    from moukawil.territory.models import Region

    from .charts import chart

    try:
        year = int(request.GET.get("annee", "")) or None
    except ValueError:
        year = None
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        year = None  # like the API, no year outside the platform's (a year lookup beyond 9999 fails in the database)
    data = selectors.register_figures(user=request.user, year=year)
    regions = (
        Region.objects.order_by("code")
        if request.user.is_national
        else Region.objects.filter(pk=request.user.region_id)
    )

    def table(key, labels):
        return [
            {"label": label, "applications": data[key]["applications"].get(code, 0),
             "registrations": data[key]["registrations"].get(code, 0)}
            for code, label in labels
        ]  # fmt: skip

    def drawn(chart_id, title, rows, *, kind="bar", horizontal=False):
        return chart(
            chart_id, title=title, kind=kind, labels=[row["label"] for row in rows], horizontal=horizontal,
            series=[(_("Demandes"), [row["applications"] for row in rows]),
                    (_("Inscriptions"), [row["registrations"] for row in rows])],
        )  # fmt: skip

    by_region = table("by_region", [(r.code, r.name) for r in regions])
    by_gender = table("by_gender", Gender.choices)
    by_month = [{**row, "label": row["month"]} for row in data["by_month"]]
    from moukawil.indicators import catalogue
    from moukawil.indicators.compute import share

    context = {
        "data": data,
        "year": year,
        # Computed here from the same counts as the table by gender (the catalogue's register.women_share).
        "women_share": share(data["by_gender"]["registrations"].get(Gender.FEMALE, 0), data["registrations"]),
        "women_indicator": catalogue.CATALOGUE["register.women_share"],
        "women_ratio": None,
        "by_region": by_region,
        "by_gender": by_gender,
        "by_category": table("by_category", Category.choices),
        "charts": {
            "by_month": drawn("chart-by-month", _("Demandes et inscriptions par mois"), by_month, kind="line"),
            "by_region": drawn("chart-by-region", _("Par région"), by_region, horizontal=True),
            "by_gender": drawn("chart-by-gender", _("Par sexe"), by_gender),
        },
    }
    if context["women_share"] is not None:
        context["women_ratio"] = context["women_share"] / 100
    return render(request, "www/registry/figures.html", context)


@check_required(can_view_register)
def duplicate_queue(request):
    """Likely duplicates still to examine, oldest first; each links to the file where the officer decides."""
    page = Paginator(selectors.duplicate_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "www/registry/duplicates.html", {"page": page})
