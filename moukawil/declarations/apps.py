from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "moukawil.declarations"
    label = "declarations"
    verbose_name = "Déclarations de chiffre d'affaires"

    def ready(self) -> None:
        from . import documents  # noqa: F401  (registers its document kind)
