"""Declarations' long work, as jobs of the task engine (core.tasks): reminders, strike-off detection, recomputation.
Each is made once however often it runs (a reminder per period, a proposal per years, a recomputation from the
rules), so a job taken back after its worker died reaches the same end state."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moukawil.core import policy
from moukawil.core.tasks import job_kind

from .periods import Period
from .recompute import declarations_recompute
from .services import declaration_reminders_send, strike_off_proposals_create


@job_kind(
    "declarations.reminders", label=_("Relances des déclarations manquantes"), action=policy.DECLARATIONS_FOLLOW_UP,
    summary=lambda report: gettext("%(count)s relance(s) envoyée(s).") % report,
)  # fmt: skip
def run_reminders(job, progress) -> dict:
    period = Period(job.params["year"], job.params["periodicity"], job.params["period"])
    count = declaration_reminders_send(actor=job.created_by, period=period, region=job.region, progress=progress)
    return {"count": count}


@job_kind(
    "declarations.strike_off", label=_("Détection des dépassements de plafond"), action=policy.CEILINGS_DETECT,
    summary=lambda report: gettext("%(count)s proposition(s) de radiation créée(s).") % report,
)  # fmt: skip
def run_strike_off(job, progress) -> dict:
    return {"count": strike_off_proposals_create(actor=job.created_by, year=job.params["year"], progress=progress)}


@job_kind(
    "declarations.recompute", label=_("Recalcul des déclarations"), action=policy.DECLARATIONS_RECOMPUTE,
    summary=lambda report: gettext("%(count)s déclaration(s) recalculée(s).") % report,
)  # fmt: skip
def run_recompute(job, progress) -> dict:
    params = job.params
    count = declarations_recompute(
        actor=job.created_by, year=params["year"], periodicity=params.get("periodicity"), period=params.get("period"),
        progress=progress,
    )  # fmt: skip
    return {"count": count}
