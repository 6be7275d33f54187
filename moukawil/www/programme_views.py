"""Pages of the support programmes: public catalogue with "am I eligible?", calls with their what-if, applications
with review, decisions and benefits (the enterprise register has its own pages, ``enterprise_views``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from moukawil.accounts.enums import Role
from moukawil.core import clock
from moukawil.core.errors import BusinessError
from moukawil.enterprises.models import Enterprise
from moukawil.programmes.criteria import Candidate, describe, evaluate
from moukawil.programmes.models import Call, Programme, ProgrammeApplication
from moukawil.programmes.permissions import can_assess, can_manage_calls, can_view_programme_files, programme_actions
from moukawil.programmes.selectors import application_list, what_if
from moukawil.programmes.services import (
    HolderData,
    application_create,
    application_transition,
    assessment_save,
    call_publish,
    service_record,
    subsidy_commit,
)

from .decorators import check_required
from .forms import refusal_message
from .programme_forms import AssessmentForm, EligibilityForm, HolderForm, ServiceForm, WhatIfForm

# --- Public catalogue -------------------------------------------------------------------------------------------


def catalogue(request):
    programmes = Programme.objects.filter(is_active=True)
    open_calls = {c.programme_id for c in Call.objects.published()}
    return render(request, "www/programmes/catalogue.html", {"programmes": programmes, "open_calls": open_calls})


def _my_enterprises(user):
    if not user.is_authenticated or user.role != Role.ENTREPRENEUR:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(owner=user).select_related("region", "sector", "registration")


def programme_detail(request, code: str):
    """The programme, its criteria in words, its open calls, and "am I eligible?" answered criterion by criterion."""
    programme = get_object_or_404(Programme, code=code, is_active=True)
    today = clock.today()
    calls = list(programme.calls.published().filter(closes_on__gte=today))
    mine = list(_my_enterprises(request.user))
    form = EligibilityForm(request.GET or None)
    results, candidate_enterprise = None, None
    if request.GET.get("entreprise") and mine:
        candidate_enterprise = next((e for e in mine if str(e.pk) == request.GET["entreprise"]), None)
        if candidate_enterprise is not None:
            results = evaluate(programme.criteria, Candidate.of_enterprise(candidate_enterprise), today)
    elif form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = Candidate.of_facts(
                region_code=data["region"].code, has_rc=data["has_rc"], has_tp=data["has_tp"],
                turnover=data["turnover"], created_on=data["created_on"], is_rural=data["is_rural"],
                is_innovative=data["is_innovative"], is_auto_entrepreneur=data["is_auto_entrepreneur"],
                sector_code=data["sector"].code if data["sector"] else None, employees=data["employees"],
            )  # fmt: skip
        except BusinessError as error:
            form.add_business_error(error)
        else:
            results = evaluate(programme.criteria, candidate, today)
    holder_form = None
    entrepreneur = request.user.is_authenticated and request.user.role == Role.ENTREPRENEUR
    if entrepreneur and programme.audience != "enterprises":
        holder_form = HolderForm(initial={"holder_name": request.user.display_name})
    context = {
        "programme": programme, "criteria": describe(programme.criteria), "calls": calls, "form": form,
        "results": results, "eligible": results is not None and all(r.passed for r in results),
        "mine": mine, "candidate_enterprise": candidate_enterprise,
        "holder_form": holder_form,
    }  # fmt: skip
    template = "www/programmes/partials/checklist.html" if request.htmx else "www/programmes/detail.html"
    return render(request, template, context)


@login_required
@require_POST
def holder_self_apply(request, call_id: int):
    """A project holder (an entrepreneur's account without a firm yet) applies online himself."""
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_id)
    return _holder_application(request, call, back=redirect("www:programme", code=call.programme.code))


def _holder_application(request, call: Call, *, back):
    """File a project holder's application from the HolderForm posted (online or at the counter)."""
    form = HolderForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Candidature : complétez le nom, la CIN, la région et le projet."))
        return back
    data = form.cleaned_data
    holder = HolderData.from_mapping(data, region=data["region"], sector=data["sector"])
    try:
        application = application_create(actor=request.user, call=call, holder=holder)
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
        return back
    messages.success(request, gettext("Candidature déposée."))
    return redirect("www:programme_application", application_id=application.pk)


@login_required
@require_POST
def apply(request, call_id: int):
    """An entrepreneur applies for his enterprise (the eligibility checklist he saw pre-fills nothing to retype)."""
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_id)
    enterprise = get_object_or_404(_my_enterprises(request.user), pk=request.POST.get("enterprise"))
    try:
        application = application_create(actor=request.user, call=call, enterprise=enterprise)
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
        return redirect("www:programme", code=call.programme.code)
    messages.success(request, gettext("Candidature déposée."))
    return redirect("www:programme_application", application_id=application.pk)


# --- Calls and applications (officers) ----------------------------------------------------------------------------


@check_required(can_view_programme_files)
def calls(request):
    items = Call.objects.select_related("programme").order_by("-year", "programme__name_fr")
    return render(request, "www/programmes/calls.html", {"calls": items})


@check_required(can_view_programme_files)
def call_detail(request, call_id: int):
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_id)
    state = request.GET.get("etat", "")
    applications = application_list(user=request.user, call=call, state=state or None)
    page = Paginator(applications, 30).get_page(request.GET.get("page"))
    context = {
        "call": call, "page": page, "state": state, "can_manage": can_manage_calls(request.user),
        "states": ProgrammeApplication._meta.get_field("state").choices, "holder_form": HolderForm(),
    }  # fmt: skip
    return render(request, "www/programmes/call.html", context)


@check_required(can_manage_calls)
def call_what_if(request, call_id: int):
    """Before publishing: change a criterion, a cap or a rate and see the eligible population and the budget."""
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_id)
    form = WhatIfForm(request.GET or None, initial=WhatIfForm.initial_from(call))
    criteria, rate, cap = None, None, None
    if form.is_bound and form.is_valid():
        criteria = form.criteria(call)
        rate, cap = form.cleaned_data.get("subsidy_rate"), form.cleaned_data.get("subsidy_cap")
    try:
        result = what_if(call, on=clock.today(), criteria=criteria, rate=rate, cap=cap)
    except BusinessError as error:
        form.add_business_error(error)
        criteria = None
        result = what_if(call, on=clock.today())
    context = {"call": call, "form": form, "result": result,
               "criteria": describe(criteria if criteria is not None else call.criteria)}  # fmt: skip
    template = "www/programmes/partials/what_if_result.html" if request.htmx else "www/programmes/what_if.html"
    return render(request, template, context)


@check_required(can_manage_calls)
@require_POST
def call_publish_view(request, call_id: int):
    """Publish the call with the criteria, rate and cap last simulated on the what-if page."""
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_id)
    form = WhatIfForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("www:call_what_if", call_id=call.pk)
    try:
        call_publish(actor=request.user, call=call, criteria=form.criteria(call),
                     subsidy_rate=form.cleaned_data.get("subsidy_rate"),
                     subsidy_cap=form.cleaned_data.get("subsidy_cap"))  # fmt: skip
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
        return redirect("www:call_what_if", call_id=call.pk)
    messages.success(request, gettext("Appel publié."))
    return redirect("www:call", call_id=call.pk)


@check_required(can_view_programme_files)
@require_POST
def holder_apply(request, call_id: int):
    """An officer files a project holder's application at the counter."""
    call = get_object_or_404(Call.objects.select_related("programme"), pk=call_id)
    return _holder_application(request, call, back=redirect("www:call", call_id=call.pk))


@login_required
def programme_application(request, application_id: int):
    application = get_object_or_404(
        ProgrammeApplication.objects.visible_to(request.user).select_related(
            "call__programme", "enterprise", "region", "sector"
        ),
        pk=application_id,
    )
    benefits = list(application.benefits.all())
    context = {
        "application": application,
        "assessments": application.assessments.select_related("reviewer"),
        "benefits": benefits,
        "has_subsidy": any(b.kind == "subsidy" for b in benefits),
        "actions": programme_actions(request.user, application),
        "assessment_form": AssessmentForm(), "service_form": ServiceForm(),
        "is_officer": bool(can_assess(request.user, application)),
    }  # fmt: skip
    return render(request, "www/programmes/application.html", context)


def _errors(form) -> str:
    """A form's errors in one line, each one saying which field (the shared checks name it themselves)."""
    return " ".join(
        str(error) if name == "__all__" or " : " in str(error) else f"{form[name].label} : {error}"
        for name, errors in form.errors.items() for error in errors
    )  # fmt: skip


def _back(application_id: int):
    return redirect("www:programme_application", application_id=application_id)


@login_required
@require_POST
def programme_application_act(request, application_id: int):
    application = get_object_or_404(ProgrammeApplication.objects.visible_to(request.user), pk=application_id)
    action = request.POST.get("action", "")
    try:
        if action == "assess":
            form = AssessmentForm(request.POST)
            if not form.is_valid():
                raise BusinessError("programme.assessment", _errors(form))
            assessment_save(actor=request.user, application=application, **form.cleaned_data)
        elif action == "service":
            form = ServiceForm(request.POST)
            if not form.is_valid():
                raise BusinessError("benefit.form", _errors(form))
            service_record(actor=request.user, application=application, **form.cleaned_data)
        elif action == "subsidy":
            subsidy_commit(actor=request.user, application=application)
        else:
            application_transition(actor=request.user, application=application, name=action,
                                   reason=request.POST.get("reason", ""))  # fmt: skip
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, gettext("Candidature mise à jour."))
    return _back(application.pk)


@login_required
def my_applications(request):
    applications = ProgrammeApplication.objects.visible_to(request.user).filter(applicant=request.user)
    context = {"applications": applications.select_related("call__programme", "enterprise"),
               "enterprises": _my_enterprises(request.user)}  # fmt: skip
    return render(request, "www/programmes/mine.html", context)
