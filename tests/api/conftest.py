import pytest

from moukawil.accounts.services import api_token_create


@pytest.fixture
def as_user(client):
    """The test client authenticated with a fresh bearer token of ``user``."""

    def make(user):
        _token, raw = api_token_create(actor=user, user=user, name="tests")
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        return client

    return make
