from ninja.security import HttpBearer, django_auth

from moukawil.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer mkw_…`` with a token created on the account page or by ``moukawil create-token``."""

    openapi_description = "Jeton personnel créé dans « Mon compte » ou par `moukawil create-token`."

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# Browsers already logged in use their session (with the CSRF token on writes); other systems use a token.
AUTH = [TokenAuth(), django_auth]
