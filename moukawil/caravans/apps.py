from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaravansConfig(AppConfig):
    name = "moukawil.caravans"
    label = "caravans"
    verbose_name = _("Caravanes et forums")

    def ready(self) -> None:
        from . import documents, outcomes  # noqa: F401  (register the attendance certificate and the outcomes)

        outcomes.register_builtin()
