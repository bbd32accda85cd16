"""Server-side sessions that cost no query of their own.

Django's database sessions take one query for the session and another for its user. Here the
session row names its user (``annotator.models.UserSession``), so loading the session loads the
user in the same statement, and ``SessionUserMiddleware`` hands that user to the request after
the checks ``django.contrib.auth.get_user`` makes (same id, an allowed backend, an active
account, the password-derived hash). A request therefore costs what it cost with signed
cookies, while logging out deletes the row: a copied cookie stops working at once, and an admin
can end every session of a user (``sessions_end``).
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from annotator.accounts import sql
from annotator.models import UserSession


class SessionStore(DatabaseSessionStore):
    """Database sessions in ``UserSession``: the row records its user, and a load brings the
    user along (``loaded_user``)."""

    loaded_user: AbstractBaseUser | None = None

    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        return UserSession

    def load(self) -> dict[str, Any]:
        """The session's data, with its user in ``loaded_user``: one statement, written out
        once (``sql.live_session``; the ORM would compile the same join on every request)."""
        self.loaded_user = None
        found = sql.live_session(self.session_key) if self.session_key else None
        if found is None:
            self._session_key = None
            return {}
        data, self.loaded_user = found
        return self.decode(data)

    def create_model_instance(self, data: dict[str, Any]) -> UserSession:
        row = cast("UserSession", super().create_model_instance(data))
        row.user_id = data.get(auth.SESSION_KEY)
        return row


def session_user(request: HttpRequest) -> Any:
    """The signed-in user: the one the session row brought, when it passes the checks
    ``auth.get_user`` makes; otherwise ``auth.get_user``'s answer (which also flushes a session
    whose password hash no longer matches)."""
    session = request.session
    user_id = session.get(auth.SESSION_KEY)  # loads the session (and its user)
    if user_id is None:
        return AnonymousUser()
    loaded = getattr(session, "loaded_user", None)
    if (
        loaded is not None
        and str(loaded.pk) == str(user_id)
        and session.get(auth.BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
        and getattr(loaded, "is_active", True)
        and constant_time_compare(
            session.get(auth.HASH_SESSION_KEY, ""), loaded.get_session_auth_hash()
        )
    ):
        return loaded
    return auth.get_user(request)


class SessionUserMiddleware(AuthenticationMiddleware):
    """Django's authentication middleware, taking the user the session row brought."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: session_user(request))  # type: ignore[assignment]


def sessions_end(*, users: Any) -> int:
    """End every session of ``users`` (a queryset or list of users): each is signed out on
    its next request. Returns how many sessions ended."""
    ended, _ = UserSession.objects.filter(user__in=users).delete()
    return ended
