from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "moukawil.registry"
    label = "registry"
    verbose_name = _("Registre national de l'auto-entrepreneur")

    def ready(self) -> None:
        from . import documents  # noqa: F401  (registers its document kind)
