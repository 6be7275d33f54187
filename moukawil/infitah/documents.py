"""The permis numérique, a kind of the document service (certificates.kinds): series "PN", gapless per year of issue,
bilingual PDF with a signed QR code, public verification ``/verifier/permis/<number>/``, revocation by the agency.

The public learns the number, the enterprise's name, its region and the date of issue, and whether the permit
stands: no identifier of a person (loi 09-08).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from moukawil.certificates.kinds import REVOKED, VALID, DocumentKind, PublicField, PublicView, register
from moukawil.core import formats
from moukawil.core.enums import AuditEventType
from moukawil.core.permissions import require

from .models import Permit
from .pdf import permit_pdf
from .permissions import can_download_permit

NUMBER = re.compile(r"PN-\d{4}-\d{6}")


def _find(number: str) -> Permit | None:
    return Permit.objects.select_related("enterprise", "region").filter(number=number).first()


def _public(permit: Permit) -> PublicView:
    return PublicView(
        status=VALID if permit.is_valid else REVOKED,
        revoked_on=permit.revoked_on,
        fields=[
            PublicField(_("Numéro du permis"), permit.number),
            PublicField(_("Entreprise"), permit.enterprise.name, permit.enterprise.name_ar),
            PublicField(_("Région"), permit.region.name_fr, permit.region.name_ar),
            PublicField(_("Délivré le"), formats.date(permit.issued_on)),
        ],
    )


def _payload(permit: Permit) -> dict:
    return {"v": 1, "n": permit.number, "e": permit.enterprise.name[:60], "d": permit.issued_on.isoformat()}


def _check_issue(actor, permit: Permit) -> Permit:
    permit = Permit.objects.select_related("enterprise__sector", "region", "registration__session").get(pk=permit.pk)
    require(can_download_permit(actor, permit))
    return permit


def _revoked():
    return list(Permit.objects.filter(revoked_on__isnull=False).order_by("number").values_list("number", "revoked_on"))


PERMIT = register(
    DocumentKind(
        code="permis",
        label=_("Permis numérique Infitah"),
        valid_label=_("Permis numérique valide"),
        revoked_label=_("Permis révoqué le {date}"),
        example="PN-2026-000123",
        is_well_formed=lambda number: bool(NUMBER.fullmatch(number)),
        find=_find,
        number_of=lambda permit: permit.number,
        public=_public,
        payload=_payload,
        render=permit_pdf,
        check_issue=_check_issue,
        revoked=_revoked,
        audit_event=AuditEventType.PERMIT_COPY_ISSUED,
        series="PN",
        number_width=6,
    )
)
