"""Settings of the server the load workload starts: production's, plus the two minimal views (bench/urls.py)."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
