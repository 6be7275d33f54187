"""Pages and API under concurrent clients on loopback: gunicorn (4 processes × 4 threads, production settings) on
the PostgreSQL national data set, wrk at 20 and 100 connections, beside a minimal view doing one query
(``/api/v1/health``) and one doing one insert (``/bench/one-insert/``, bench/urls.py).

Reported per page: requests/s, p50/p95/p99, errors (connection errors, timeouts and non-2xx/3xx answers). Checks:
every page answers 200 to a single request first, like the minimal view. PostgreSQL only (the production
topology); on SQLite the workload says so and measures nothing.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from .common import ROOT, VAR, Result, size, use_database

LUA = """
wrk.method = os.getenv("WRK_METHOD") or "GET"
if wrk.method == "POST" then
  wrk.body = "cin=bench"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("@@ %d %d %d %d %.0f %.0f %.0f\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, clients: int, seconds: int, headers: dict[str, str], method: str = "GET") -> dict:
    script = VAR / "wrk-summary.lua"
    script.write_text(LUA)
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=False,
                          env={**os.environ, "WRK_METHOD": method})  # fmt: skip
    line = [x for x in done.stdout.splitlines() if x.startswith("@@ ")]
    if not line:
        raise RuntimeError(f"wrk: {done.stdout[-500:]} {done.stderr[-500:]}")
    requests, socket_errors, status_errors, duration_us, p50, p95, p99 = (float(x) for x in line[-1].split()[1:])
    return {"requests": int(requests), "errors": int(socket_errors + status_errors),
            "rps": requests / (duration_us / 1e6), "p50": p50 / 1e6, "p95": p95 / 1e6, "p99": p99 / 1e6}  # fmt: skip


def run(scale: str, db: str) -> Result:
    result = Result("pages under 20 and 100 concurrent clients (wrk → gunicorn 4×4 → PostgreSQL)")
    if db != "postgres":
        result.note("PostgreSQL only: run with --db postgres")
        return result
    use_database(db, scale)
    from django.db import connection
    from django.test import Client

    from moukawil.accounts.models import User
    from moukawil.accounts.services import api_token_create

    from .dataset import ensure
    from .pages import targets

    ensure(scale)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, body text, "
                       "at timestamptz DEFAULT now())")  # fmt: skip
    pages = [*targets(), ("minimal insert view: POST /bench/one-insert/", "/bench/one-insert/", None, "post")]
    headers = {}
    for name, _path, email, how in pages:
        if how == "session":
            client = Client()
            client.force_login(User.objects.get(email=email))
            headers[name] = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
        elif how == "token":
            user = User.objects.get(email=email)
            headers[name] = {"Authorization": f"Bearer {api_token_create(actor=user, user=user, name='load')[1]}"}
        else:
            headers[name] = {}
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "SECRET_KEY": "b" * 60,
           "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0",
           "CERTIFICATE_KEY_AUTOCREATE": "1", "PORT": str(port), "WEB_CONCURRENCY": "4", "WEB_THREADS": "4",
           "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "127.0.0.1"}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py",
                               "config.wsgi:application"], cwd=ROOT, env=env, start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        statuses = {}
        for name, path, _email, how in pages:
            request = urllib.request.Request(base + path, headers=headers[name],
                                             data=b"cin=bench" if how == "post" else None)  # fmt: skip
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    statuses[name] = response.status
            except urllib.error.HTTPError as exc:
                statuses[name] = exc.code
        seconds = size(scale, "load_seconds")
        figures: dict[tuple[str, int], dict] = {}
        for clients in (20, 100):
            for name, path, _email, how in pages:
                got = wrk(base + path, clients, seconds, headers[name], "POST" if how == "post" else "GET")
                figures[(name, clients)] = got
                result.load(f"{name}, {clients} clients", rps=got["rps"], p50=got["p50"], p95=got["p95"],
                            p99=got["p99"], errors=got["errors"], requests=got["requests"],
                            reference=name.startswith("minimal"))  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    minimal = figures[(pages[0][0], 20)]["rps"]
    for name, _path, _email, _how in pages[1:-1]:
        got = figures[(name, 20)]
        result.ratio(f"{name}: req/s / minimal view's, 20 clients", got["rps"] / minimal, ">= 0.25")
        result.ratio(f"{name}: p99 ms, 20 clients", got["p99"] * 1000, "<= 150")
        hundred = figures[(name, 100)]
        result.ratio(f"{name}: p95 ms, 100 clients", hundred["p95"] * 1000, "<= 250")
        result.ratio(f"{name}: errors, 100 clients", hundred["errors"], "<= 0")
    for name, status in statuses.items():
        result.check(f"HTTP status before the load: {name}", status, 201 if name.startswith("minimal insert") else 200)
    result.note("Online application submission under load is not measured yet (docs/benchmarks.md).")
    return result
