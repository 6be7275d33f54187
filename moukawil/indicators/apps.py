from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "moukawil.indicators"
    label = "indicators"
    verbose_name = "Indicateurs"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import builtin  # noqa: F401  (the register's, declarations' and programmes' indicators)

        # Any other app declares its indicators in its own ``indicators.py`` module (see docs/indicators.md).
        autodiscover_modules("indicators")
