"""The production topology starts from one command (the Procfile, as `make serve-prod` runs it) and answers.

gunicorn with several processes and a task worker, against the PostgreSQL test database; skipped on SQLite (the
production topology is PostgreSQL's; CI runs the suite on both)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process descended from ``pid``."""
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append((int(entry.name), cmdline))
                frontier.append(int(entry.name))
    return found


@pytest.mark.django_db(transaction=True)
def test_the_procfile_starts_gunicorn_workers_and_a_task_worker_that_answer(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the production topology runs on PostgreSQL (DATABASE_URL=postgres://…)")
    db = connection.settings_dict
    user = f"{db['USER']}:{db['PASSWORD']}" if db.get("PASSWORD") else db["USER"]
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update({
        "DATABASE_URL": f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "config.settings.prod", "SECRET_KEY": "t" * 60, "SECURE_SSL_REDIRECT": "0",
        "PORT": str(port), "WEB_CONCURRENCY": "2", "WEB_THREADS": "2", "TASK_WORKERS": "2",
        "CERTIFICATE_KEY_AUTOCREATE": "1", "CERTIFICATE_KEY_PATH": str(tmp_path / "key"),
        "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
    })  # fmt: skip
    runner = subprocess.Popen(
        [sys.executable, "scripts/procfile.py", "Procfile"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        health = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and runner.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5) as response:
                    health = json.loads(response.read())
                break
            except OSError:
                time.sleep(0.5)
        assert health is not None, "the server did not answer within a minute"
        assert health["status"] == "ok" and health["database"] == "postgresql"
        processes = [cmd for _pid, cmd in _children(runner.pid)]
        # one gunicorn master and its two worker processes, two task workers: separate processes, no thread
        assert sum("gunicorn" in cmd for cmd in processes) == 3, processes
        assert sum("moukawil worker" in cmd for cmd in processes) == 2, processes
    finally:
        runner.send_signal(signal.SIGTERM)
        output = runner.communicate(timeout=60)[0].decode()
    assert runner.returncode == 0, output[-3000:]
    assert "web" in output and "worker.2" in output
