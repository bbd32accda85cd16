"""Query strings hold plain text only: a middleware answers 400 to any query parameter (name
or value) with a control character or an unpaired surrogate, before a view can send it to
the database (PostgreSQL refuses a NUL in a string with a server error). Under /api/ the
answer is the API's JSON error shape naming the parameter; elsewhere a line of plain text.

Views parse their parameters leniently (an id that is not one is ignored), so this is the one
check that covers every parameter of every page and endpoint, present and future. It costs a
regular-expression scan of each parameter, and nothing for a request without a query string.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from articles.plain_text import not_plain


def _problem(request: HttpRequest) -> tuple[str, str] | None:
    """(parameter, what is wrong with it) for the first parameter that is not plain text."""
    for name, values in request.GET.lists():
        for text in (name, *values):
            problem = not_plain(text)
            if problem is not None:
                return name, f"Contains {problem}: only text, tabs and line breaks are allowed."
    return None


class PlainQueryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = _problem(request) if request.META.get("QUERY_STRING") else None
        if found is None:
            return self.get_response(request)
        name, message = found
        if not_plain(name) is not None:
            name = ascii(name)  # a name with a NUL in it, shown escaped
        if request.path.startswith("/api/"):
            body = {
                "status": 400,
                "code": "invalid",
                "message": f"{name}: {message}",
                "fields": {name: [message]},
            }
            return JsonResponse({"error": body}, status=400)
        return HttpResponseBadRequest(
            f"Query parameter {name!r}: {message}", content_type="text/plain; charset=utf-8"
        )
