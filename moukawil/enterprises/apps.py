from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "moukawil.enterprises"
    label = "enterprises"
    verbose_name = "Registre des TPE"
