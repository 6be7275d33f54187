"""The authentication backend: Django's model backend, the signed-in reader read with his region."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    """Every page's frame names the reader's region (his badge) and a chamber's pages filter by it: read with him,
    one statement instead of two on each page of a chamber officer or an entrepreneur."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("region").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
