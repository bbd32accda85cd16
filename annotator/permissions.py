"""Who may do what: small predicates, and a decorator for the admin-only pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Admins (curators) are staff users: they import, run campaigns and export."""
    return bool(user.is_authenticated and getattr(user, "is_staff", False))


def admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; then anyone who is not an admin gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_admin(request.user):
            raise PermissionDenied("This page is for admins.")
        return view(request, *args, **kwargs)

    return wrapped
