"""The project's URLs plus the load and pages workloads' reference views: one query (``/api/v1/health`` already is),
one insert, and the floors a signed-in page or a token-authenticated answer cannot go below — the same middleware,
session, second factor and token look-up as the project's pages, and nothing else."""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project
from moukawil.accounts.services import api_token_authenticate


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


def token(request):
    """An empty JSON answer to a reader authenticated by his API token, as the API's ``TokenAuth`` looks it up."""
    _, _, value = request.headers.get("Authorization", "").partition("Bearer ")
    if api_token_authenticate(value) is None:
        return JsonResponse({"detail": "Unauthorized"}, status=401)
    return JsonResponse({})


urlpatterns = [
    path("bench/one-insert/", one_insert),
    path("bench/signed-in/", signed_in),
    path("bench/frame/", frame),
    path("bench/token/", token),
    *project,
]
