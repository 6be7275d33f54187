"""Settings of the server the load workload starts: production's, plus the two minimal views (bench/urls.py)."""

from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Every client of the load test comes from 127.0.0.1 with one account: the per-address and per-account limits that
# protect production from one abusive client would answer 429 to most of the load. They are lifted here (and only
# here) so that the figures measure the pages, not the limiter.
THROTTLE_RATES = {"api_account": "10000000/m", "api_anonymous": "10000000/m", "verification": "10000000/m"}
