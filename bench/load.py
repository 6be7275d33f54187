"""Pages and API under concurrent clients on loopback: gunicorn (4 processes × 4 threads, production settings) on
the PostgreSQL national data set, wrk at 20 and 100 connections, beside a minimal view doing one query
(``/api/v1/health``), one doing one insert (``/bench/one-insert/``) and three floors: a signed-in empty answer, an
empty page in the site's frame, an empty API answer to a token (bench/urls.py, bench/pages.py).

Reported per page: requests/s, p50/p95/p99, errors (connection errors, timeouts and non-2xx/3xx answers). Checks:
every page answers 200 to a single request first, like the minimal view. PostgreSQL only (the production
topology); on SQLite the workload says so and measures nothing.
"""

from __future__ import annotations

import json
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
-- An application for a new person at every request: CIN from a counter unique to the thread and the run
-- (WRK_CIN_START, kept by the workload in bench_load_cin so that no two runs file the same person).
local template = os.getenv("WRK_APPLICATION")
local threads, counter = 0, 0
function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end
function init(args)
  counter = tonumber(os.getenv("WRK_CIN_START") or "0") + index * 100000
end
if template then
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  request = function()
    counter = counter + 1
    local letters = string.char(65 + math.floor(counter / 1000000) % 26, 65 + math.floor(counter / 26000000) % 26)
    local body = string.gsub(template, "@CIN@", letters .. string.format("%06d", counter % 1000000))
    -- Birth dates spread over 1960-2004 (15,120 days): filings that look like another person are rare, as they are.
    local born = string.format("%04d-%02d-%02d", 1960 + counter % 45, 1 + math.floor(counter / 45) % 12,
                               1 + math.floor(counter / 540) % 28)
    body = string.gsub(body, "@BORN@", born)
    -- And a name of its own (four consonants from the counter): the same name and birth date at every 15,120th
    -- filing made each filing of later runs a likely duplicate of earlier runs' (more work at every run).
    local consonants, n, name = "bcdfghjklmnpqrstvwxz", counter, ""
    for _ = 1, 4 do
      local k = n % 20
      name = name .. string.sub(consonants, k + 1, k + 1)
      n = math.floor(n / 20)
    end
    body = string.gsub(body, "@NAME@", name)
    return wrk.format(nil, nil, nil, body)
  end
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


def wrk(url: str, clients: int, seconds: int, headers: dict[str, str], method: str = "GET",
        extra_env: dict[str, str] | None = None) -> dict:  # fmt: skip
    script = VAR / "wrk-summary.lua"
    script.write_text(LUA)
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=False,
                          env={**os.environ, "WRK_METHOD": method, **(extra_env or {})})  # fmt: skip
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
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count

    from moukawil.accounts.models import User
    from moukawil.accounts.services import api_token_create
    from moukawil.registry.models import Activity, Application
    from moukawil.territory.models import Province

    from .dataset import ensure
    from .pages import FLOOR_OF, is_floor, targets

    ensure(scale)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, body text, "
                       "at timestamptz DEFAULT now())")  # fmt: skip
    submission = "online application submission: POST /api/v1/applications (agency token, a new person each)"
    pages = [*targets(), (submission, "/api/v1/applications", "agence@demo.moukawil.ma", "submit"),
             ("minimal insert view: POST /bench/one-insert/", "/bench/one-insert/", None, "post")]  # fmt: skip
    start = _cin_start()
    application = json.dumps({
        "cin": "@CIN@", "first_name": "Charge", "last_name": "Banc@NAME@", "gender": "F", "birth_date": "@BORN@",
        "province_code": Province.objects.order_by("code").values_list("code", flat=True).first(),
        "activity_code": Activity.objects.order_by("code").values_list("code", flat=True).first(),
    })  # fmt: skip
    before = Application.objects.filter(channel="api").count()
    headers = {}
    for name, _path, email, how in pages:
        if how == "session":
            headers[name] = {"Cookie": f"sessionid={_verified_session(User.objects.get(email=email))}"}
        elif how in ("token", "submit"):
            user = User.objects.get(email=email)
            headers[name] = {"Authorization": f"Bearer {api_token_create(actor=user, user=user, name='load')[1]}"}
        else:
            headers[name] = {}
    port = _free_port()
    cache_url = _shared_cache()
    result.note(f"cache: {cache_url or 'per process (BENCH_CACHE_URL unset, or its Redis did not answer)'}")
    # The server signs and reads sessions with this process's key: the officers' sessions made here are theirs.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "SECRET_KEY": settings.SECRET_KEY,
           "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0",
           "CERTIFICATE_KEY_AUTOCREATE": "1", "PORT": str(port), "WEB_CONCURRENCY": "4", "WEB_THREADS": "4",
           "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "127.0.0.1", "CACHE_URL": cache_url}  # fmt: skip
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
        statuses, after = {}, {}
        start += 1
        for name, path, _email, how in pages:
            data = {
                "post": b"cin=bench",
                "submit": application.replace("@CIN@", _cin(start))
                .replace("@BORN@", "1990-01-01")
                .replace("@NAME@", "")
                .encode(),
            }.get(how)
            extra = {"Content-Type": "application/json"} if how == "submit" else {}
            request = urllib.request.Request(base + path, headers={**headers[name], **extra}, data=data)
            statuses[name] = _status(request)
        seconds = size(scale, "load_seconds")
        figures: dict[tuple[str, int], dict] = {}
        for clients in (20, 100):
            for name, path, _email, how in pages:
                extra = {"WRK_APPLICATION": application, "WRK_CIN_START": str(start)} if how == "submit" else None
                got = wrk(base + path, clients, seconds, headers[name], "POST" if how == "post" else "GET", extra)
                start += 200_000 if how == "submit" else 0  # the CINs of the two threads of this run
                figures[(name, clients)] = got
                result.load(f"{name}, {clients} clients", rps=got["rps"], p50=got["p50"], p95=got["p95"],
                            p99=got["p99"], errors=got["errors"], requests=got["requests"],
                            reference=name.startswith("minimal") or is_floor(name))  # fmt: skip
        for name, path, _email, how in pages:  # the sessions still open after the load (not sent to the login)
            if how in ("session", "token", "anonymous"):
                after[name] = _status(urllib.request.Request(base + path, headers=headers[name]))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    _cin_start(start)
    filed = Application.objects.filter(channel="api").count() - before
    minimal = figures[(pages[0][0], 20)]["rps"]
    one_insert = figures[(pages[-1][0], 20)]
    got = figures[(submission, 20)]
    result.ratio(f"{submission}: req/s / one-insert view's, 20 clients", got["rps"] / one_insert["rps"], ">= 0.5")
    result.ratio(f"{submission}: p99 ms, 20 clients", got["p99"] * 1000, "<= 300")
    result.ratio(f"{submission}: errors, 20 clients", got["errors"], "<= 0")
    sent = figures[(submission, 20)]["requests"] + figures[(submission, 100)]["requests"]
    answered = sent - figures[(submission, 20)]["errors"] - figures[(submission, 100)]["errors"]
    # wrk counts the answers it read before its time was up: a request in flight at the end may still be filed.
    result.check("submissions answered 201 but not filed", max(0, answered + 1 - filed), 0)
    duplicates = Application.objects.filter(channel="api").values("person_id").annotate(n=Count("pk")).filter(n__gt=1)
    result.check("people with two applications filed by the load", duplicates.count(), 0)
    for name, _path, _email, _how in pages[1:-2]:
        got = figures[(name, 20)]
        if is_floor(name):  # what the goal's pages cannot beat: reported, not a goal
            result.ratio(f"{name}: req/s / minimal view's, 20 clients", got["rps"] / minimal)
            continue
        result.ratio(f"{name}: req/s / minimal view's, 20 clients", got["rps"] / minimal, ">= 0.25")
        if name in FLOOR_OF:
            floor = figures[(FLOOR_OF[name], 20)]["rps"]
            result.ratio(f"{name}: req/s / its floor's ({FLOOR_OF[name]}), 20 clients", got["rps"] / floor)
        result.ratio(f"{name}: p99 ms, 20 clients", got["p99"] * 1000, "<= 150")
        hundred = figures[(name, 100)]
        result.ratio(f"{name}: p95 ms, 100 clients", hundred["p95"] * 1000, "<= 250")
        result.ratio(f"{name}: errors, 100 clients", hundred["errors"], "<= 0")
    for name, status in statuses.items():
        created = name.startswith("minimal insert") or name == submission
        result.check(f"HTTP status before the load: {name}", status, 201 if created else 200)
    for name, status in after.items():
        result.check(f"HTTP status after the load: {name}", status, 200)
    return result


def _shared_cache() -> str:
    """The server's cache: per process by default, as in every earlier run (the figures stay comparable); or the one
    production shares between its processes (docs/operations.md) with ``BENCH_CACHE_URL=redis://127.0.0.1:6379/15``,
    its database emptied first. With a cache per process, each gunicorn process — and each one started again after
    ``max_requests`` — computes the kept counts and pages anew; with Redis, the minimal view itself pays two round
    trips for its rate counters (docs/benchmarks.md, session 10)."""
    url = os.environ.get("BENCH_CACHE_URL", "")
    if not url:
        return ""
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=2).flushdb()
    except Exception:  # no Redis there: a cache per process, said in the results
        return ""
    return url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(request: urllib.request.Request) -> int:
    """The status of one request, redirects not followed: a page that sends its reader to the login answers 302,
    not the login page's 200 (sessions the server did not recognise were measured as redirects until session 10)."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


def _verified_session(user) -> str:
    """A session key for ``user`` logged in with his password and, for the roles production asks it of, his second
    factor (a confirmed TOTP device, as ``accounts.two_factor.verify_code`` leaves it)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.update_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key


def _cin(counter: int) -> str:
    """The CIN the Lua script makes of a counter (two letters, six digits)."""
    return chr(65 + counter // 1_000_000 % 26) + chr(65 + counter // 26_000_000 % 26) + f"{counter % 1_000_000:06d}"


def _cin_start(new: int | None = None) -> int:
    """The first CIN counter of this run's submissions (kept in the database from run to run): 600,000,000 on a
    new data set, i.e. CINs from « CX000000 », a range no other data set uses."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_load_cin (id int PRIMARY KEY, next bigint)")
        if new is not None:
            cursor.execute("UPDATE bench_load_cin SET next = %s WHERE id = 1", [new])
            return new
        cursor.execute("INSERT INTO bench_load_cin VALUES (1, 600000001) ON CONFLICT (id) DO NOTHING")
        cursor.execute("SELECT next FROM bench_load_cin WHERE id = 1")
        return cursor.fetchone()[0]
