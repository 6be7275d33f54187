"""The project's URLs plus the load and pages workloads' reference views: one query (``/api/v1/health`` already is),
one insert, and the floors a signed-in page or a token-authenticated answer cannot go below — the same middleware,
session, second factor and token look-up as the project's pages, and nothing else."""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from config.urls import urlpatterns as project
from moukawil.api.api import api


@csrf_exempt
def one_insert(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (body) VALUES (%s)", [request.body.decode()[:200]])
    return HttpResponse("ok", status=201)


@login_required
def signed_in(request):
    """A signed-in reader's empty answer: what every officer's page pays before its own work."""
    return HttpResponse("ok")


@login_required
def frame(request):
    """An empty page in the site's frame (menu, language switch, the reader's badge, footer)."""
    return render(request, "base.html", {})


# /api/v1/'s own authentication, throttles and renderer (read from it: the floor follows when they change), and no
# operation but an empty one: what every API list pays before its own work.
floor_api = NinjaAPI(urls_namespace="bench", auth=api.auth, throttle=api.throttle, renderer=api.renderer,
                     docs_url=None, openapi_url=None)  # fmt: skip


@floor_api.get("/token")
def token(request):
    """An empty JSON answer to a reader authenticated by his API token."""
    return {}


urlpatterns = [
    path("bench/one-insert/", one_insert),
    path("bench/signed-in/", signed_in),
    path("bench/frame/", frame),
    path("bench/api/", floor_api.urls),
    *project,
]
