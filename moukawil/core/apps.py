from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "moukawil.core"
    label = "core"
    verbose_name = "Noyau"

    def ready(self) -> None:
        from . import lookups  # noqa: F401 (registers the ``__any`` lookup)
