from moukawil.core.management.base import MoukawilCommand
from moukawil.registry.imports import import_job_run
from moukawil.registry.models import ImportJob


class Command(MoukawilCommand):
    help = "Exécute les imports en attente (pour un déploiement où un worker, et non le serveur web, les traite)."

    def handle(self, *args, **options):
        count = 0
        for job in ImportJob.objects.filter(status=ImportJob.Status.PENDING).order_by("created_at"):
            import_job_run(job)
            job.refresh_from_db()
            self.stdout.write(f"{job.original_name} : {job.get_status_display()}")
            count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} import(s) traité(s)."))
