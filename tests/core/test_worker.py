"""The worker as it runs in production: a separate process on the test database (SQLite file or PostgreSQL),
killed with SIGKILL in the middle of a register import, then started again — the rows end as after a run that was
never interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from moukawil.core.models import AuditEvent, Job
from moukawil.core.tasks import job_run
from moukawil.registry.imports import import_job_create, import_job_start
from moukawil.registry.models import Application, ApplicationTransition, DuplicateSuspicion, Person, Registration

ROOT = Path(__file__).resolve().parents[2]
ROWS = int(os.environ.get("KILL_ROWS", "8000"))


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(*args: str) -> subprocess.Popen:
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "0",
        "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT), "TASKS_BACKEND": "database",
    }  # fmt: skip
    command = [sys.executable, str(ROOT / "manage.py"), "worker", "--interval", "0.1", "-v", "0", *args]
    # Its own process group: SIGKILL reaches the import's reader process too, as when a machine goes down.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def _wait(predicate, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, list(Job.objects.values("pk", "status", "started_at", "finished_at"))
        time.sleep(0.05)


def _snapshot() -> dict:
    return {
        "people": sorted(Person.objects.values_list("identity_kind", "cin", "first_name", "last_name", "birth_date")),
        "applications": sorted(Application.objects.values_list("reference", "person__cin", "state", "import_key")),
        "transitions": sorted(ApplicationTransition.objects.values_list("application__reference", "to_state")),
        "registrations": sorted(Registration.objects.values_list("number", "person__cin")),
        "duplicates": DuplicateSuspicion.objects.count(),
        "audit": sorted((e.event_type, json.dumps(e.extra, sort_keys=True)) for e in AuditEvent.objects.all()),
    }


def _import(path: Path, actor):
    imported = import_job_create(
        actor=actor, uploaded_file=SimpleUploadedFile(path.name, path.read_bytes()), mode="valid_only"
    )
    import_job_start(imported)  # autocommit: queued at once
    return imported.job


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_nothing_and_the_next_one_reaches_the_same_rows(
    tmp_path, activities, agency_officer, settings
):
    from bench.import_register import empty_register, generate

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}  # as in production
    path = tmp_path / f"guichet-{time.time_ns()}.csv"  # a name no other test stored: both runs store it as is
    generate(ROWS, path)

    # An uninterrupted run (the worker's task, in this process), timed.
    job = import_job_create(
        actor=agency_officer, uploaded_file=SimpleUploadedFile(path.name, path.read_bytes()), mode="valid_only"
    ).job
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.report["created"] == ROWS, job.error
    expected = _snapshot()
    assert len(expected["applications"]) == ROWS
    job_one = job
    job.registry_import.file.delete(save=False)  # the same stored name for the second upload
    empty_register()

    # The same import, its worker killed half-way.
    job = _import(path, agency_officer)
    worker = _worker()
    if connection.vendor == "postgresql":  # the import's progress is seen while its transaction is open
        _wait(lambda: Job.objects.get(pk=job.pk).done > 0)
    else:  # one writer: the progress is written at the end; a quarter of the first run's time
        _wait(lambda: Job.objects.get(pk=job.pk).status == Job.Status.RUNNING)
        time.sleep((job_one.finished_at - job_one.started_at).total_seconds() / 4)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.attempts == 1
    assert not Application.objects.exists() and not Person.objects.exists()  # the transaction died with it
    assert not AuditEvent.objects.exists()

    # The next worker takes it back and runs it again.
    worker = _worker("--batch")
    assert worker.wait(timeout=60) == 0
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
    assert _snapshot() == expected
