"""Refusals made once for every page and every API operation, before any view runs.

A NUL character (U+0000) has no place in anything a person types, and PostgreSQL refuses it in text: left to reach
the database, a ``?q=`` or a JSON field holding one answered 500 there while SQLite stored it. One middleware
refuses it in the path, the query string, a form's fields and a JSON body, naming the field, in French: a 422 in
the API's error shape, a 400 page elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

NUL = "\x00"
NUL_REFUSED = gettext_noop("%(field)s : le caractère nul (U+0000) n'est pas accepté.")
API_PREFIX = "/api/"


def _nul_in(value, path: str = "") -> Iterator[str]:
    """The path (``items.0.name``) of each string holding a NUL in a JSON value, keys included."""
    if isinstance(value, str):
        if NUL in value:
            yield path or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            if NUL in str(key):
                yield inner
            else:
                yield from _nul_in(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_in(item, f"{path}.{index}" if path else str(index))


def nul_field(request: HttpRequest) -> str | None:
    """The name of the first field of the request that holds a NUL, or None."""
    if NUL in request.path:
        return "path"
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in v for v in values):
            return name
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.content_type or ""
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            # JSON writes a NUL as \u0000 (a raw one is not valid JSON and ninja refuses it): parse only then.
            if b"\\u0000" in body:
                try:
                    return next(_nul_in(json.loads(body)), None)
                except ValueError:
                    return None  # not JSON: the API says so itself
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, values in request.POST.lists():
                if NUL in name or any(NUL in v for v in values):
                    return name
            for name, files in request.FILES.lists():
                if any(NUL in (f.name or "") for f in files):
                    return name
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = nul_field(request)
        if field is None:
            return self.get_response(request)
        field = field.replace(NUL, "\\0")
        if request.path.startswith(API_PREFIX):
            message = NUL_REFUSED % {"field": field}
            return JsonResponse(
                {
                    "code": "input.nul",
                    "message": f"Données invalides : {message}",
                    "field": field,
                    "errors": [{"field": field, "message": message}],
                },
                status=422,
            )
        return render(request, "400.html", {"reason": _(NUL_REFUSED) % {"field": field}}, status=400)
