"""An import's state (status, phase, progress, report) moves to its job in the task engine (core.Job)."""

import django.db.models.deletion
from django.db import migrations, models

STATE = ("status", "phase", "total", "processed", "report", "finished_at")


def to_jobs(apps, schema_editor):
    ImportJob = apps.get_model("registry", "ImportJob")
    Job = apps.get_model("core", "Job")
    for imported in ImportJob.objects.all():
        failed = imported.status == "failed"
        # An import left running by the thread of a web process that is gone will not finish: failed.
        over = imported.status in ("done", "failed") or imported.status == "running"
        imported.job = Job.objects.create(
            kind="registry.import", status=imported.status if imported.status != "running" else "failed",
            phase="" if over else imported.phase, done=imported.processed, total=imported.total,
            report={} if failed else imported.report, error=(imported.report or {}).get("file_error", "") if failed
            else ("Interrompu." if imported.status == "running" else ""),
            region_id=imported.region_id, created_by_id=imported.created_by_id, attempts=1 if over else 0,
            finished_at=imported.finished_at or (imported.created_at if over else None),
        )  # fmt: skip
        imported.save(update_fields=["job"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_job"),
        ("registry", "0006_application_region_copy"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="job",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="registry_import", to="core.job"
            ),
        ),
        migrations.RunPython(to_jobs, migrations.RunPython.noop),
        *[migrations.RemoveField(model_name="importjob", name=name) for name in STATE],
        migrations.AlterField(
            model_name="importjob",
            name="job",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT, related_name="registry_import", to="core.job"
            ),
        ),
    ]
