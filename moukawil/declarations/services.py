"""Declarations: periodicity, submission, correction, payments. Each service is atomic and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from moukawil.accounts.scoping import scope_of
from moukawil.certificates.kinds import number_next
from moukawil.core import clock, inputs
from moukawil.core.audit import audit_log, stored_actor
from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.permissions import require
from moukawil.core.tabular import Progress
from moukawil.registry.identity import normalise_identity
from moukawil.registry.models import Registration
from moukawil.rules.parameters import parameter

from .calculation import ZERO, Computation, compute, money
from .documents import RECEIPT
from .models import ClientKind, ClientTurnover, Declaration, Payment, PaymentChannel, PeriodicityChoice
from .periods import Period, Periodicity
from .permissions import can_declare, can_record_payment


def today() -> date:
    return clock.today()


def amount(value, *, field: str, label: str) -> Decimal:
    """A non-negative amount in dirhams with at most two decimals; empty means zero (the shared check)."""
    return ZERO if value in (None, "") else inputs.amount(value, field=field, label=label)


GOODS = "Chiffre d'affaires commerce/industrie/artisanat"
SERVICES = "Chiffre d'affaires services"


# --- Periodicity ------------------------------------------------------------------------------------------


def periodicity_for(registration: Registration, year: int) -> str:
    """The periodicity in force for ``year``: the latest choice effective then; quarterly by default."""
    choice = (
        PeriodicityChoice.objects.filter(registration=registration, effective_year__lte=year)
        .order_by("-effective_year")
        .values_list("periodicity", flat=True)
        .first()
    )
    return choice or Periodicity.QUARTERLY


def periodicity_choose(*, actor, registration: Registration, periodicity: str) -> PeriodicityChoice:
    """Record a choice. It applies from next year — or from this year while nothing has been declared yet in the
    registration's first year."""
    if periodicity not in Periodicity.values:
        raise BusinessError("declaration.periodicity", "Choisissez mensuelle ou trimestrielle.", field="periodicity")
    require(can_declare(actor, registration))
    year = today().year
    first_year_open = (
        registration.registered_on.year == year and not registration.declarations.filter(year=year).exists()
    )
    effective_year = year if first_year_open else year + 1
    with transaction.atomic():
        choice, _created = PeriodicityChoice.objects.update_or_create(
            registration=registration, effective_year=effective_year,
            defaults={"periodicity": periodicity, "chosen_by": stored_actor(actor)},
        )  # fmt: skip
        audit_log(
            actor=actor, event_type=AuditEventType.PERIODICITY_CHOSEN, target=registration,
            region=registration.region, after={"periodicity": periodicity, "effective_year": effective_year},
        )  # fmt: skip
    return choice


# --- Declarations -----------------------------------------------------------------------------------------


@dataclass
class ClientLine:
    kind: str
    identifier: str
    amount: Decimal

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.identifier}"


def clean_clients(lines: list[dict]) -> list[ClientLine]:
    """Each line: ``kind`` (ice or cin), ``identifier``, ``amount``; an ICE is checked (15 digits, key)."""
    from stdnum.ma import ice

    cleaned, seen = [], set()
    for index, line in enumerate(lines, start=1):
        kind = (line.get("kind") or "").strip().lower()
        raw = (line.get("identifier") or "").strip()
        if kind == ClientKind.ICE:
            if not ice.is_valid(raw):
                raise BusinessError(
                    "declaration.client_ice", f"Client {index} : ICE invalide « {raw} » (15 chiffres).", field="clients"
                )
            identifier = ice.compact(raw)
        elif kind == ClientKind.CIN:
            try:
                identifier = normalise_identity(raw)
            except BusinessError as error:
                raise BusinessError(
                    "declaration.client_cin", f"Client {index} : {error.message}", field="clients"
                ) from None
        else:
            raise BusinessError("declaration.client_kind", f"Client {index} : type ICE ou CIN.", field="clients")
        line_amount = amount(line.get("amount"), field="clients", label=f"Client {index}")
        if (kind, identifier) in seen:
            raise BusinessError(
                "declaration.client_twice", f"Client {index} : déjà déclaré plus haut.", field="clients"
            )
        seen.add((kind, identifier))
        cleaned.append(ClientLine(kind, identifier, line_amount))
    return cleaned


def _clients_before(registration: Registration, period: Period) -> dict[str, Decimal]:
    """Each client's services turnover in the year's earlier periods (current versions only)."""
    rows = (
        ClientTurnover.objects.filter(
            declaration__registration=registration,
            declaration__year=period.year,
            declaration__periodicity=period.periodicity,
            declaration__period__lt=period.number,
            declaration__is_current=True,
        )
        .values("client_kind", "client_id")
        .annotate(total=Sum("amount"))
    )
    return {f"{r['client_kind']}:{r['client_id']}": r["total"] for r in rows}


def _check_period(registration: Registration, period: Period, on: date) -> None:
    if period.end > on:
        raise BusinessError(
            "declaration.period_open",
            f"La période {period.label} n'est pas terminée : déclarez-la à partir du {period.end:%d/%m/%Y}.",
            field="period",
        )
    if period.end < registration.registered_on:
        raise BusinessError(
            "declaration.before_registration",
            f"La période {period.label} précède votre inscription ({registration.registered_on:%d/%m/%Y}).",
            field="period",
        )
    if registration.struck_off_on and period.start > registration.struck_off_on:
        raise BusinessError(
            "declaration.after_strike_off",
            f"La période {period.label} suit votre radiation ({registration.struck_off_on:%d/%m/%Y}).",
            field="period",
        )


def _computation(registration, period, goods, services, clients: list[ClientLine]) -> Computation:
    if clients and sum(c.amount for c in clients) != services:
        raise BusinessError(
            "declaration.clients_total",
            f"Le total par client ({sum(c.amount for c in clients)} DH) doit égaler le chiffre d'affaires de "
            f"services ({services} DH).",
            field="clients",
        )
    if services and not clients and parameter("ae.same_client.threshold").at(period.end) is not None:
        raise BusinessError(
            "declaration.clients_required",
            "Détaillez le chiffre d'affaires de services par client (ICE ou CIN) : règle du même client.",
            field="clients",
        )
    return compute(
        period=period, goods=goods, services=services, clients={c.key: c.amount for c in clients},
        clients_before=_clients_before(registration, period),
    )  # fmt: skip


def _write(registration, period, goods, services, clients, computation, *, actor, version, amends, reason):
    on = today()
    declaration = Declaration.objects.create(
        receipt_number=number_next(RECEIPT, year=on.year), registration=registration,
        region_id=registration.region_id, year=period.year,
        periodicity=period.periodicity, period=period.number, period_end=period.end, version=version, amends=amends,
        turnover_goods=goods, turnover_services=services, tax_goods=computation.tax_goods,
        tax_services=computation.tax_services, withholding_base=computation.withholding_base,
        withholding=computation.withholding, contribution=computation.contribution,
        total_due=computation.total_due, rules=[r.__dict__ for r in computation.rules], due_date=period.due_date,
        submitted_at=clock.now(), is_late=on > period.due_date, reason=reason,
        submitted_by=stored_actor(actor),
    )  # fmt: skip
    ClientTurnover.objects.bulk_create(
        [ClientTurnover(declaration=declaration, client_kind=c.kind, client_id=c.identifier, amount=c.amount)
         for c in clients]
    )  # fmt: skip
    return declaration


def declaration_submit(
    *, actor, registration: Registration, period: Period, goods, services, clients: list[dict] | None = None
) -> Declaration:
    """Declare one period (a zero declaration too). A period already declared is refused: correct it instead."""
    require(can_declare(actor, registration))
    goods = amount(goods, field="turnover_goods", label=GOODS)
    services = amount(services, field="turnover_services", label=SERVICES)
    lines = clean_clients(clients or [])
    expected = periodicity_for(registration, period.year)
    if expected != period.periodicity:
        raise BusinessError(
            "declaration.periodicity",
            f"Votre périodicité pour {period.year} est « {Periodicity(expected).label} ».",
            field="period",
        )
    _check_period(registration, period, today())
    try:
        with transaction.atomic():
            if Declaration.objects.filter(
                registration=registration, year=period.year, periodicity=period.periodicity, period=period.number
            ).exists():
                raise Conflict(
                    "declaration.already_declared",
                    f"La période {period.label} est déjà déclarée : faites une rectification.",
                    field="period",
                )
            computation = _computation(registration, period, goods, services, lines)
            declaration = _write(
                registration, period, goods, services, lines, computation, actor=actor, version=1, amends=None,
                reason="",
            )  # fmt: skip
            audit_log(
                actor=actor, event_type=AuditEventType.DECLARATION_SUBMITTED, target=declaration,
                region=registration.region,
                after={"period": period.label, "turnover": declaration.turnover, "total_due": declaration.total_due},
            )  # fmt: skip
    except IntegrityError as exc:  # a simultaneous submission of the same period won
        raise Conflict(
            "declaration.already_declared",
            f"La période {period.label} est déjà déclarée : faites une rectification.",
            field="period",
        ) from exc
    return declaration


def declaration_amend(
    *, actor, declaration: Declaration, goods, services, clients: list[dict] | None = None, reason: str
) -> Declaration:
    """Correct a declaration: a new version becomes current, the previous one stays in the history."""
    registration = declaration.registration
    require(can_declare(actor, registration))
    if not (reason or "").strip():
        raise BusinessError("declaration.reason", "Indiquez le motif de la rectification.", field="reason")
    goods = amount(goods, field="turnover_goods", label=GOODS)
    services = amount(services, field="turnover_services", label=SERVICES)
    lines = clean_clients(clients or [])
    try:
        with transaction.atomic():
            previous = Declaration.objects.select_for_update().get(pk=declaration.pk)
            if not previous.is_current:
                raise Conflict(
                    "declaration.not_current", "Cette version a déjà été rectifiée : rectifiez la dernière version."
                )
            period = previous.period_obj
            computation = _computation(registration, period, goods, services, lines)
            Declaration.objects.filter(pk=previous.pk).update(is_current=False)
            new = _write(
                registration, period, goods, services, lines, computation, actor=actor,
                version=previous.version + 1, amends=previous, reason=reason.strip(),
            )  # fmt: skip
            audit_log(
                actor=actor, event_type=AuditEventType.DECLARATION_AMENDED, target=new, region=registration.region,
                before={"turnover": previous.turnover, "total_due": previous.total_due},
                after={"turnover": new.turnover, "total_due": new.total_due, "version": new.version},
                extra={"reason": reason.strip()},
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict("declaration.not_current", "Une autre rectification vient d'être enregistrée.") from exc
    return new


# --- Payments and balance -----------------------------------------------------------------------------------


def payment_record(
    *, actor, registration: Registration, amount_paid, channel: str, reference: str, paid_on: date
) -> Payment:
    require(can_record_payment(actor, registration))
    value = amount(amount_paid, field="amount", label="Montant payé")
    if not value:
        raise BusinessError("payment.amount", "Montant payé : un montant positif est attendu.", field="amount")
    if channel not in PaymentChannel.values:
        raise BusinessError("payment.channel", "Choisissez le canal de paiement.", field="channel")
    reference = (reference or "").strip()
    if not reference:
        raise BusinessError("payment.reference", "Indiquez la référence du paiement.", field="reference")
    inputs.day(paid_on, field="paid_on", label="Date du paiement", earliest=date(inputs.FIRST_YEAR, 1, 1))
    if paid_on > today():
        raise BusinessError("payment.date", "La date de paiement ne peut pas être future.", field="paid_on")
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                registration=registration, region_id=registration.region_id, amount=value, channel=channel,
                reference=reference[:40], paid_on=paid_on, recorded_by=stored_actor(actor),
            )  # fmt: skip
            audit_log(
                actor=actor, event_type=AuditEventType.PAYMENT_RECORDED, target=payment, region=registration.region,
                after={"amount": value, "channel": channel, "reference": reference},
            )  # fmt: skip
    except IntegrityError as exc:
        raise Conflict("payment.duplicate", f"Le paiement {reference} est déjà enregistré.", field="reference") from exc
    return payment


@dataclass
class Balance:
    due: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.paid


def balance(registration: Registration) -> Balance:
    due = registration.declarations.current().aggregate(total=Sum("total_due"))["total"] or ZERO
    paid = registration.payments.aggregate(total=Sum("amount"))["total"] or ZERO
    return Balance(due=money(due), paid=money(paid))


# --- Reminders ------------------------------------------------------------------------------------------------


def _recipient(registration: Registration) -> str:
    person = registration.person
    return person.email or (person.user.email if person.user is not None else "")


def declaration_reminders_send(*, actor, period: Period, region=None, progress: Progress | None = None) -> int:
    """E-mail every registration that has not declared ``period`` after its due date (within the actor's scope
    and ``region``), once per period. Returns how many were sent. Audited as one event."""
    from django.core.mail import send_mass_mail

    from .models import Reminder
    from .permissions import can_send_reminders
    from .selectors import missing_declarations

    require(can_send_reminders(actor, region))
    missing = missing_declarations(user=scope_of(actor), period=period, today=today()).select_related("person__user")
    if region is not None:
        missing = missing.filter(region=region)
    already = set(
        Reminder.objects.filter(year=period.year, periodicity=period.periodicity, period=period.number).values_list(
            "registration_id", flat=True
        )
    )
    messages, reminders = [], []
    if progress:
        progress("relances", 0, 0)
    for registration in missing:
        if registration.pk in already:
            continue
        address = _recipient(registration)
        reminders.append(
            Reminder(registration=registration, year=period.year, periodicity=period.periodicity,
                     period=period.number, sent_to=address)
        )  # fmt: skip
        if address:
            messages.append((
                f"Déclaration {period.label} non reçue — تصريح {period.label} لم يتوصل به",
                f"Bonjour {registration.person.full_name},\n\nNous n'avons pas reçu votre déclaration de chiffre "
                f"d'affaires pour la période {period.label} (inscription {registration.number}), attendue avant le "
                f"{period.due_date:%d/%m/%Y}. Même sans chiffre d'affaires, déclarez « 0 » sur votre espace "
                f"Moukawil.\n\nLe registre national de l'auto-entrepreneur",
                None, [address],
            ))  # fmt: skip
    with transaction.atomic():
        Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
        if reminders:
            audit_log(
                actor=actor, event_type=AuditEventType.DECLARATION_REMINDER_SENT, region=region,
                extra={"period": period.label, "count": len(reminders), "emails": len(messages)},
            )  # fmt: skip
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(reminders)


# --- Ceilings and striking off ----------------------------------------------------------------------------------


def strike_off_proposals_create(*, actor, year: int, progress: Progress | None = None) -> int:
    """For every registration over a ceiling in ``year - 1`` and ``year``: propose striking off from 1 January of
    ``year + 1`` and tell the auto-entrepreneur. Existing proposals are kept. Returns how many were created."""
    from django.core.mail import send_mass_mail

    from .models import StrikeOffProposal
    from .permissions import can_detect_ceilings
    from .selectors import over_ceiling

    require(can_detect_ceilings(actor))
    years = int(parameter("ae.ceiling.consecutive_years").required_at(date(year, 12, 31)))
    first_year = year - years + 1
    over: dict[int, dict] = {}  # registration → {year: totals}, kept only while every year is over
    for y in range(first_year, year + 1):
        if progress:
            progress("années", y - first_year, years)
        rows = {r["registration"]: r for r in over_ceiling(user=scope_of(actor), year=y)}
        if y == first_year:
            over = {k: {str(y): v} for k, v in rows.items()}
        else:
            over = {k: {**over[k], str(y): rows[k]} for k in over if k in rows}
    registrations = Registration.objects.filter(pk__in=over, status="active").select_related("person__user")
    existing = set(
        StrikeOffProposal.objects.filter(first_year=first_year, registration__in=registrations).values_list(
            "registration_id", flat=True
        )
    )
    effective = date(year + 1, 1, 1)
    created, messages = [], []
    for registration in registrations:
        if registration.pk in existing:
            continue
        totals = {
            y: {"goods": str(money(t["goods"])), "services": str(money(t["services"]))}
            for y, t in over[registration.pk].items()
        }
        created.append(
            StrikeOffProposal(registration=registration, region_id=registration.region_id, first_year=first_year,
                              totals=totals, effective_date=effective)
        )  # fmt: skip
        if address := _recipient(registration):
            messages.append((
                "Plafond de chiffre d'affaires dépassé deux années — سقف رقم المعاملات",
                f"Bonjour {registration.person.full_name},\n\nVotre chiffre d'affaires a dépassé le plafond du statut "
                f"en {first_year} et en {year}. La loi 114-13 prévoit la perte du statut d'auto-entrepreneur au "
                f"{effective:%d/%m/%Y}. Votre chambre examinera votre dossier ; vous pouvez lui écrire d'ici là.\n\n"
                f"Le registre national de l'auto-entrepreneur",
                None, [address],
            ))  # fmt: skip
    with transaction.atomic():
        StrikeOffProposal.objects.bulk_create(created)
        for proposal in created:
            audit_log(
                actor=actor, event_type=AuditEventType.STRIKE_OFF_PROPOSED, target=proposal.registration,
                region=proposal.registration.region, after={"first_year": first_year, "effective": effective},
            )  # fmt: skip
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return len(created)


def strike_off_proposal_decide(*, actor, proposal, confirm: bool, note: str = ""):
    """Confirm (the registration is struck off on the proposal's date, reason "ceiling") or dismiss with a note."""
    from django.core.mail import send_mail

    from moukawil.registry.enums import StrikeOffReason
    from moukawil.registry.services import registration_strike_off

    from .models import StrikeOffProposal
    from .permissions import can_decide_strike_off_proposal

    with transaction.atomic():
        proposal = (
            StrikeOffProposal.objects.select_for_update().select_related("registration__person").get(pk=proposal.pk)
        )
        # A confirmation strikes off through registration_strike_off, which checks the striking off itself.
        require(can_decide_strike_off_proposal(actor, proposal))
        if proposal.status != StrikeOffProposal.Status.PROPOSED:
            raise Conflict("proposal.decided", "Cette proposition a déjà été examinée.")
        if not confirm and not (note or "").strip():
            raise BusinessError("proposal.note", "Indiquez pourquoi la radiation est écartée.", field="note")
        if confirm:
            registration_strike_off(
                actor=actor, registration=proposal.registration, reason=StrikeOffReason.CEILING,
                effective_date=proposal.effective_date,
                note=f"Plafond dépassé en {proposal.first_year} et {proposal.second_year}. {note}".strip(),
            )  # fmt: skip
        proposal.status = StrikeOffProposal.Status.CONFIRMED if confirm else StrikeOffProposal.Status.DISMISSED
        proposal.note, proposal.decided_at, proposal.decided_by = note.strip(), clock.now(), actor
        proposal.save()
        audit_log(
            actor=actor, event_type=AuditEventType.STRIKE_OFF_PROPOSAL_DECIDED, target=proposal.registration,
            region=proposal.registration.region, after={"status": proposal.status, "note": proposal.note},
        )  # fmt: skip
        if address := _recipient(proposal.registration):
            verdict = (
                f"Votre radiation du registre prend effet le {proposal.effective_date:%d/%m/%Y}."
                if confirm
                else "Votre chambre a décidé de maintenir votre inscription."
            )
            transaction.on_commit(
                lambda: send_mail("Décision sur votre inscription — قرار بشأن تسجيلكم", verdict, None, [address])
            )
    return proposal
