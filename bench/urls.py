"""The project's URLs plus two minimal views, the references of the load workload: one query (``/api/v1/health``
already is) and one insert."""

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project


@csrf_exempt
def one_insert(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (body) VALUES (%s)", [request.body.decode()[:200]])
    return HttpResponse("ok", status=201)


urlpatterns = [path("bench/one-insert/", one_insert), *project]
