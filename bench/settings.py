"""Settings of the server the load workload starts: production's, plus the two minimal views (bench/urls.py), and
the per-client limits lifted (all the load comes from one address and one account: bench/common.py)."""

from bench.common import LIFTED_THROTTLE_RATES
from config.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
THROTTLE_RATES = LIFTED_THROTTLE_RATES
