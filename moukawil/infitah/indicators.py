"""Infitah's indicators (catalogue of ``moukawil.indicators``): permits issued, pack orders and packs delivered,
computed from live rows and summarised like every other indicator."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from moukawil.indicators.catalogue import Indicator, register

SOURCE = _("Infitah (permis numérique et pack TI)")


def _permits():
    from .models import Permit

    return Permit.objects.valid()


def _orders():
    from .models import PackOrder

    return PackOrder.objects.all()


def _delivered():
    from .models import PackOrder
    from .workflow import OrderState

    return PackOrder.objects.filter(state__in=[OrderState.DELIVERED, OrderState.RECEIVED], delivered_on__isnull=False)


DIMS = {"region": "region_id", "province": "enterprise__province_id", "gender": "enterprise__owner_gender"}

register(Indicator(
    "infitah.permits", _("Infitah : certifications numériques délivrées"),
    _("Permis numériques Infitah délivrés à l'issue de la formation et non révoqués, comptés à la date de "
      "délivrance, dans la région de l'entreprise ; sexe : celui du dirigeant déclaré au registre des entreprises."),
    rows=_permits, date="issued_on", dims=DIMS, source=SOURCE,
))  # fmt: skip
register(Indicator(
    "infitah.packs", _("Packs Infitah commandés"),
    _("Commandes de pack TI subventionné passées par les titulaires du permis numérique, quelle que soit leur suite "
      "(financées, refusées, annulées, échues comprises), comptées à la date de commande, dans la région de "
      "l'entreprise."),
    rows=_orders, date="ordered_on", dims=DIMS, source=SOURCE,
))  # fmt: skip
register(Indicator(
    "infitah.packs_delivered", _("Packs Infitah livrés"),
    _("Packs TI livrés par le fournisseur (réception confirmée ou non), comptés à la date de livraison, dans la "
      "région de l'entreprise."),
    rows=_delivered, date="delivered_on", dims=DIMS, source=SOURCE,
))  # fmt: skip
