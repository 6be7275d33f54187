"""What a stop produced, counted by the apps that own it: a small registry of per-stop counters.

Another app registers ``Outcome(code, label, count_by_stop)`` where ``count_by_stop(stop_ids) -> {stop_id: n}``
counts its own rows linked to a stop (register applications filed, Infitah permits issued…). The results of a stop
and of a campaign (``selectors.stop_results``) add every registered outcome: live data, never a stored figure, and
caravans imports none of those apps beyond what it registers itself here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

CountByStop = Callable[[list[int]], dict[int, int]]


@dataclass(frozen=True)
class Outcome:
    code: str
    label: Any  # lazy French text, translated in locale/ar
    count_by_stop: CountByStop


_OUTCOMES: dict[str, Outcome] = {}
# The order the report shows them in: permits first (the Infitah figure), then applications, then the rest.
ORDER = ["permits", "applications"]


def register(outcome: Outcome) -> Outcome:
    _OUTCOMES[outcome.code] = outcome
    return outcome


def unregister(code: str) -> None:
    _OUTCOMES.pop(code, None)


def outcomes() -> list[Outcome]:
    rank = {code: i for i, code in enumerate(ORDER)}
    return sorted(_OUTCOMES.values(), key=lambda o: (rank.get(o.code, len(ORDER)), o.code))


def counts(stop_ids: Iterable[int]) -> dict[str, dict[int, int]]:
    """Each outcome's count by stop: one query per outcome, whatever the number of stops."""
    ids = list(stop_ids)
    return {o.code: o.count_by_stop(ids) for o in outcomes()}


def _register_applications(stop_ids: list[int]) -> dict[int, int]:
    """Register applications filed at a stop (submitted: a draft is not filed)."""
    from moukawil.registry.models import Application
    from moukawil.registry.workflow import State

    rows = (
        Application.objects.filter(stop_id__in=stop_ids).exclude(state=State.DRAFT)
        .values("stop_id").annotate(n=Count("pk")).values_list("stop_id", "n")
    )  # fmt: skip
    return dict(rows)


def register_builtin() -> None:
    register(Outcome("applications", _("Demandes d'inscription au registre déposées"), _register_applications))
