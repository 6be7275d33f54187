import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from moukawil.accounts.models import ApiToken, User
from moukawil.accounts.services import api_token_authenticate

ROOT = Path(__file__).resolve().parent.parent


def test_the_console_script_lists_moukawil_commands():
    result = subprocess.run(
        [sys.executable, "-c", "from moukawil.cli import main; main(['moukawil', 'help'])"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for command in ("demo_data", "load_territory", "create_user", "create_token", "set_role"):
        assert command in result.stdout


@pytest.mark.django_db
def test_create_user_then_token(territory, capsys):
    call_command("create_user", "agent@ccis-fes.ma", "--role", "ccis_officer", "--region", "03")
    user = User.objects.get(email="agent@ccis-fes.ma")
    assert user.region.code == "03"
    call_command("create_token", "agent@ccis-fes.ma", "--name", "Tableur")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert api_token_authenticate(raw) == user
    assert ApiToken.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_cli_refusals_are_clear(territory):
    with pytest.raises(CommandError, match="rattaché à une région"):
        call_command("create_user", "agent@ccis.ma", "--role", "ccis_officer")
    with pytest.raises(CommandError, match="Région inconnue"):
        call_command("create_user", "agent@ccis.ma", "--role", "ccis_officer", "--region", "42")
    with pytest.raises(CommandError, match="--actor"):
        call_command("set_role", "agent@ccis.ma", "--role", "viewer")
    assert not User.objects.filter(email="agent@ccis.ma").exists()
