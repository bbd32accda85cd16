"""Invitation links: a one-time link to set one's password, made with Django's password-reset
token machinery under a salt of its own (a password-reset token is not an invitation, nor the
other way round).

A link names the account (its id, base64) and a token derived from the account's password hash,
last login and the time it was made: setting the password, or logging in, spends it; it also
expires after ``PASSWORD_RESET_TIMEOUT`` seconds (three days unless set). Nothing is stored.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode


class InvitationTokens(PasswordResetTokenGenerator):
    key_salt = "annotator.people.invitations.InvitationTokens"


invitation_tokens = InvitationTokens()


def invitation_path(*, user: User) -> str:
    """The path of a new invitation link for ``user`` (the page builds the absolute URL)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("invitation", args=[uid, invitation_tokens.make_token(user)])


def invited_user(*, uidb64: str, token: str) -> User | None:
    """The active account the link names, if its token still holds; else None. Queries: 1
    (none for a malformed id)."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first() if 0 < pk < 2**63 else None
    if user is None or not invitation_tokens.check_token(user, token):
        return None
    return user
