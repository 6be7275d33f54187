"""The task engine (core.tasks): retries, refusals, jobs taken back from a dead worker, the job's page, and the
Redis backend run by an RQ worker."""

from __future__ import annotations

import os
import socket

import pytest

from moukawil.core import policy, tasks
from moukawil.core.errors import BusinessError
from moukawil.core.models import Job
from moukawil.core.tasks import job_create, job_enqueue, jobs_recover


@pytest.fixture
def flaky(monkeypatch):
    """A kind that fails on an unexpected error ``failures`` times, then reports its attempt."""
    state = {"failures": 0, "calls": 0}

    def run(job, progress):
        state["calls"] += 1
        progress("étape", state["calls"], 3)
        if state["calls"] <= state["failures"]:
            raise RuntimeError("réseau coupé")
        if job.params.get("refuse"):
            raise BusinessError("test.refused", "Refusé pour la raison dite.")
        return {"count": job.attempts}

    monkeypatch.setitem(
        tasks.KINDS,
        "test.flaky",
        tasks.Kind("test.flaky", "Essai", run, policy.REGISTER_IMPORT, lambda r: f"{r['count']}"),
    )
    return state


@pytest.mark.django_db
def test_an_unexpected_error_is_tried_again_a_bounded_number_of_times(flaky, agency_officer, settings):
    settings.TASKS_MAX_ATTEMPTS = 3
    flaky["failures"] = 2
    job = job_enqueue(job_create(kind="test.flaky", actor=agency_officer))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.report, job.error) == (Job.Status.DONE, 3, {"count": 3}, "")
    flaky.update(failures=10, calls=0)
    job = job_enqueue(job_create(kind="test.flaky", actor=agency_officer))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.FAILED, 3, "Erreur inattendue : réseau coupé")
    assert flaky["calls"] == 3 and job.finished_at is not None


@pytest.mark.django_db
def test_a_business_refusal_fails_at_once_with_its_message(flaky, agency_officer):
    job = job_enqueue(job_create(kind="test.flaky", actor=agency_officer, params={"refuse": True}))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.FAILED, 1, "Refusé pour la raison dite.")
    assert tasks.job_run(job.pk) == Job.Status.FAILED  # delivered twice: run once
    job.refresh_from_db()
    assert job.attempts == 1


@pytest.mark.django_db
def test_a_job_left_running_by_a_dead_worker_is_run_again(flaky, agency_officer):
    dead = Job.objects.create(kind="test.flaky", status=Job.Status.RUNNING, attempts=1,
                              worker=f"{socket.gethostname()}:{os.getpid()}")  # fmt: skip
    alive = Job.objects.create(
        kind="test.flaky", status=Job.Status.RUNNING, attempts=1, worker=f"{socket.gethostname()}:1"
    )  # fmt: skip  (pid 1 never dies)
    assert [job.pk for job in jobs_recover()] == [dead.pk]
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.attempts, dead.report) == (Job.Status.DONE, 2, {"count": 2})
    assert alive.status == Job.Status.RUNNING


@pytest.mark.django_db
def test_the_job_page_follows_the_job_and_is_scoped(client, flaky, officer_fes, officer_casa):
    job = job_enqueue(job_create(kind="test.flaky", actor=officer_fes, region=officer_fes.region,
                                 params={"back": "/declarations/suivi/"}))  # fmt: skip
    client.force_login(officer_fes)
    page = client.get(f"/taches/{job.pk}/").content.decode()
    assert "Essai" in page and 'data-testid="job-result">1<' in page and 'href="/declarations/suivi/"' in page
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, finished_at=None, phase="lecture", done=2,
                                         total=4)  # fmt: skip
    partial = client.get(f"/taches/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "lecture : 2 / 4" in partial and "every 1s" in partial and "<html" not in partial
    client.force_login(officer_casa)
    assert client.get(f"/taches/{job.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_outside_the_works_transaction(flaky, agency_officer, settings, monkeypatch):
    from django.db import connection, connections, transaction

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    seen = {}

    def run(job, progress):
        with transaction.atomic():
            progress("écriture", 5, 10)
            if connection.vendor == "postgresql":
                other = connections.create_connection("default")
                try:
                    with other.cursor() as cursor:
                        cursor.execute("SELECT phase, done FROM core_job WHERE id = %s", [job.pk])
                        seen["row"] = cursor.fetchone()
                finally:
                    other.close()
            else:  # what a page reads in another process: the job's row (as committed) and the progress file
                row = Job.objects.using("default").values("phase", "done").get(pk=job.pk)
                assert (row["phase"], row["done"]) == ("", 0)  # the row itself is the work's to write, at the end
                live = tasks.job_live(Job(pk=job.pk, status=Job.Status.RUNNING))
                seen["row"] = (live.phase, live.done)
        return {}

    monkeypatch.setitem(tasks.KINDS, "test.progress", tasks.Kind("test.progress", "Essai", run, policy.REGISTER_IMPORT))
    job = job_create(kind="test.progress", actor=agency_officer)
    tasks.job_run(job.pk)
    # PostgreSQL: written by a connection of its own; SQLite: in the progress file. Seen at once on both.
    assert seen["row"] == ("écriture", 5)
    assert tasks.ProgressFile.read([job.pk]) == {}  # the job over, its entry is gone


def _redis_or_skip():
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("MOUKAWIL_REQUIRE_REDIS") == "1":
            pytest.fail("Redis ne répond pas sur 127.0.0.1:6379 et MOUKAWIL_REQUIRE_REDIS=1.")
        pytest.skip("Redis ne répond pas sur 127.0.0.1:6379 (redis-server --daemonize yes).")
    return url


@pytest.mark.django_db
def test_a_job_queued_in_redis_runs_in_an_rq_worker(flaky, agency_officer, settings):
    url = _redis_or_skip()
    import django_rq
    from django_tasks_rq.backend import Job as RQJob
    from rq import SimpleWorker

    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.backend.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default", job_class=RQJob)
    queue.empty()
    job = job_create(kind="test.flaky", actor=agency_officer)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "_runs_inline", lambda: True)  # queue now, not after the test's transaction
        job_enqueue(job)
    job.refresh_from_db()
    assert job.status == Job.Status.PENDING and queue.count == 1
    # SimpleWorker: the job runs in this process (and this test's transaction), in burst mode.
    worker = SimpleWorker([queue], connection=queue.connection, job_class=RQJob)
    assert worker.work(burst=True)
    job.refresh_from_db()
    assert (job.status, job.report) == (Job.Status.DONE, {"count": 1})
    assert queue.fetch_job(job.task_result_id).get_status() == "finished"


@pytest.mark.django_db
def test_a_job_is_refused_before_it_is_written_to_whom_the_policy_refuses_its_kind(territory):
    from django.core.exceptions import PermissionDenied

    from tests.factories import UserFactory

    for role in ("viewer", "bank_officer", "vendor", "entrepreneur"):
        actor = UserFactory(**({} if role == "entrepreneur" else {role: True}))
        with pytest.raises(PermissionDenied):
            job_create(kind="declarations.strike_off", actor=actor, params={"year": 2025})
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_seen_failed_and_can_be_run_again(client, flaky, officer_fes, officer_casa):
    import subprocess

    from moukawil.core.models import AuditEvent

    gone = subprocess.Popen(["true"])
    gone.wait()  # a process of this machine that has ended
    job = Job.objects.create(kind="test.flaky", status=Job.Status.RUNNING, attempts=1, region=officer_fes.region,
                             created_by=officer_fes, worker=f"{socket.gethostname()}:{gone.pid}")  # fmt: skip
    client.force_login(officer_fes)
    page = client.get(f"/taches/{job.pk}/").content.decode()
    assert "s&#x27;est arrêté en cours de route" in page and 'data-testid="job-rerun"' in page
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    client.force_login(officer_casa)  # another region's officer does not see it
    assert client.post(f"/taches/{job.pk}/relancer/").status_code == 404
    client.force_login(officer_fes)
    page = client.post(f"/taches/{job.pk}/relancer/", follow=True).content.decode()
    job.refresh_from_db()
    assert (job.status, job.report) == (Job.Status.DONE, {"count": 1}) and 'data-testid="job-rerun"' not in page
    assert AuditEvent.objects.filter(event_type=60, target_id=str(job.pk)).count() == 1
    page = client.post(f"/taches/{job.pk}/relancer/", follow=True).content.decode()
    assert "Seule une tâche qui n&#x27;a pas abouti peut être relancée." in page
