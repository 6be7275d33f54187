from django.apps import AppConfig


class InfitahConfig(AppConfig):
    name = "moukawil.infitah"
    label = "infitah"
    verbose_name = "Infitah (permis numérique et pack TI)"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from moukawil.caravans import outcomes

        from . import documents  # noqa: F401  (registers the permis numérique as a document kind)
        from .selectors import permits_by_stop

        # The permits issued at a caravan stop, counted in the caravans' results and campaign report.
        outcomes.register(outcomes.Outcome("permits", _("Permis numériques délivrés"), permits_by_stop))
