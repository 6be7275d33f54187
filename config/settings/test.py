"""Test settings: the same database choice as everywhere (DATABASE_URL or SQLite), fast hashing, no e-mail out."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES

CERTIFICATE_KEY_PATH = os.path.join(tempfile.gettempdir(), f"moukawil-test-key-{os.getpid()}")
MEDIA_ROOT = tempfile.mkdtemp(prefix="moukawil-test-media-")
# Tasks run at once in the test process, unless a test starts a worker of its own (tests/core/test_tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
SITE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not ":memory:", so that threads in the concurrency tests see one database, as in production.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"moukawil-test-{os.getpid()}.sqlite3"),
    }

# Rates high enough for the suite's own calls; tests of the throttles set theirs (tests/api/test_throttling.py).
THROTTLE_RATES = {"api_account": "100000/m", "api_anonymous": "100000/m", "verification": "100000/m"}
# The suite logs officers in by password (force_login, the browser's /connexion/); tests/accounts/test_two_factor.py
# turns the second factor on.
MOUKAWIL_REQUIRE_2FA = False
# The tests run with a read replica, as a mirror of the test database (the router's rules are tested in
# tests/core/test_replica.py). Inside a test's transaction every read stays on the primary (core.replica).
DATABASES["replica"] = {**DATABASES["default"], "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {}))}
DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
