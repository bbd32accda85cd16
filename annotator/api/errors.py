"""Every API error in one shape: {"error": {"status", "code", "message", "fields"?}}; a
conflict may add what it conflicts with (a stale gold decision: "current")."""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from annotator.ids import MAX_ID

__all__ = ["MAX_ID"]

logger = logging.getLogger("django.request")
# Seconds a caller is asked to wait (Retry-After) when the database cannot be reached.
RETRY_AFTER_SECONDS = 5


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"
    default_detail = "The request body is too large."


class JobNotFailed(exceptions.APIException):
    """Retry or discard of a background job that is not failed (or an import whose files
    are gone): 409, nothing changed."""

    status_code = 409
    default_code = "conflict"
    default_detail = "Only a failed job can be retried or discarded."


class ServerError(exceptions.APIException):
    """A bug: the traceback goes to the log, never to the caller."""

    status_code = 500
    default_code = "server_error"
    default_detail = "Something went wrong on our side (it is logged). Try again, or tell an admin."


class DatabaseUnavailable(exceptions.APIException):
    """The database cannot be reached (restarting, or out of connections): try again soon."""

    status_code = 503
    default_code = "unavailable"
    default_detail = "The database cannot be reached just now: try again in a few seconds."
    # DRF's handler turns ``wait`` into the Retry-After header.
    wait = RETRY_AFTER_SECONDS


def _unexpected(error: Exception) -> exceptions.APIException:
    """What an exception no view expected becomes: 503 when the database is unreachable
    (``OperationalError`` covers a refused or dropped connection, and SQLite's "database is
    locked"), otherwise 500."""
    if isinstance(error, OperationalError | InterfaceError):
        return DatabaseUnavailable()
    return ServerError()


_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _printable(text: str) -> str:
    """An error message may quote the input; an unpaired surrogate in it could not be sent."""
    return _SURROGATES.sub("\ufffd", text)


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            fields.update(_flatten(value, name))
        return fields
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [_printable(str(item)) for item in detail]}
        fields = {}
        for index, item in enumerate(detail):
            fields.update(_flatten(item, f"{prefix}[{index}]"))
        return fields
    return {prefix or "non_field_errors": [_printable(str(detail))]}


def api_exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(error, Http404):
        error = exceptions.NotFound("Not found: it does not exist or is not yours to see.")
    elif isinstance(error, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        error = RequestTooLarge(
            f"The request body is over the limit of {limit:,} bytes: send fewer items per "
            "request, or upload a file."
        )
    elif isinstance(error, PermissionDenied):
        error = exceptions.PermissionDenied(str(error) or "You may not do this.")
    elif not isinstance(error, exceptions.APIException):
        request = context.get("request")
        logger.error(
            "Internal Server Error: %s",
            getattr(request, "path", "?"),
            exc_info=(type(error), error, error.__traceback__),
        )
        error = _unexpected(error)
    response = exception_handler(error, context)
    if response is None:
        return None
    body: dict[str, Any] = {"status": response.status_code}
    if isinstance(error, exceptions.ValidationError):
        body["code"] = "invalid"
        body["fields"] = _flatten(error.detail)
        first = next(iter(body["fields"].items()), None)
        body["message"] = f"{first[0]}: {first[1][0]}" if first else "The request is not valid."
    elif isinstance(error, exceptions.APIException):
        body["code"] = error.get_codes() if isinstance(error.get_codes(), str) else "error"
        body["message"] = _printable(str(error.detail))
    else:
        body["code"], body["message"] = "error", str(error)
    body.update(getattr(error, "extra", None) or {})  # e.g. a conflict's current state
    response.data = {"error": body}
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's 500 handler (``handler500``): what failed outside an API view (in a
    middleware, say, when the database is down) is still JSON in the error shape under
    /api/; pages get Django's own."""
    if not request.path.startswith("/api/"):
        return defaults.server_error(request)
    error = sys.exc_info()[1]
    failure = _unexpected(error) if isinstance(error, Exception) else ServerError()
    body = {"status": failure.status_code, "code": failure.default_code,
            "message": str(failure.default_detail)}  # fmt: skip
    response = JsonResponse({"error": body}, status=failure.status_code)
    if isinstance(failure, DatabaseUnavailable):
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
