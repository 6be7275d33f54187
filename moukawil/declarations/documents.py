"""The declaration receipt (accusé de réception), a kind of the document service (certificates.kinds).

Each filed version gets its receipt number (series "REC", gapless per year of filing) in the filing transaction.
The public learns only the registration number, the period, the version, the filing date and whether the receipt
still stands or was replaced by an amendment: no name, no amounts (loi 09-08 and tax secrecy).
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moukawil.certificates.kinds import REVOKED, VALID, DocumentKind, PublicField, PublicView, register
from moukawil.core import formats
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import Conflict
from moukawil.core.permissions import require

from .models import Declaration
from .pdf import receipt_pdf
from .permissions import can_download_receipt

NUMBER = re.compile(r"REC-\d{4}-\d{7}")


def _find(number: str) -> Declaration | None:
    related = ("registration__person", "registration__activity", "amended_by")
    return Declaration.objects.select_related(*related).filter(receipt_number=number).first()


def _replaced_on(declaration: Declaration):
    amendment = getattr(declaration, "amended_by", None)
    return timezone.localdate(amendment.submitted_at) if amendment else None


def _public(declaration: Declaration) -> PublicView:
    period = declaration.period_obj
    return PublicView(
        status=VALID if declaration.is_current else REVOKED,
        revoked_on=None if declaration.is_current else _replaced_on(declaration),
        fields=[
            PublicField(_("Numéro de l'accusé"), declaration.receipt_number or ""),
            PublicField(_("Numéro d'inscription"), declaration.registration.number),
            PublicField(_("Période"), f"{period.label} ({declaration.get_periodicity_display().lower()})"),
            PublicField(_("Version"), str(declaration.version)),
            PublicField(_("Déposée le"), formats.date(declaration.submitted_at)),
        ],
    )


def _payload(declaration: Declaration) -> dict:
    return {
        "v": 1,
        "n": declaration.receipt_number,
        "r": declaration.registration.number,
        "p": declaration.period_obj.label,
        "ver": declaration.version,
        "d": timezone.localdate(declaration.submitted_at).isoformat(),
    }


def _check_issue(actor, declaration: Declaration) -> Declaration:
    declaration = Declaration.objects.select_related("registration__person", "amended_by").get(pk=declaration.pk)
    require(can_download_receipt(actor, declaration))
    if not declaration.receipt_number:
        raise Conflict("receipt.unnumbered", "Cette déclaration n'a pas de numéro d'accusé de réception.")
    return declaration


def _replaced():
    rows = (
        Declaration.objects.filter(is_current=False, receipt_number__isnull=False, amended_by__isnull=False)
        .order_by("receipt_number")
        .values_list("receipt_number", "amended_by__submitted_at")
    )
    return [(number, timezone.localdate(replaced_at)) for number, replaced_at in rows]


RECEIPT = register(
    DocumentKind(
        code="recu",
        label=_("Accusé de réception de déclaration"),
        valid_label=_("Accusé de réception valide : la déclaration est en vigueur"),
        revoked_label=_("Remplacé : la déclaration a été rectifiée le {date}"),
        example="REC-2026-0000123",
        is_well_formed=lambda number: bool(NUMBER.fullmatch(number)),
        find=_find,
        number_of=lambda declaration: declaration.receipt_number,
        public=_public,
        payload=_payload,
        render=receipt_pdf,
        check_issue=_check_issue,
        revoked=_replaced,
        audit_event=AuditEventType.RECEIPT_ISSUED,
        series="REC",
        number_width=7,  # 400,000 entrepreneurs declaring monthly file about 5 million receipts a year
    )
)
