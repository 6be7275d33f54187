"""Pages of the declarations: the public simulator and rules; the entrepreneur's periods, declarations, receipts
and balance; the officers' follow-up (missing periods, reminders), ceilings and statistics."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from moukawil.certificates.kinds import site_url_of
from moukawil.certificates.services import document_issue
from moukawil.core import formats
from moukawil.core.counts import Paginator
from moukawil.core.errors import BusinessError
from moukawil.core.permissions import require
from moukawil.core.tasks import job_create, job_enqueue
from moukawil.declarations import selectors as declaration_selectors
from moukawil.declarations.documents import RECEIPT
from moukawil.declarations.models import ClientKind, Declaration, StrikeOffProposal
from moukawil.declarations.periods import Period, Periodicity
from moukawil.declarations.permissions import (
    can_decide_strike_off_proposal,
    can_declare,
    can_detect_ceilings,
    can_record_payment,
    can_send_reminders,
)
from moukawil.declarations.services import (
    balance,
    declaration_amend,
    declaration_submit,
    payment_record,
    periodicity_choose,
    periodicity_for,
    strike_off_proposal_decide,
)
from moukawil.declarations.simulation import simulate
from moukawil.registry.enums import Category, Gender
from moukawil.registry.models import Registration
from moukawil.registry.permissions import can_view_register
from moukawil.rules.parameters import all_parameters
from moukawil.territory.models import Region

from .charts import chart
from .declaration_forms import AmendmentForm, DeclarationForm, PaymentForm, PeriodicityForm, ProposalDecisionForm
from .decorators import check_required
from .forms import MoukawilForm, refusal_message


class SimulatorForm(MoukawilForm):
    """Shapes the input only: amounts are checked by ``declarations.simulation.simulate``, as in the API."""

    goods = forms.CharField(
        label=_("Chiffre d'affaires encaissé — commerce, industrie, artisanat (DH)"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    services = forms.CharField(
        label=_("Chiffre d'affaires encaissé — services (DH)"), required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Laissé vide, c'est le total des clients ci-dessous."),
    )  # fmt: skip
    periodicity = forms.ChoiceField(
        label=_("Périodicité"), choices=Periodicity.choices, initial=Periodicity.QUARTERLY, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Période contenant la date"), widget=forms.DateInput(attrs={"type": "date", "class": "mk-date"}),
        required=False, help_text=_("Les taux en vigueur à la fin de cette période s'appliquent."),
    )  # fmt: skip


SIMULATOR_CLIENT_ROWS = 4


def _simulator_rows(query) -> list[dict]:
    """The client rows as typed (repeated fields ``client_kind``, ``client_amount``, ``client_earlier``), at least
    SIMULATOR_CLIENT_ROWS of them."""
    kinds, amounts, earlier = (query.getlist(name) for name in ("client_kind", "client_amount", "client_earlier"))
    count = max(SIMULATOR_CLIENT_ROWS, len(kinds), len(amounts), len(earlier))
    pad = lambda values: values + [""] * (count - len(values))  # noqa: E731
    return [
        {"number": n, "kind": k, "amount": a, "earlier": e}
        for n, (k, a, e) in enumerate(zip(pad(kinds), pad(amounts), pad(earlier), strict=True), start=1)
    ]


def simulator(request):
    """Turnover and category in (and, for services, what each client paid), tax, contribution and the same-client
    withholding out, with the rules applied and their source."""
    form = SimulatorForm(request.GET or None)
    rows = _simulator_rows(request.GET)
    simulation = clients_error = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            simulation = simulate(
                on=data["on"] or timezone.localdate(), periodicity=data["periodicity"], goods=data["goods"],
                services=data["services"], client_kinds=[r["kind"] for r in rows],
                client_amounts=[r["amount"] for r in rows], client_earlier=[r["earlier"] for r in rows],
            )  # fmt: skip
        except BusinessError as error:
            if (error.field or "").startswith("client_"):
                clients_error = error.message
            else:
                form.add_business_error(error)
    context = {"form": form, "rows": rows, "client_kinds": ClientKind.choices, "clients_error": clients_error,
               "simulation": simulation, "result": None, "period": None, "rules": []}  # fmt: skip
    if simulation:
        parameters = all_parameters()
        context |= {
            "result": simulation.computation, "period": simulation.period,
            "rules": [(rule, parameters[rule.code]) for rule in simulation.computation.rules],
            "rate_percent": simulation.withholding_rate and (simulation.withholding_rate * 100).normalize(),
        }  # fmt: skip
    template = "www/declarations/partials/simulation.html" if request.htmx else "www/declarations/simulator.html"
    return render(request, template, context)


def rules(request):
    """Every dated parameter: its current value, its history and its legal source."""
    on = timezone.localdate()
    parameters = []
    for parameter in all_parameters().values():
        parameters.append(
            {"parameter": parameter, "current": _display(parameter.at(on) if _started(parameter, on) else None)}
        )
    return render(request, "www/declarations/rules.html", {"parameters": parameters, "today": on})


def _started(parameter, on: date) -> bool:
    return parameter.history[0][0] <= on


def _display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return " ; ".join(f"≥ {formats.money(row['from'], 0)} → {formats.money(row['quarterly'], 0)}" for row in value)
    return str(value)


# --- The entrepreneur's declarations (and the counter officer's, for him) ---------------------------------------


def _year_param(request, *, default: int) -> int:
    """The ``?annee=`` of the page, or ``default`` when absent or not a year."""
    try:
        year = int(request.GET.get("annee") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _registration_for(request, number: str | None = None) -> Registration:
    registrations = Registration.objects.visible_to(request.user).select_related("person", "region", "activity")
    if number:
        return get_object_or_404(registrations, number=number)
    registration = registrations.filter(person__user=request.user).order_by("-registered_on").first()
    if registration is None:
        raise Http404(gettext("Aucune inscription au registre pour ce compte."))
    return registration


@login_required
def my_declarations(request, number: str | None = None):
    """The periods of a year with their state, the balance, payments, and the periodicity choice."""
    registration = _registration_for(request, number)
    on = timezone.localdate()
    years = list(range(on.year, registration.registered_on.year - 1, -1))
    year = _year_param(request, default=on.year)
    year = year if year in years else on.year
    periodicity = periodicity_for(registration, year)
    context = {
        "registration": registration, "year": year, "years": years, "periodicity": periodicity,
        "periodicity_label": Periodicity(periodicity).label,
        "next_periodicity": Periodicity(periodicity_for(registration, on.year + 1)).label,
        "rows": declaration_selectors.year_overview(registration, year, periodicity, on),
        "totals": declaration_selectors.year_totals(registration, year),
        "balance": balance(registration), "payments": registration.payments.all()[:20],
        "periodicity_form": PeriodicityForm(initial={"periodicity": periodicity}),
        "payment_form": PaymentForm(), "can_record_payment": can_record_payment(request.user, registration),
        "can_declare": can_declare(request.user, registration),
        "is_owner": registration.person.user_id == request.user.pk,
    }  # fmt: skip
    return render(request, "www/declarations/mine.html", context)


@login_required
@require_POST
def choose_periodicity(request, number: str):
    registration = _registration_for(request, number)
    try:
        choice = periodicity_choose(
            actor=request.user, registration=registration, periodicity=request.POST.get("periodicity", "")
        )
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(
            request,
            gettext("Périodicité « %(label)s » à partir de %(year)s.")
            % {"label": choice.get_periodicity_display(), "year": choice.effective_year},
        )
    return redirect("www:declarations_of", number=registration.number)


def _declaration_form_view(request, *, registration, period, form, submit, template_context):
    require(can_declare(request.user, registration))  # a reader is told why, not shown a form he cannot send
    if request.method == "POST" and form.is_valid():
        try:
            declaration = submit(form)
        except (BusinessError, PermissionDenied) as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request,
                gettext("Déclaration %(period)s enregistrée : %(total)s à payer.")
                % {"period": period.label, "total": formats.money(declaration.total_due)},
            )
            return redirect(reverse("www:declarations_of", args=[registration.number]) + f"?annee={period.year}")
    context = {"form": form, "registration": registration, "period": period, **template_context}
    return render(request, "www/declarations/declare.html", context)


@login_required
def declare(request, number: str, year: int, periodicity: str, period: int):
    registration = _registration_for(request, number)
    try:
        target = Period(year, periodicity, period)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    form = DeclarationForm(request.POST or None)
    return _declaration_form_view(
        request, registration=registration, period=target, form=form, template_context={"amending": None},
        submit=lambda f: declaration_submit(
            actor=request.user, registration=registration, period=target, goods=f.cleaned_data["turnover_goods"],
            services=f.cleaned_data["turnover_services"], clients=f.clients(),
        ),
    )  # fmt: skip


@login_required
def amend(request, declaration_id: int):
    declaration = get_object_or_404(
        Declaration.objects.visible_to(request.user).select_related("registration__person", "registration__region"),
        pk=declaration_id,
    )
    form = AmendmentForm(request.POST or None, initial=DeclarationForm.initial_from(declaration))
    return _declaration_form_view(
        request, registration=declaration.registration, period=declaration.period_obj, form=form,
        template_context={"amending": declaration},
        submit=lambda f: declaration_amend(
            actor=request.user, declaration=declaration, goods=f.cleaned_data["turnover_goods"],
            services=f.cleaned_data["turnover_services"], clients=f.clients(), reason=f.cleaned_data["reason"],
        ),
    )  # fmt: skip


@login_required
def receipt(request, declaration_id: int):
    declaration = get_object_or_404(
        Declaration.objects.visible_to(request.user).select_related("registration__person"), pk=declaration_id
    )
    content = document_issue(actor=request.user, kind=RECEIPT, subject=declaration, site_url=site_url_of(request))
    response = HttpResponse(content, content_type="application/pdf")
    name = f"recu-{declaration.registration.number}-{declaration.year}-{declaration.period}-v{declaration.version}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
@require_POST
def record_payment(request, number: str):
    registration = _registration_for(request, number)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Paiement : vérifiez le montant, le canal, la référence et la date."))
    else:
        try:
            payment_record(
                actor=request.user, registration=registration, amount_paid=form.cleaned_data["amount"],
                channel=form.cleaned_data["channel"], reference=form.cleaned_data["reference"],
                paid_on=form.cleaned_data["paid_on"],
            )  # fmt: skip
        except (BusinessError, PermissionDenied) as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, gettext("Paiement enregistré."))
    return redirect("www:declarations_of", number=registration.number)


# --- Officers: follow-up, ceilings, statistics -------------------------------------------------------------------


def _period_from(request, default: Period) -> Period:
    try:
        return Period(
            int(request.GET.get("annee") or default.year),
            request.GET.get("periodicite") or default.periodicity,
            int(request.GET.get("periode") or default.number),
        )
    except (TypeError, ValueError):
        return default


def _last_due_period(on) -> Period:
    period = Period.containing(on, Periodicity.QUARTERLY)
    while period.due_date >= on:
        period = (
            Period(period.year, period.periodicity, period.number - 1)
            if period.number > 1
            else Period(period.year - 1, period.periodicity, 4)
        )
    return period


@check_required(can_view_register)
def follow_up(request):
    """Declarations received and periods missing, for the officer's region (or the nation)."""
    on = timezone.localdate()
    period = _period_from(request, _last_due_period(on))
    missing = declaration_selectors.missing_declarations(user=request.user, period=period, today=on)
    missing_page = Paginator(missing, 25).get_page(request.GET.get("page_manquantes"))  # counts once, for both
    received = declaration_selectors.declaration_list(
        user=request.user, year=period.year, period=period.number, late=request.GET.get("retard") == "1"
    ).filter(periodicity=period.periodicity)
    context = {
        "period": period, "periodicities": Periodicity.choices, "numbers": range(1, 13),
        "missing": missing_page,
        "missing_count": missing_page.paginator.count,
        "missing_by_region": list(
            missing.order_by().values("region__code", "region__name_fr", "region__name_ar")
            .annotate(n=Count("pk")).order_by("region__code")
        ),
        "received": Paginator(received, 25).get_page(request.GET.get("page")),
        "can_remind": can_send_reminders(request.user), "late_only": request.GET.get("retard") == "1",
    }  # fmt: skip
    return render(request, "www/declarations/follow_up.html", context)


@check_required(can_view_register)
@require_POST
def send_reminders(request):
    try:
        period = Period(int(request.POST["annee"]), request.POST["periodicite"], int(request.POST["periode"]))
    except (KeyError, ValueError):
        messages.error(request, gettext("Période invalide."))
        return redirect("www:declarations_follow_up")
    query = f"?annee={period.year}&periodicite={period.periodicity}&periode={period.number}"
    params = {"year": period.year, "periodicity": period.periodicity, "period": period.number,
              "back": reverse("www:declarations_follow_up") + query}  # fmt: skip
    return _job_page(request, "declarations.reminders", params)


@check_required(can_view_register)
def ceilings(request):
    on = timezone.localdate()
    year = _year_param(request, default=on.year - 1)
    proposals = StrikeOffProposal.objects.visible_to(request.user).select_related("registration__person", "region")
    over = declaration_selectors.over_ceiling(user=request.user, year=year)
    numbers = dict(Registration.objects.filter(pk__in=[r["registration"] for r in over]).values_list("pk", "number"))
    context = {
        "year": year, "proposals": proposals, "form": ProposalDecisionForm(),
        "over": [{**row, "number": numbers.get(row["registration"])} for row in over],
        "can_decide": can_decide_strike_off_proposal(request.user),
        "can_detect": can_detect_ceilings(request.user),
    }  # fmt: skip
    return render(request, "www/declarations/ceilings.html", context)


@check_required(can_view_register)
@require_POST
def detect_ceilings(request):
    year = int(request.POST.get("annee") or timezone.localdate().year - 1)
    back = reverse("www:declarations_ceilings") + f"?annee={year}"
    return _job_page(request, "declarations.strike_off", {"year": year, "back": back})


def _job_page(request, kind: str, params: dict):
    """Run the work as a background job (core.tasks) and show its page, which follows it to its report."""
    region = request.user.scope_region
    try:
        job = job_create(kind=kind, actor=request.user, params=params, region=region)
    except PermissionDenied as denied:  # the policy's reason, and nothing written
        messages.error(request, str(denied))
        return redirect(params["back"])
    return redirect("www:job", pk=job_enqueue(job).pk)


@check_required(can_view_register)
@require_POST
def decide_proposal(request, proposal_id: int):
    proposal = get_object_or_404(StrikeOffProposal.objects.visible_to(request.user), pk=proposal_id)
    form = ProposalDecisionForm(request.POST)
    form.is_valid()
    try:
        strike_off_proposal_decide(
            actor=request.user, proposal=proposal, confirm=request.POST.get("decision") == "confirm",
            note=form.cleaned_data.get("note", ""),
        )  # fmt: skip
    except (BusinessError, PermissionDenied) as error:
        messages.error(request, refusal_message(error))
    else:
        messages.success(request, gettext("Proposition examinée."))
    return redirect("www:declarations_ceilings")


@check_required(can_view_register)
def statistics(request):
    on = timezone.localdate()
    year = _year_param(request, default=on.year - 1)
    stats = declaration_selectors.declaration_statistics(user=request.user, year=year)
    labels = {
        "by_category": dict(Category.choices), "by_gender": dict(Gender.choices),
        "by_region": dict(Region.objects.values_list("code", "name_fr" if get_language() != "ar" else "name_ar")),
    }  # fmt: skip
    tables = []
    for key, title in (
        ("by_region", _("Par région")),
        ("by_category", _("Par catégorie")),
        ("by_gender", _("Par sexe")),
    ):
        rows = [{**row, "label": labels[key].get(row["key"], row["key"])} for row in stats[key]]
        drawn = chart(
            f"chart-{key.replace('_', '-')}", title=title, kind="bar", labels=[row["label"] for row in rows],
            series=[(_("Chiffre d'affaires (DH)"), [row["turnover"] for row in rows]),
                    (_("Impôt (DH)"), [row["tax"] for row in rows])],
            horizontal=key == "by_region",
        )  # fmt: skip
        tables.append((title, rows, drawn))
    context = {"stats": stats, "tables": tables, "year": year, "years": range(on.year, 2014, -1)}
    return render(request, "www/declarations/statistics.html", context)
