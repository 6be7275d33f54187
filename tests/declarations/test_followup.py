"""Recomputation, missing declarations and reminders, ceilings and striking off, statistics, receipts."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from moukawil.core.errors import BusinessError, Conflict
from moukawil.declarations.calculation import compute
from moukawil.declarations.models import Declaration, Reminder, StrikeOffProposal
from moukawil.declarations.pdf import receipt_pdf
from moukawil.declarations.periods import Period
from moukawil.declarations.recompute import declarations_recompute
from moukawil.declarations.selectors import declaration_statistics, missing_declarations
from moukawil.declarations.services import (
    declaration_reminders_send,
    declaration_submit,
    strike_off_proposal_decide,
    strike_off_proposals_create,
)
from moukawil.registry.enums import RegistrationStatus

CLIENT_ICE = "001561191000066"


def declare(registration, actor, year, number, goods="0", services="0"):
    clients = [{"kind": "ice", "identifier": CLIENT_ICE, "amount": services}] if Decimal(services) else []
    return declaration_submit(
        actor=actor, registration=registration, period=Period(year, "quarterly", number), goods=goods,
        services=services, clients=clients,
    )  # fmt: skip


@pytest.mark.django_db
def test_recomputing_restores_the_rules_amounts_and_changes_nothing_twice(registration, applicant_user, agency_officer):
    rng = random.Random(7)
    for number in range(1, 5):
        declare(registration, applicant_user, 2024, number, goods=f"{rng.randint(0, 90000)}.{rng.randint(0, 99):02d}",
                services=f"{rng.randint(0, 40000)}.{rng.randint(0, 99):02d}")  # fmt: skip
    expected = {
        d.pk: (d.tax_goods, d.tax_services, d.withholding, d.contribution, d.total_due)
        for d in Declaration.objects.all()
    }
    Declaration.objects.update(tax_goods=0, tax_services=0, contribution=0, total_due=0, withholding=0)
    assert declarations_recompute(actor=agency_officer, year=2024) == 4
    again = {
        d.pk: (d.tax_goods, d.tax_services, d.withholding, d.contribution, d.total_due)
        for d in Declaration.objects.all()
    }
    assert again == expected
    declarations_recompute(actor=agency_officer, year=2024)
    assert {d.pk: d.total_due for d in Declaration.objects.all()} == {k: v[4] for k, v in expected.items()}


@pytest.mark.django_db
def test_recomputation_matches_the_python_rules_at_rounding_edges(registration, applicant_user, agency_officer):
    edges = ["0.01", "1.00", "0.99", "3.00", "199.99", "1000.01", "99999.99"]
    for number, value in enumerate(edges[:4], start=1):
        declare(registration, applicant_user, 2024, number, goods=value, services=edges[-number])
    Declaration.objects.update(total_due=0)
    declarations_recompute(actor=agency_officer, year=2024)
    for d in Declaration.objects.all():
        reference = compute(period=d.period_obj, goods=d.turnover_goods, services=d.turnover_services,
                            withholding_base=d.withholding_base)  # fmt: skip
        assert (d.tax_goods, d.tax_services, d.contribution, d.total_due) == (
            reference.tax_goods,
            reference.tax_services,
            reference.contribution,
            reference.total_due,
        )


@pytest.mark.django_db
def test_missing_declarations_are_listed_by_region_and_reminded_once(
    registration, applicant_user, officer_fes, officer_casa, mailoutbox, django_capture_on_commit_callbacks
):
    q1, q2 = Period(2025, "quarterly", 1), Period(2025, "quarterly", 2)
    declare(registration, applicant_user, 2025, 1)
    today = date(2026, 11, 23)
    assert list(missing_declarations(user=officer_fes, period=q1, today=today)) == []
    assert list(missing_declarations(user=officer_fes, period=q2, today=today)) == [registration]
    assert list(missing_declarations(user=officer_casa, period=q2, today=today)) == []
    assert list(missing_declarations(user=officer_fes, period=q2, today=date(2025, 7, 15))) == []  # not due yet
    registration.person.email = "salarie@exemple.ma"
    registration.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert declaration_reminders_send(actor=officer_fes, period=q2) == 1
    assert declaration_reminders_send(actor=officer_fes, period=q2) == 0
    assert Reminder.objects.count() == 1
    assert len(mailoutbox) == 1 and "T2 2025" in mailoutbox[0].subject


@pytest.mark.django_db
def test_two_years_over_the_ceiling_propose_striking_off_which_an_officer_confirms(
    registration, applicant_user, officer_fes, officer_casa, mailoutbox, django_capture_on_commit_callbacks
):
    registration.person.email = "salarie@exemple.ma"
    registration.person.save()
    for year in (2024, 2025):
        declare(registration, applicant_user, year, 1, services="150000")
        declare(registration, applicant_user, year, 2, services="60000")  # 210,000 > 200,000 services ceiling
    with django_capture_on_commit_callbacks(execute=True):
        assert strike_off_proposals_create(actor=officer_fes, year=2025) == 1
    assert strike_off_proposals_create(actor=officer_fes, year=2025) == 0
    proposal = StrikeOffProposal.objects.get()
    assert (proposal.first_year, proposal.effective_date) == (2024, date(2026, 1, 1))
    assert proposal.totals["2025"]["services"] == "210000.00"
    assert "2024" in mailoutbox[0].body and "2025" in mailoutbox[0].body
    with pytest.raises(PermissionDenied):
        strike_off_proposal_decide(actor=officer_casa, proposal=proposal, confirm=True)
    with pytest.raises(BusinessError, match="pourquoi"):
        strike_off_proposal_decide(actor=officer_fes, proposal=proposal, confirm=False)
    with django_capture_on_commit_callbacks(execute=True):
        strike_off_proposal_decide(actor=officer_fes, proposal=proposal, confirm=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.STRUCK_OFF
    assert (registration.struck_off_on, registration.strike_off_reason) == (date(2026, 1, 1), "ceiling")
    with pytest.raises(Conflict):
        strike_off_proposal_decide(actor=officer_fes, proposal=proposal, confirm=True)
    assert "radiation" in mailoutbox[-1].body


@pytest.mark.django_db
def test_one_year_over_the_ceiling_proposes_nothing(registration, applicant_user, officer_fes):
    declare(registration, applicant_user, 2025, 1, goods="600000")
    declare(registration, applicant_user, 2024, 1, goods="100000")
    assert strike_off_proposals_create(actor=officer_fes, year=2025) == 0


@pytest.mark.django_db
def test_yearly_statistics_by_region_category_and_gender(registration, applicant_user, officer_casa, agency_officer):
    declare(registration, applicant_user, 2024, 1, goods="10000", services="5000")
    declare(registration, applicant_user, 2024, 2, goods="0")
    stats = declaration_statistics(user=agency_officer, year=2024)
    assert stats["total"]["declarants"] == 1 and stats["total"]["declarations"] == 2
    assert stats["total"]["turnover"] == Decimal("15000")
    assert stats["total"]["tax"] == Decimal("100.00")  # 0.5 % of 10,000 + 1 % of 5,000
    assert stats["by_region"][0]["key"] == registration.region.code
    assert stats["by_gender"][0]["key"] == "M"
    assert declaration_statistics(user=officer_casa, year=2024)["total"]["declarations"] == 0


@pytest.mark.django_db
def test_the_receipt_is_a_pdf_with_the_amounts(registration, applicant_user):
    declaration = declare(registration, applicant_user, 2024, 1, goods="1000")
    pdf = receipt_pdf(declaration, "http://testserver/verifier/recu/x/", "http://testserver")
    assert pdf.startswith(b"%PDF")
    assert b"Accus" in pdf or len(pdf) > 5000


@pytest.mark.django_db
def test_sql_recomputation_equals_the_python_rules_on_random_declarations(registration, agency_officer):
    """The set-based UPDATE (integer centimes) and calculation.compute (Decimal) agree to the centime."""
    rng = random.Random(11)
    rows = []
    periods = [Period(y, p, n) for y in (2019, 2022, 2024) for p, count in (("monthly", 12), ("quarterly", 4))
               for n in range(1, count + 1)]  # fmt: skip
    for period in periods:
        year, periodicity, number = period.year, period.periodicity, period.number
        services = Decimal(rng.randint(0, 9_999_999)) / 100
        rows.append(Declaration(
            registration=registration, region=registration.region, year=year, periodicity=periodicity,
            period=number, period_end=period.end, version=1, is_current=True,
            turnover_goods=Decimal(rng.randint(0, 99_999_999)) / 100, turnover_services=services,
            withholding_base=(services / 3).quantize(Decimal("0.01")) if rng.random() < 0.3 else Decimal(0),
            due_date=period.due_date, submitted_at=timezone.now(),
        ))  # fmt: skip
    Declaration.objects.bulk_create(rows)
    for year in (2019, 2022, 2024):
        declarations_recompute(actor=agency_officer, year=year)
    for d in Declaration.objects.all():
        expected = compute(period=d.period_obj, goods=d.turnover_goods, services=d.turnover_services,
                           withholding_base=d.withholding_base)  # fmt: skip
        got = (d.tax_goods, d.tax_services, d.withholding, d.contribution, d.total_due)
        assert got == (expected.tax_goods, expected.tax_services, expected.withholding, expected.contribution,
                       expected.total_due), (d.year, d.periodicity, d.turnover_goods, d.turnover_services)  # fmt: skip
    # The statement of a year writes only that year's rules; the one with every dated segment as CASEs (what a rule
    # changing within a year needs) gives the same amounts.
    columns = ("tax_goods", "tax_services", "withholding", "contribution", "total_due")
    pruned = sorted(Declaration.objects.values_list("pk", *columns))
    from django.db import connection

    from moukawil.declarations.recompute import recompute_sql

    with connection.cursor() as cursor:
        for year in (2019, 2022, 2024):
            cursor.execute(recompute_sql(connection.vendor), [year])
    assert sorted(Declaration.objects.values_list("pk", *columns)) == pruned


@pytest.mark.django_db
def test_who_must_declare_a_period_follows_each_ones_latest_periodicity_choice(fes, activities, agency_officer):
    """2025: A made no choice (quarterly), B chose monthly from 2025, C monthly from 2024 then quarterly from 2025,
    D monthly only from 2027 — so the first quarter of 2025 is owed by A, C and D, January 2025 by B alone."""
    from moukawil.declarations.models import PeriodicityChoice
    from tests.indicators.rows import make_registrations

    a, b, c, d = make_registrations(fes, date(2023, 5, 2), 4)
    PeriodicityChoice.objects.bulk_create([
        PeriodicityChoice(registration=b, periodicity="monthly", effective_year=2025),
        PeriodicityChoice(registration=c, periodicity="monthly", effective_year=2024),
        PeriodicityChoice(registration=c, periodicity="quarterly", effective_year=2025),
        PeriodicityChoice(registration=d, periodicity="monthly", effective_year=2027),
    ])  # fmt: skip
    today = date(2025, 12, 1)
    quarter = missing_declarations(user=agency_officer, period=Period(2025, "quarterly", 1), today=today)
    january = missing_declarations(user=agency_officer, period=Period(2025, "monthly", 1), today=today)
    assert set(quarter) == {a, c, d}
    assert set(january) == {b}
    assert set(missing_declarations(user=agency_officer, period=Period(2024, "monthly", 1), today=today)) == {c}
