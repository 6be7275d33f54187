from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "moukawil.core"
    label = "core"
    verbose_name = "Noyau"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import autodiscover_modules

        from . import lookups  # noqa: F401 (registers the ``__any`` lookup)
        from .postgres import use_psycopg_timestamp_loader

        connection_created.connect(use_psycopg_timestamp_loader, dispatch_uid="moukawil-timestamptz-loader")

        # Each app's tasks.py declares its kinds of job (core.tasks.job_kind), for the worker and the pages.
        autodiscover_modules("tasks")
