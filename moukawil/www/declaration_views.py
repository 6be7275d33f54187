"""Public pages of the declarations: the tax simulator and the dated rules with their history and source."""

from datetime import date
from decimal import Decimal

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moukawil.declarations.calculation import compute
from moukawil.declarations.periods import Period, Periodicity
from moukawil.rules.parameters import all_parameters

from .forms import MoukawilForm


class SimulatorForm(MoukawilForm):
    goods = forms.DecimalField(
        label=_("Chiffre d'affaires encaissé — commerce, industrie, artisanat (DH)"), min_value=0, max_digits=14,
        decimal_places=2, required=False,
    )  # fmt: skip
    services = forms.DecimalField(
        label=_("Chiffre d'affaires encaissé — services (DH)"), min_value=0, max_digits=14, decimal_places=2,
        required=False,
    )  # fmt: skip
    periodicity = forms.ChoiceField(
        label=_("Périodicité"), choices=Periodicity.choices, initial=Periodicity.QUARTERLY, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Période contenant la date"), widget=forms.DateInput(attrs={"type": "date"}), required=False,
        help_text=_("Les taux en vigueur à la fin de cette période s'appliquent."),
    )  # fmt: skip


def simulator(request):
    """Turnover and category in, tax and contribution out, with the rules applied and their source."""
    form = SimulatorForm(request.GET or None)
    result = period = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = Period.containing(data["on"] or timezone.localdate(), data["periodicity"])
        result = compute(period=period, goods=data["goods"] or Decimal(0), services=data["services"] or Decimal(0))
    template = "www/declarations/partials/simulation.html" if request.htmx else "www/declarations/simulator.html"
    return render(request, template, {"form": form, "result": result, "period": period})


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
        return " ; ".join(f"≥ {row['from']} DH → {row['quarterly']} DH" for row in value)
    return str(value)
