"""The limit on wrong passwords (django-axes, configured in settings: keyed by account and
address together) and the client's address it keys on."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


def client_address(request: Any) -> str:
    """``REMOTE_ADDR``, or behind ``PROXY_COUNT`` trusted proxies the address the outermost of
    them saw: the ``PROXY_COUNT``-th entry of ``X-Forwarded-For`` from the right (what a
    client writes further left is not believed)."""
    meta = request.META
    remote = str(meta.get("REMOTE_ADDR") or "")
    proxies = settings.PROXY_COUNT
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    if not proxies or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote


class LoginLimitBackend(AxesStandaloneBackend):
    """Refuses an account locked from the caller's address (it never signs anyone in). A
    password checked without a request (a script's ``authenticate()``, the test client's
    ``login``) has no address to key on and is left to the next backend: every login over
    HTTP (the login page, the admin's, the API's token endpoint) passes its request."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
