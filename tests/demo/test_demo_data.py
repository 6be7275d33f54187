import pytest
from django.core.management import call_command

from moukawil.accounts.enums import Role
from moukawil.accounts.models import User
from moukawil.core.models import AuditEvent
from moukawil.declarations.models import Declaration, Payment, StrikeOffProposal
from moukawil.demo.generator import DEMO_PASSWORD, demo_data_build
from moukawil.registry.models import Application, DuplicateSuspicion, Registration


@pytest.mark.django_db
def test_demo_data_gives_every_role_a_login_and_is_deterministic(territory, capsys):
    call_command("demo_data", "--scale", "small")
    out = capsys.readouterr().out
    assert "ccis.fes@demo.moukawil.ma" in out and DEMO_PASSWORD in out
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    officer = User.objects.get(email="ccis.fes@demo.moukawil.ma")
    assert officer.check_password(DEMO_PASSWORD) and officer.region.code == "03"
    assert User.objects.filter(role=Role.CCIS_OFFICER).values("region").distinct().count() == 12
    emails = sorted(User.objects.filter(role=Role.ENTREPRENEUR).values_list("email", flat=True))
    assert len(emails) == 62  # 60 generated + the demo entrepreneur + the Infitah TPE owner
    # Written through the services: each generated account has its audit row.
    assert AuditEvent.objects.filter(target_type="accounts.user").count() == User.objects.count()

    # The register shows files in the states an officer works with, and a registered demo entrepreneur.
    states = set(Application.objects.values_list("state", flat=True))
    assert {"submitted", "under_review", "info_requested", "approved", "rejected"} <= states
    assert Registration.objects.filter(person__user__email="entrepreneur@demo.moukawil.ma").exists()
    assert DuplicateSuspicion.objects.exists()

    # Files are spread over the years, through the same services (numbers follow their year).
    years = set(Registration.objects.values_list("year", flat=True))
    assert min(years) == 2019 and len(years) >= 6
    # Declarations: on time and late, amended, paid, one over the ceiling two years (proposed for striking off).
    assert Declaration.objects.filter(is_late=True).exists() and Declaration.objects.filter(version=2).exists()
    assert Payment.objects.exists() and Declaration.objects.filter(withholding__gt=0).exists()
    assert StrikeOffProposal.objects.filter(status="proposed").count() == 1
    own = Registration.objects.get(person__user__email="entrepreneur@demo.moukawil.ma")
    assert own.declarations.exists() and own.payments.exists()
    # Enterprises and programmes: the seed convention's closed editions, this year's calls with files at every step,
    # subsidies committed against Infitah's budget, services delivered, next year's call in preparation.
    from moukawil.enterprises.models import Enterprise
    from moukawil.programmes.models import Benefit, Call, ProgrammeApplication

    assert Enterprise.objects.filter(registration__isnull=False).exists()
    assert set(Call.objects.values_list("status", flat=True)) == {"draft", "published", "closed"}
    states = set(ProgrammeApplication.objects.values_list("state", flat=True))
    assert {"ineligible", "submitted", "under_review", "waiting_list", "accepted", "refused"} <= states
    assert Benefit.objects.filter(kind="subsidy").exists() and Benefit.objects.filter(kind="service").exists()
    infitah = Call.objects.get(programme__code="infitah", status="published")
    # The flat commitments of accepted applications and the pack orders holding their subsidy share one budget.
    from moukawil.infitah.models import PackOrder

    holding = sum(o.subsidy for o in PackOrder.objects.holding().filter(call=infitah))
    assert infitah.committed == sum(b.amount for b in Benefit.objects.filter(application__call=infitah)) + holding
    # Infitah: orders at every step, both banks' decisions, the lapse of an unused order.
    assert set(PackOrder.objects.values_list("state", flat=True)) == {
        "ordered",
        "financed",
        "not_financed",
        "delivered",
        "received",
        "cancelled",
        "lapsed",
    }
    from moukawil.infitah.models import FinancingRequest

    assert FinancingRequest.objects.filter(state="approved").values("bank").distinct().count() == 2

    # The seed's conventions, their progress computed from the demo's register and programmes, the summaries built.
    from moukawil.conventions.models import Convention
    from moukawil.conventions.selectors import convention_progress
    from moukawil.indicators.models import Figure

    fes_anpme = Convention.objects.get(title__startswith="Convention de partenariat CCIS Fès-Meknès")
    assert fes_anpme.state == "in_execution" and fes_anpme.commitments.count() == 8
    rural = [p for p in convention_progress(fes_anpme) if p.commitment.programme == "promotion-tpme-rurale"]
    assert all(p.value and p.value > 0 for p in rural)
    assert Convention.objects.count() == 3 and Figure.objects.exists()

    # A second run adds nothing, and the same seed gives the same people.
    demo_data_build(scale="small")
    assert Convention.objects.count() == 3
    assert sorted(User.objects.filter(role=Role.ENTREPRENEUR).values_list("email", flat=True)) == emails


@pytest.mark.django_db
def test_an_unknown_scale_is_refused(territory):
    with pytest.raises(ValueError, match="Échelle inconnue"):
        demo_data_build(scale="énorme")
