from django.apps import AppConfig


class InfitahConfig(AppConfig):
    name = "moukawil.infitah"
    label = "infitah"
    verbose_name = "Infitah (permis numérique et pack TI)"

    def ready(self) -> None:
        from . import documents  # noqa: F401  (registers the permis numérique as a document kind)
