"""Who may do what: small predicates, and a decorator for the admin-only pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from rest_framework.permissions import BasePermission


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Admins (curators) are staff users: they import, run campaigns and export."""
    return bool(user.is_authenticated and getattr(user, "is_staff", False))


def admin_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Log in first; then anyone who is not an admin gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_admin(request.user):
            raise PermissionDenied("This page is for admins.")
        return view(request, *args, **kwargs)

    return wrapped


class IsAdmin(BasePermission):
    """API endpoints for admins only: 403 for anyone else logged in (401 when not logged in)."""

    message = "This endpoint is for admins."

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_admin(request.user)
