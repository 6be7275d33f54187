"""The task engine: every piece of long work (imports, reminders, detection, recomputation) is a ``Job`` row that
pages show, run by one django-tasks task (``job_task``) in ``moukawil worker`` — never in the web process.

- A capability declares a *kind* once: ``@job_kind("registry.import", label=…)`` on ``run(job, progress) -> report``
  in its ``tasks.py`` (found at start-up). ``job_create`` + ``job_enqueue`` start one; the page polls the row.
- ``progress(phase, done, total)`` is written **outside the work's own transaction**, so that the page sees it
  while the work's transaction is still open: on PostgreSQL through a connection of its own; on SQLite, whose one
  writer is the work itself, in a small database file beside the main one (``ProgressFile``), read back over the
  job's row by ``job_live`` (docs/adr/0011).
- A business refusal (``BusinessError``) fails the job with its French message, at once. Any other error is tried
  again, ``TASKS_MAX_ATTEMPTS`` times in all. A worker killed mid-way leaves the work's transaction rolled back; the
  next worker to start takes the job back (``jobs_recover``) and runs it again: every kind reaches the same end
  state when rerun (imports skip rows already imported, reminders and proposals are made once).

The backport ``django_tasks`` is imported here only: with Django 6 this import becomes ``django.tasks``.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from . import policy
from .audit import stored_actor
from .errors import BusinessError
from .models import Job
from .permissions import require
from .tabular import Progress

logger = logging.getLogger(__name__)

Run = Callable[[Job, Progress], dict]
RETRY_DELAY = timedelta(seconds=10)  # before an attempt that follows an unexpected error


@dataclass(frozen=True)
class Kind:
    code: str
    label: Any  # lazy French text
    run: Run
    action: policy.Action  # who may start one (the work's services check again when it runs)
    summary: Callable[[dict], str] | None = None  # the report in one sentence, for the job's page


KINDS: dict[str, Kind] = {}


def job_kind(
    code: str, *, label, action: policy.Action, summary: Callable[[dict], str] | None = None
) -> Callable[[Run], Run]:
    """Declare a kind of job: ``run(job, progress)`` does the work and returns the report (JSON); ``action`` is the
    policy's action a user needs to start one."""

    def register(run: Run) -> Run:
        KINDS[code] = Kind(code, label, run, action, summary)
        return run

    return register


def job_label(job: Job) -> str:
    kind = KINDS.get(job.kind)
    return str(kind.label) if kind else job.kind


def job_summary(job: Job) -> str:
    kind = KINDS.get(job.kind)
    return kind.summary(job.report) if kind and kind.summary and job.status == Job.Status.DONE else ""


def job_create(*, kind: str, actor, params: dict | None = None, file=None, region=None) -> Job:
    """The job's row, pending; ``job_enqueue`` hands it to the workers. Refused (nothing written) to whom the policy
    does not allow the kind's action in ``region``; the work's services check again when it runs."""
    if kind not in KINDS:
        raise ValueError(f"Unknown job kind {kind!r}")
    require(policy.decide(actor, KINDS[kind].action, policy.Subject(region_id=getattr(region, "pk", region))))
    created_by = stored_actor(actor)
    return Job.objects.create(kind=kind, params=params or {}, file=file or "", region=region, created_by=created_by)


def _runs_inline() -> bool:
    return isinstance(job_task.get_backend(), ImmediateBackend)


def job_enqueue(job: Job, *, delay: timedelta | None = None) -> Job:
    """Queue the job once the current transaction commits (a worker must find the row); at once in inline mode."""

    def send() -> None:
        queued = job_task
        if delay and job_task.get_backend().supports_defer:
            queued = job_task.using(run_after=timezone.now() + delay)
        result = queued.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    if _runs_inline():
        send()
    else:
        transaction.on_commit(send)
    return job


@task()
def job_task(job_id: int) -> str:
    """The one django-tasks task: run the job and return its final status."""
    return job_run(job_id)


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_run(job_id: int) -> str:
    """Run one attempt of a job to its end (called by the worker through ``job_task``)."""
    now = timezone.now()
    # Claimed only from "pending": a task delivered twice runs once (the other delivery finds it running or over).
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.PENDING).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, worker=_worker_name(), started_at=now,
        heartbeat_at=now, phase="", done=0, error="",
    )  # fmt: skip
    job = Job.objects.select_related("created_by", "region").get(pk=job_id)
    if not claimed:
        return job.status
    progress = _ProgressWriter(job.pk)
    try:
        report = KINDS[job.kind].run(job, progress)
    except BusinessError as refusal:
        return _finish(job, Job.Status.FAILED, error=refusal.message)
    except PermissionDenied as refusal:  # the service's own check, run again by the worker
        return _finish(job, Job.Status.FAILED, error=str(refusal))
    except Exception as exc:
        logger.exception("Job %s (%s), attempt %s, failed", job.pk, job.kind, job.attempts)
        error = f"Erreur inattendue : {exc}"
        if job.attempts >= settings.TASKS_MAX_ATTEMPTS:
            return _finish(job, Job.Status.FAILED, error=error)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.PENDING, error=error, worker="")
        job_enqueue(job, delay=RETRY_DELAY * job.attempts)
        return Job.Status.PENDING
    finally:
        progress.close()
    return _finish(job, Job.Status.DONE, report=report)


def _finish(job: Job, status: str, *, report: dict | None = None, error: str = "") -> str:
    Job.objects.filter(pk=job.pk).update(
        status=status, report=report or {}, error=error, finished_at=timezone.now(), phase="", worker=""
    )
    ProgressFile.forget(job.pk)
    return status


class ProgressFile:
    """SQLite: the progress of running jobs in a database file of its own beside the main one (``<name>-progress``).

    SQLite has one writer at a time, and a job's work holds it for its whole transaction: its progress written to
    the job's row would wait for the end (a second connection to the same file blocks; inside the transaction it
    is invisible). A separate file has its own lock: the worker writes there at once, the pages read it there
    (``job_live``). It holds one row per running job, removed when the job ends; losing it loses nothing but a
    progress bar. PostgreSQL does not use it (its own connection writes the job's row)."""

    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS job_progress (job_id INTEGER PRIMARY KEY, phase TEXT NOT NULL, done INTEGER NOT "
        "NULL, total INTEGER NOT NULL, at TEXT NOT NULL)"
    )

    @staticmethod
    def path() -> str | None:
        if connection.vendor != "sqlite":
            return None
        name = str(connection.settings_dict["NAME"])
        return None if name == ":memory:" or name.startswith("file:") else f"{name}-progress"

    @classmethod
    def _open(cls) -> sqlite3.Connection | None:
        path = cls.path()
        if path is None:
            return None
        side = sqlite3.connect(path, timeout=2, isolation_level=None)
        side.execute("PRAGMA journal_mode=WAL")
        side.execute(cls._SCHEMA)
        return side

    @classmethod
    def write(cls, job_id: int, phase: str, done: int, total: int, at) -> None:
        side = cls._open()
        if side is None:
            return
        try:
            side.execute("INSERT OR REPLACE INTO job_progress VALUES (?, ?, ?, ?, ?)",
                         (job_id, phase, done, total, at.isoformat()))  # fmt: skip
        except sqlite3.Error:
            logger.warning("Progress of job %s not written", job_id, exc_info=True)  # a bar, not the work
        finally:
            side.close()

    @classmethod
    def read(cls, job_ids: list[int]) -> dict[int, tuple]:
        side = cls._open() if job_ids else None
        if side is None:
            return {}
        try:
            marks = ", ".join("?" * len(job_ids))
            rows = side.execute(f"SELECT * FROM job_progress WHERE job_id IN ({marks})", job_ids).fetchall()  # noqa: S608
        except sqlite3.Error:
            return {}
        finally:
            side.close()
        return {row[0]: row[1:] for row in rows}

    @classmethod
    def forget(cls, job_id: int) -> None:
        side = cls._open()
        if side is None:
            return
        try:
            side.execute("DELETE FROM job_progress WHERE job_id = ?", (job_id,))
        except sqlite3.Error:
            pass
        finally:
            side.close()


WORKER_GONE = "Le processus de traitement s'est arrêté en cours de route : relancez la tâche."


def job_live(job: Job) -> Job:
    """The job as it stands: on SQLite, a running job's progress file entry over its row (not saved); a job left
    running by a worker that is gone (its process ended on this machine, or silent for ``TASKS_STALE_AFTER``)
    failed — so marked, once, so that its page says so and offers to run it again (``job_rerun``)."""
    if job.status != Job.Status.RUNNING:
        return job
    if entry := ProgressFile.read([job.pk]).get(job.pk):
        from datetime import datetime

        job.phase, job.done, job.total = entry[0], entry[1], entry[2]
        job.heartbeat_at = datetime.fromisoformat(entry[3])
    if _worker_gone(job):
        failed = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(
            status=Job.Status.FAILED, error=WORKER_GONE, finished_at=timezone.now(), worker="", phase=""
        )
        if failed:
            ProgressFile.forget(job.pk)
        job.refresh_from_db()
    return job


def _worker_gone(job: Job) -> bool:
    worker_host, _, pid = job.worker.rpartition(":")
    if worker_host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
    stale = timezone.now() - timedelta(seconds=settings.TASKS_STALE_AFTER)
    return (job.heartbeat_at or job.created_at) < stale


def job_rerun(*, actor, job: Job) -> Job:
    """Run a failed job again, from the start (every kind reaches the same end state when rerun: imports skip the
    rows imported already). Refused to whom the policy does not allow the kind's action in the job's region, and
    for a job that has not failed."""
    from .audit import audit_log
    from .enums import AuditEventType

    kind = KINDS.get(job.kind)
    if kind is None:
        raise BusinessError("job.kind_unknown", f"Type de tâche inconnu : {job.kind}.")
    require(policy.decide(actor, kind.action, policy.Subject(region_id=job.region_id)))
    job = job_live(job)
    with transaction.atomic():
        again = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.PENDING, attempts=0, error="", report={}, finished_at=None, phase="", done=0, total=0
        )
        if not again:
            raise BusinessError.of(
                "job.not_failed", gettext_noop("Seule une tâche qui n'a pas abouti peut être relancée.")
            )
        audit_log(actor=actor, event_type=AuditEventType.JOB_RERUN, target=job, region=job.region,
                  extra={"kind": job.kind, "error": job.error})  # fmt: skip
    job_enqueue(job)
    job.refresh_from_db()
    return job


_PROGRESS_SQL = "UPDATE core_job SET phase = %s, done = %s, total = %s, heartbeat_at = %s WHERE id = %s"


class _ProgressWriter:
    """``progress(phase, done, total)`` for a job, written at most every ``EVERY`` seconds (and at each new phase),
    outside the work's transaction: on PostgreSQL through a connection of this writer's own, on SQLite in the
    ``ProgressFile``."""

    EVERY = 0.5

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.phase = ""
        self.written_at = 0.0
        self.side: Any = None  # a connection of its own (PostgreSQL)

    def __call__(self, phase: str, done: int, total: int) -> None:
        moment = time.monotonic()
        if phase == self.phase and moment - self.written_at < self.EVERY and done < total:
            return
        self.phase, self.written_at = phase, moment
        values = (phase[:40], max(done, 0), max(total, 0), timezone.now())
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job_id).update(
                phase=values[0], done=values[1], total=values[2], heartbeat_at=values[3]
            )
        elif connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                cursor.execute(_PROGRESS_SQL, [*values, self.job_id])
        else:  # SQLite inside the work's transaction: the one writer is the work itself (ProgressFile)
            ProgressFile.write(self.job_id, *values)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _alive(pid: int) -> bool:
    if pid == os.getpid():  # this process is starting: the job it holds is from a dead one with the same number
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def jobs_recover() -> list[Job]:
    """Take back the jobs left running by a dead worker — a process of this machine that is gone, or any worker
    silent for ``TASKS_STALE_AFTER`` seconds — and queue them again (or fail them after the last attempt). Their
    work's transaction was rolled back with the worker, so running them again reaches the same end state."""
    host = socket.gethostname()
    stale = timezone.now() - timedelta(seconds=settings.TASKS_STALE_AFTER)
    recovered = []
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        worker_host, _, pid = job.worker.rpartition(":")
        same_host_dead = worker_host == host and pid.isdigit() and not _alive(int(pid))
        if not (same_host_dead or (job.heartbeat_at or job.created_at) < stale):
            continue
        # Conditional: two workers starting together take a job back once.
        claimed = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker)
        if job.attempts >= settings.TASKS_MAX_ATTEMPTS:
            claimed.update(status=Job.Status.FAILED, error="Le traitement a été interrompu trop de fois.",
                           finished_at=timezone.now(), worker="", phase="")  # fmt: skip
            continue
        if claimed.update(status=Job.Status.PENDING, worker="", phase=""):
            logger.warning("Job %s (%s) left by worker %s: queued again", job.pk, job.kind, job.worker)
            recovered.append(job_enqueue(job))
    return recovered
