"""Infitah's long work on the task engine (core.tasks): the daily lapse of unused orders and bulk registration
from a list. Both reach the same end state when rerun."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.tasks import job_kind

from .models import TrainingSession
from .services import orders_lapse, registrations_bulk


@job_kind(
    "infitah.lapse", label=_("Échéance des commandes de packs sans suite (30 jours)"), action=policy.INFITAH_AGENCY,
    summary=lambda report: gettext("%(count)s commande(s) échue(s), subvention libérée.") % report,
)  # fmt: skip
def run_lapse(job, progress) -> dict:
    return {"count": orders_lapse(actor=job.created_by, progress=progress)}


@job_kind(
    "infitah.bulk", label=_("Inscriptions en masse à une formation Infitah"), action=policy.INFITAH_TRAINING,
    summary=lambda report: gettext("%(registered)s inscription(s) ; %(refused)s ligne(s) refusée(s).")
    % {"registered": report["registered"], "refused": len(report["errors"])},
)  # fmt: skip
def run_bulk(job, progress) -> dict:
    session = TrainingSession.objects.get(pk=job.params["session"])
    return registrations_bulk(actor=job.created_by, session=session, identifiers=job.params["identifiers"],
                              progress=progress)  # fmt: skip
