"""The public simulator: a period's cashed turnover and, for services, what each client paid (this period and
earlier in the year) in; tax, AMO contribution and the same-client withholding out, with the rules applied.

The page (``/simulateur/``) and the API (``GET /rules/simulate``) both call :func:`simulate`: one validation, the
same French messages naming the same fields (``goods``, ``services``, ``periodicity``, ``on``, ``client_kind``,
``client_amount``, ``client_earlier``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import zip_longest

from moukawil.core import inputs
from moukawil.core.errors import BusinessError
from moukawil.rules.parameters import parameter

from .calculation import ZERO, Computation, compute, money, same_client_surplus
from .models import ClientKind
from .periods import Period, Periodicity
from .services import amount

MAX_CLIENTS = 20
FIRST_DAY = date(2015, 1, 1)  # the rules' first values (loi 114-13 in force)
LAST_DAY = date(inputs.LAST_YEAR, 12, 31)  # the platform's last year (core.inputs)


@dataclass(frozen=True)
class ClientResult:
    number: int
    kind: str
    amount: Decimal
    earlier: Decimal
    above_threshold: Decimal  # this period's part above the yearly threshold
    withholding: Decimal  # what this client withholds at source on it


@dataclass
class Simulation:
    period: Period
    computation: Computation
    clients: list[ClientResult] = field(default_factory=list)
    threshold: Decimal | None = None
    withholding_rate: Decimal | None = None
    same_client_since: date | None = None  # when the same-client rule took effect (shown before that date)


def _first_in_force(code: str) -> date | None:
    return next((start for start, value in parameter(code).history if value is not None), None)


def simulate(
    *, on: date, periodicity: str, goods, services, client_kinds: Sequence[str] = (),
    client_amounts: Sequence = (), client_earlier: Sequence = (),
) -> Simulation:  # fmt: skip
    """Client rows come as three aligned lists (the repeated fields of the page's form and of the API's query);
    a row left empty is ignored. The services turnover, when left at zero, is the clients' total."""
    if periodicity not in Periodicity.values:
        raise BusinessError("simulation.periodicity", "Périodicité : mensuelle ou trimestrielle.", field="periodicity")
    if not FIRST_DAY <= on <= LAST_DAY:
        raise BusinessError(
            "simulation.date",
            f"Date hors des règles connues : du {FIRST_DAY:%d/%m/%Y} au {LAST_DAY:%d/%m/%Y}.",
            field="on",
        )
    goods = amount(goods, field="goods", label="Chiffre d'affaires commerce, industrie, artisanat")
    services = amount(services, field="services", label="Chiffre d'affaires services")
    rows: list[tuple[int, str, Decimal, Decimal]] = []
    for number, (kind, raw_amount, raw_earlier) in enumerate(
        zip_longest(client_kinds, client_amounts, client_earlier, fillvalue=""), start=1
    ):
        if not any(str(value or "").strip() for value in (kind, raw_amount, raw_earlier)):
            continue
        if len(rows) == MAX_CLIENTS:
            raise BusinessError("simulation.clients", f"{MAX_CLIENTS} clients au plus.", field="client_kind")
        kind = (kind or "").strip().lower()
        if kind not in ClientKind.values:
            raise BusinessError("simulation.client_kind", f"Client {number} : type ICE ou CIN.", field="client_kind")
        rows.append((
            number, kind, amount(raw_amount, field="client_amount", label=f"Client {number} : montant"),
            amount(raw_earlier, field="client_earlier", label=f"Client {number} : déjà encaissé dans l'année"),
        ))  # fmt: skip
    total = sum((row[2] for row in rows), ZERO)
    if not services:
        services = total
    elif total > services:
        raise BusinessError(
            "simulation.clients_total",
            f"Le total par client ({total} DH) dépasse le chiffre d'affaires de services ({services} DH).",
            field="client_amount",
        )
    period = Period.containing(on, periodicity)
    computation = compute(
        period=period, goods=goods, services=services,
        clients={str(number): paid for number, _kind, paid, _earlier in rows},
        clients_before={str(number): earlier for number, _kind, _paid, earlier in rows},
    )  # fmt: skip
    threshold = parameter("ae.same_client.threshold").at(period.end)
    rate = parameter("ae.same_client.withholding_rate").at(period.end)
    clients = []
    for number, kind, paid, earlier in rows:
        above = money(same_client_surplus({"c": paid}, {"c": earlier}, threshold))
        clients.append(ClientResult(number, kind, paid, earlier, above, money(above * rate if above else ZERO)))
    return Simulation(
        period=period, computation=computation, clients=clients, threshold=threshold, withholding_rate=rate,
        same_client_since=_first_in_force("ae.same_client.threshold"),
    )  # fmt: skip
