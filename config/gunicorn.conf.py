"""gunicorn for Moukawil (``Procfile``, ``make serve-prod``): several processes, each with a few threads.

Sizing (docs/operations.md): one process per core is the CPU-bound part (templates, schemas), threads cover the
waits on PostgreSQL. Every thread keeps one database connection open (CONN_MAX_AGE), so workers × threads × web
machines must stay below PostgreSQL's max_connections (100 by default) with room for the task workers.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", str(max(2, multiprocessing.cpu_count()))))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# Exports stream for as long as they need; anything else answers in well under a second.
timeout = int(os.environ.get("WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# A process is replaced after this many requests (a slow leak never grows without bound).
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("WEB_ACCESS_LOG") or None  # "-" for stdout; off by default (the load tests)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Behind the HTTPS proxy of the web machine: trust its X-Forwarded-* headers (settings: SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket: its default path is one per user ($HOME/.gunicorn/gunicorn.ctl), which two servers on one
# machine (tests, benchmarks, a second instance) would fight over.
control_socket_disable = True
