import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from config.settings.base import database_from_env

ROOT = Path(__file__).resolve().parent.parent


def test_database_url_selects_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://moukawil:secret@db.internal:5432/moukawil")
    config = database_from_env()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "moukawil"


def test_postgresql_prepares_statements_unless_turned_off(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://moukawil:secret@db.internal:5432/moukawil")
    options = database_from_env()["OPTIONS"]
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 2
    monkeypatch.setenv("DB_PREPARED_STATEMENTS", "0")  # a transaction-mode PgBouncer
    assert "server_side_binding" not in database_from_env()["OPTIONS"]


@pytest.mark.django_db
def test_a_query_repeated_on_a_postgresql_connection_is_planned_once():
    """The register's lists are planned once per connection, not at every request (docs/benchmarks.md)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from moukawil.registry.models import Application

    for _ in range(3):
        list(Application.objects.filter(reference="DEM-2026-000001").values("reference"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "registry_application"' in sql and "$1" in sql for sql in prepared), prepared


def test_sqlite_is_the_default_with_wal_and_immediate_transactions(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


@pytest.mark.django_db
def test_the_live_sqlite_connection_is_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def _run_prod(env_extra, *args):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_check():
    result = _run_prod(
        {"SECRET_KEY": "k" * 20 + "-0123456789-abcdefghij-ABCDEFGHIJ-!@#$%", "ALLOWED_HOSTS": "moukawil.ma"},
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_prod({}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY doit être défini" in result.stderr


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_outbound_network_is_blocked_during_tests():
    import socket

    from pytest_socket import SocketConnectBlockedError

    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def test_an_undefined_template_variable_fails_the_test():
    from django.template import Context, Template

    with pytest.raises(pytest.fail.Exception, match="no_such_variable"):
        Template("{{ no_such_variable }}").render(Context())
