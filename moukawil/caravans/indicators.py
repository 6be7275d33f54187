"""The caravans' indicator (catalogue of ``moukawil.indicators``): people present at the stops."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from moukawil.indicators.catalogue import Indicator, register


def _present():
    from .models import Registration
    from .workflow import State

    return Registration.objects.filter(state=State.PRESENT)


register(Indicator(
    "caravans.attendance", _("Participants aux caravanes"),
    _("Personnes présentes aux escales des caravanes et forums (inscrites pointées et personnes venues sans "
      "inscription), comptées le jour de l'escale, dans la région et la province de l'escale."),
    rows=_present, date="stop__day",
    dims={"region": "stop__region_id", "province": "stop__province_id", "gender": "gender",
          "programme": "stop__campaign__programme__code"},
    source=_("Caravanes et forums"),
))  # fmt: skip
