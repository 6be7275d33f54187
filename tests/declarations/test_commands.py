import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from moukawil.declarations.models import Declaration, Reminder
from moukawil.declarations.periods import Period
from moukawil.declarations.services import declaration_submit


@pytest.mark.django_db
def test_cli_recomputes_a_year_and_reminds_missing_periods(registration, applicant_user, capsys):
    declaration_submit(
        actor=applicant_user, registration=registration, period=Period(2025, "quarterly", 1), goods="1000",
        services="0",
    )  # fmt: skip
    Declaration.objects.update(total_due=0)
    call_command("recompute_declarations", "2025")
    assert "1 déclaration(s) de 2025 recalculée(s)" in capsys.readouterr().out
    assert Declaration.objects.get().total_due == 305  # 5 DH of tax + 300 DH of AMO
    Declaration.objects.update(total_due=0)
    call_command("recompute_declarations", "2025", "--period", "2")
    assert "0 déclaration(s) de T2 2025 recalculée(s)" in capsys.readouterr().out
    call_command("recompute_declarations", "2025", "--period", "1")
    assert "1 déclaration(s) de T1 2025 recalculée(s)" in capsys.readouterr().out
    assert Declaration.objects.get().total_due == 305
    Declaration.objects.update(total_due=0)
    call_command("recompute_declarations", "2025", "--background", "--wait")  # a job of the task engine
    out = capsys.readouterr().out
    assert "/taches/" in out and "1 déclaration(s) recalculée(s)." in out
    assert Declaration.objects.get().total_due == 305
    with pytest.raises(CommandError, match="invalide"):
        call_command("recompute_declarations", "2025", "--period", "7")
    call_command("send_declaration_reminders", "2025", "2")
    assert "1 relance(s) envoyée(s) pour T2 2025" in capsys.readouterr().out
    assert Reminder.objects.filter(period=2).count() == 1
    with pytest.raises(CommandError, match="invalide"):
        call_command("send_declaration_reminders", "2025", "5")
    call_command("propose_strike_offs", "2025")
    assert "0 proposition(s)" in capsys.readouterr().out
