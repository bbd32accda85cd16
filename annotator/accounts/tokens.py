"""Personal API tokens: made, used and revoked by their owner; only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from annotator.models import ApiToken

PREFIX = "ca_"
# Last use is written at most this often per token, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with the secret, which is never stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API token", prefix=secret[:10], digest=_digest(secret)
    )
    return token, secret


def token_revoke(*, user: User, token_id: int) -> bool:
    """Delete one of the user's own tokens. Returns False when it isn't theirs or is gone."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>`` (or ``Token <token>``)."""

    keywords = ("bearer", "token")

    def authenticate(self, request: Request) -> tuple[AbstractBaseUser, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Malformed Authorization header: expected 'Bearer <token>'."
            )
        secret = header[1].decode(errors="replace")
        # One query: the token with its user, by the unique digest (no ordering, no LIMIT 1
        # sort); the last use is written at most once a TOUCH_EVERY.
        try:
            token = ApiToken.objects.select_related("user").get(digest=_digest(secret))
        except ApiToken.DoesNotExist:
            token = None
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                "Unknown or revoked API token: create a new one on your settings page."
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class PasswordAuthentication(authentication.BasicAuthentication):
    """HTTP Basic (username and password), for making a first token only. Wrong passwords
    count toward the same limit as the login page (django-axes, keyed by account and address
    together): once an account is locked from an address, every attempt from there gets 429
    until the cool-off has passed; colleagues behind the same address are not affected."""

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(
                    wait=settings.AXES_COOLOFF_TIME * 3600,
                    detail="Too many wrong passwords for this account from your address: wait "
                    "a while, or make a token on the API tokens page.",
                ) from None
            raise


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema (and the interactive docs) describe token authentication."""

    target_class = TokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A personal API token."}


class PasswordScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token endpoint's username and password."""

    target_class = PasswordAuthentication
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "basic",
            "description": "Username and password: accepted by the token endpoint only, to make "
            "a first token; wrong passwords are limited.",
        }
