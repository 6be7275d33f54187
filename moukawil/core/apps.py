from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "moukawil.core"
    label = "core"
    verbose_name = "Noyau"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import lookups  # noqa: F401 (registers the ``__any`` lookup)

        # Each app's tasks.py declares its kinds of job (core.tasks.job_kind), for the worker and the pages.
        autodiscover_modules("tasks")
