from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "moukawil.www"
    label = "www"
    verbose_name = "Pages web"
