"""Pieces the API modules share: id fields, the caller, web-form errors as API errors, paging
in reading order."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.forms import BaseForm
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from annotator.api.errors import MAX_ID

ADMINS_ONLY = "For admins only: anyone else gets 403 (“This endpoint is for admins.”)."


def _id_field(**options: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **options)


def _caller(request: Request) -> User:
    return cast(User, request.user)


def _form_errors(form: BaseForm, rename: dict[str, str] | None = None) -> ValidationError:
    """A web form's errors as an API validation error, fields named as the API names them."""
    rename = rename or {}
    return ValidationError(
        {
            rename.get(name, "non_field_errors" if name == "__all__" else name): [
                str(message) for message in errors
            ]
            for name, errors in form.errors.items()
        }
    )


class ReadingOrderPages(PageNumberPagination):
    """Page numbers, for lists in reading order rather than by id (disagreements)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
