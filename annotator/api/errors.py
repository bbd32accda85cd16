"""Every API error in one shape: {"error": {"status", "code", "message", "fields"?}}."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from annotator.ids import MAX_ID

__all__ = ["MAX_ID"]


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"
    default_detail = "The request body is too large."


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        fields: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            fields.update(_flatten(value, name))
        return fields
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        fields = {}
        for index, item in enumerate(detail):
            fields.update(_flatten(item, f"{prefix}[{index}]"))
        return fields
    return {prefix or "non_field_errors": [str(detail)]}


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
        body["message"] = str(error.detail)
    else:
        body["code"], body["message"] = "error", str(error)
    response.data = {"error": body}
    return response
