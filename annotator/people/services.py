"""Writes to people's accounts: add one (with an invitation link or a password shown once),
give a new way to sign in, change the role, deactivate and reactivate, and add a reviewer to a
campaign in one step. Admins are staff users (``annotator.permissions.is_admin``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.crypto import get_random_string

from annotator.accounts.sessions import sessions_end
from annotator.models import Campaign
from annotator.people.invitations import invitation_path

How = Literal["link", "password"]
# No look-alikes (0/o, 1/l/i): a password read off a screen and typed elsewhere.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class AccountRefused(ValueError):
    """A change an admin may not make (their own role or access, a superuser's)."""


@dataclass(frozen=True, slots=True)
class SignIn:
    """How someone signs in next: an invitation link's path, or a password; each shown once
    and never stored in the clear."""

    user: User
    link: str = ""
    password: str = ""


def _password() -> str:
    raw = get_random_string(16, ALPHABET)
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _sign_in(user: User, how: How) -> SignIn:
    if how == "password":
        password = _password()
        user.set_password(password)
        user.save(update_fields=["password"])
        return SignIn(user=user, password=password)
    return SignIn(user=user, link=invitation_path(user=user))


@transaction.atomic
def account_create(
    *, username: str, email: str = "", is_admin: bool = False, how: How = "link"
) -> SignIn:
    """A new active account, a reviewer or an admin, with its first way to sign in: an
    invitation link (the account has no password until the link sets one) or a generated
    password. Queries: 1 INSERT (2 with a password)."""
    user = User(username=username, email=email, is_staff=is_admin)
    user.set_unusable_password()
    user.save()
    return _sign_in(user, how)


def account_sign_in_new(*, user: User, how: How) -> SignIn:
    """A fresh invitation link or password for an existing account (a forgotten password).
    A new password signs out every session of the account; a link leaves the current
    password working until the link sets a new one."""
    signed = _sign_in(user, how)
    if how == "password":
        sessions_end(users=[user])
    return signed


def _check_may_change(*, user: User, actor: User) -> None:
    if user.pk == actor.pk:
        raise AccountRefused("You can't change your own role or access: ask another admin.")
    if user.is_superuser and not actor.is_superuser:
        raise AccountRefused(
            f"{user.get_username()} is a superuser: only a superuser may change them."
        )


def account_role_set(*, user: User, is_admin: bool, actor: User) -> None:
    """Make ``user`` an admin (staff) or a reviewer. Raises AccountRefused for the actor's own
    account or a superuser's (unless the actor is one). Queries: 1."""
    _check_may_change(user=user, actor=actor)
    user.is_staff = is_admin
    user.save(update_fields=["is_staff"])


@transaction.atomic
def account_active_set(*, user: User, active: bool, actor: User) -> int:
    """Deactivate ``user`` (they can no longer log in or use an API token, and every session
    of theirs ends at once) or reactivate them. Their reviews and labels stay. Returns how many
    sessions ended. Raises AccountRefused as ``account_role_set``. Queries: 2."""
    _check_may_change(user=user, actor=actor)
    user.is_active = active
    user.save(update_fields=["is_active"])
    return 0 if active else sessions_end(users=[user])


@transaction.atomic
def campaign_reviewer_add(
    *, campaign: Campaign, username: str, email: str = "", how: How = "link"
) -> SignIn:
    """A new reviewer account (``account_create``), added to the campaign's reviewers."""
    signed = account_create(username=username, email=email, how=how)
    campaign.reviewers.add(signed.user)
    return signed


def invitation_accept(*, user: User, password: str) -> None:
    """Set the password an invitation link asked for (which spends the link: its token
    depends on the password). Queries: 1."""
    user.set_password(password)
    user.save(update_fields=["password"])
