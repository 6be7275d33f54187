from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from moukawil.core.enums import AuditEventType
from moukawil.core.errors import BusinessError, Conflict
from moukawil.core.models import AuditEvent
from moukawil.declarations.models import Declaration
from moukawil.declarations.periods import Period
from moukawil.declarations.services import (
    balance,
    declaration_amend,
    declaration_submit,
    payment_record,
    periodicity_choose,
    periodicity_for,
)

CLIENT = [{"kind": "ice", "identifier": "001561191000066", "amount": "12000"}]


def test_a_payment_cashed_late_on_the_last_day_lands_in_that_quarter():
    casablanca = ZoneInfo("Africa/Casablanca")
    assert Period.containing(datetime(2024, 6, 30, 23, 30, tzinfo=casablanca), "quarterly") == Period(
        2024, "quarterly", 2
    )
    # 23:30 UTC is already 1 July in Morocco (UTC+1).
    assert Period.containing(datetime(2024, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC")), "quarterly") == Period(
        2024, "quarterly", 3
    )
    assert Period.containing(date(2024, 12, 31), "monthly") == Period(2024, "monthly", 12)


@pytest.mark.django_db
def test_a_declaration_computes_tax_and_contribution_and_is_audited(registration, applicant_user):
    declaration = declaration_submit(
        actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 1), goods="0",
        services="12000", clients=CLIENT,
    )  # fmt: skip
    assert declaration.tax_services == Decimal("120.00")
    assert declaration.contribution == Decimal("300")
    assert declaration.total_due == Decimal("420.00")
    assert declaration.due_date == date(2024, 4, 30)
    assert declaration.is_late  # declared in 2026 for 2024
    assert {r["code"] for r in declaration.rules} >= {"ae.tax_rate.services", "ae.amo.brackets"}
    assert AuditEvent.objects.for_target(declaration).filter(event_type=AuditEventType.DECLARATION_SUBMITTED).exists()


@pytest.mark.django_db
def test_a_zero_declaration_is_accepted(registration, applicant_user):
    declaration = declaration_submit(
        actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 2), goods="", services="0"
    )
    assert declaration.is_zero and declaration.tax == 0 and declaration.contribution == 300


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"goods": "-5"}, "turnover_goods", "positif ou nul"),
        ({"goods": "12,345"}, "turnover_goods", "deux décimales"),
        ({"goods": "abc"}, "turnover_goods", "montant invalide"),
        ({"services": "5000", "clients": []}, "clients", "par client"),
        ({"services": "5000", "clients": [{"kind": "ice", "identifier": "123", "amount": "5000"}]}, "clients", "ICE"),
        ({"services": "5000", "clients": [{"kind": "cin", "identifier": "BK1", "amount": "5000"}]}, "clients", "CIN"),
        ({"services": "5000", "clients": CLIENT}, "clients", "doit égaler"),
        ({"period": Period(2021, "quarterly", 4)}, "period", "précède votre inscription"),
        ({"period": Period(2099, "quarterly", 1)}, "period", "pas terminée"),
        ({"period": Period(2024, "monthly", 1)}, "period", "Trimestrielle"),
    ],
)
def test_bad_declarations_name_their_field_and_write_nothing(registration, applicant_user, change, field, message):
    data = {"period": Period(2024, "quarterly", 1), "goods": "100", "services": "0", "clients": [], **change}
    with pytest.raises(BusinessError, match=message) as refused:
        declaration_submit(actor=applicant_user, registration=registration, **data)
    assert refused.value.field == field
    assert not Declaration.objects.exists()


@pytest.mark.django_db
def test_a_period_is_declared_once_then_amended_with_its_history(registration, applicant_user):
    period = Period(2024, "quarterly", 3)
    first = declaration_submit(actor=applicant_user, registration=registration, period=period, goods="0", services="0")
    with pytest.raises(Conflict, match="déjà déclarée"):
        declaration_submit(actor=applicant_user, registration=registration, period=period, goods="5", services="0")
    with pytest.raises(BusinessError, match="motif"):
        declaration_amend(actor=applicant_user, declaration=first, goods="0", services="0", reason=" ")
    second = declaration_amend(
        actor=applicant_user,
        declaration=first,
        goods="0",
        services="12000",
        clients=CLIENT,
        reason="Oubli d'une facture",
    )
    assert (second.version, second.amends_id, second.is_current) == (2, first.pk, True)
    first.refresh_from_db()
    assert not first.is_current
    with pytest.raises(Conflict, match="déjà été rectifiée"):
        declaration_amend(actor=applicant_user, declaration=first, goods="1", services="0", reason="x")
    assert Declaration.objects.current().get().total_due == Decimal("420.00")
    assert balance(registration).due == Decimal("420.00")


@pytest.mark.django_db
def test_the_same_client_threshold_counts_the_years_earlier_periods(registration, applicant_user):
    lines = [{"kind": "ice", "identifier": "001561191000066", "amount": "50000"}]
    for number in (1, 2):
        declaration = declaration_submit(
            actor=applicant_user, registration=registration, period=Period(2024, "quarterly", number), goods="0",
            services="50000", clients=lines,
        )  # fmt: skip
    assert declaration.withholding_base == Decimal("20000.00")  # 100,000 DH in the year: 20,000 above 80,000
    assert declaration.withholding == Decimal("6000.00")


@pytest.mark.django_db
def test_others_cannot_declare_for_an_entrepreneur(registration, officer_casa, officer_fes, entrepreneur):
    period = Period(2024, "quarterly", 1)
    for outsider in (officer_casa, entrepreneur):
        with pytest.raises(PermissionDenied):
            declaration_submit(actor=outsider, registration=registration, period=period, goods="0", services="0")
    assert declaration_submit(actor=officer_fes, registration=registration, period=period, goods="0", services="0")


@pytest.mark.django_db
def test_a_periodicity_change_applies_from_next_year(registration, applicant_user):
    this_year = timezone.localdate().year
    choice = periodicity_choose(actor=applicant_user, registration=registration, periodicity="monthly")
    assert choice.effective_year == this_year + 1
    assert periodicity_for(registration, this_year) == "quarterly"
    assert periodicity_for(registration, this_year + 1) == "monthly"
    with pytest.raises(BusinessError, match="mensuelle ou trimestrielle"):
        periodicity_choose(actor=applicant_user, registration=registration, periodicity="weekly")


@pytest.mark.django_db
def test_payments_reduce_the_balance_and_are_recorded_once(registration, applicant_user, agency_officer):
    declaration_submit(
        actor=applicant_user, registration=registration, period=Period(2024, "quarterly", 1), goods="0",
        services="12000", clients=CLIENT,
    )  # fmt: skip
    payment_record(
        actor=agency_officer, registration=registration, amount_paid="400", channel="online", reference="PAY-1",
        paid_on=date(2024, 4, 20),
    )  # fmt: skip
    assert balance(registration).outstanding == Decimal("20.00")
    with pytest.raises(Conflict, match="déjà enregistré"):
        payment_record(
            actor=agency_officer, registration=registration, amount_paid="400", channel="online", reference="PAY-1",
            paid_on=date(2024, 4, 20),
        )  # fmt: skip
    with pytest.raises(BusinessError, match="positif") as refused:
        payment_record(
            actor=agency_officer, registration=registration, amount_paid="0", channel="online", reference="PAY-2",
            paid_on=date(2024, 4, 20),
        )  # fmt: skip
    assert refused.value.field == "amount"
    with pytest.raises(PermissionDenied):
        payment_record(
            actor=applicant_user, registration=registration, amount_paid="10", channel="online", reference="PAY-3",
            paid_on=date(2024, 4, 20),
        )  # fmt: skip
    assert balance(registration).paid == Decimal("400")
