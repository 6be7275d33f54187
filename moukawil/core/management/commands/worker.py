from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from moukawil.core.tasks import jobs_recover


class Command(BaseCommand):
    help = (
        "Exécute les tâches de fond (imports, relances, détection des plafonds, recalculs). File d'attente : la base "
        "de données (par défaut) ou Redis avec TASKS_BACKEND=rq et REDIS_URL. Reprend d'abord les tâches laissées "
        "en cours par un processus arrêté."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="S'arrêter quand la file est vide.")
        parser.add_argument("--interval", type=float, default=1.0, help="Secondes entre deux lectures de la file.")

    def handle(self, *args, batch: bool, interval: float, **options):
        for job in jobs_recover():
            self.stdout.write(f"Tâche {job.pk} ({job.kind}) reprise : son processus s'est arrêté en cours de route.")
        verbosity = options["verbosity"]
        if settings.TASKS_BACKEND == "database":
            call_command(
                "db_worker", queue_name="default", batch=batch, interval=interval, reload=False,
                startup_delay=False, verbosity=verbosity,
            )  # fmt: skip
        elif settings.TASKS_BACKEND == "rq":
            call_command(
                "rqworker", "default", job_class="django_tasks_rq.backend.Job", burst=batch, with_scheduler=True,
                verbosity=verbosity,
            )  # fmt: skip
        else:
            raise CommandError(f"TASKS_BACKEND={settings.TASKS_BACKEND} : les tâches s'exécutent sans worker.")
