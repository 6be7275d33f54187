"""The base of every Moukawil management command (and so of every ``moukawil`` sub-command)."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from moukawil.core.errors import BusinessError


class MoukawilCommand(BaseCommand):
    """Adds ``--actor EMAIL`` (whose name goes into the audit log) and turns business refusals into clean errors."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--actor",
            help="Adresse e-mail du compte au nom duquel la commande agit (journal d'audit). Par défaut : système.",
        )

    verbosity = 1

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        try:
            return super().execute(*args, **options)
        except BusinessError as exc:
            raise CommandError(f"{exc.message} [{exc.code}]") from exc

    def get_actor(self, options):
        email = options.get("actor")
        if not email:
            return None
        user = get_user_model().objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"Aucun compte pour l'adresse {email}.")
        return user

    def progress(self, done: int, total: int | None, label: str = "") -> None:
        """A one-line progress bar on a terminal, silent otherwise (logs stay clean)."""
        if not sys.stderr.isatty() or self.verbosity == 0:
            return
        if total:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{label} [{bar}] {done}/{total}")
        else:
            sys.stderr.write(f"\r{label} {done}")
        if total and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def queue_job(self, kind: str, options, params: dict, *, wait: bool) -> None:
        """Hand the work to the workers (core.tasks) instead of running it here; with ``wait``, follow it to its end.
        Its page is /taches/<id>/."""
        import time

        from django.conf import settings

        from moukawil.core.models import Job
        from moukawil.core.tasks import job_create, job_enqueue, job_summary

        job = job_enqueue(job_create(kind=kind, actor=self.get_actor(options), params=params))
        self.stdout.write(f"Tâche {job.pk} en file : {settings.SITE_URL}/taches/{job.pk}/")
        if not wait:
            return
        while not job.is_over:
            time.sleep(0.5)
            job.refresh_from_db()
            self.progress(job.done, job.total, job.phase)
        if job.status == Job.Status.FAILED:
            raise CommandError(job.error)
        self.stdout.write(self.style.SUCCESS(job_summary(job)))
