from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "moukawil.accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .two_factor import forget_second_factor

        user_logged_in.connect(forget_second_factor, dispatch_uid="moukawil.accounts.forget_second_factor")
