"""The account pages: API tokens (every user makes, names and revokes their own), signing out
everywhere, and the login page's answer when an account is locked for wrong passwords."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from annotator.accounts.sessions import sessions_end
from annotator.accounts.tokens import token_create, token_revoke
from annotator.ids import parse_id
from annotator.models import ApiToken
from articles.plain_text import PlainTextField


class TokenForm(forms.Form):
    name = PlainTextField(
        limit="NAME_MAX_CHARS",
        max_length=100,
        label="Name",
        help_text="What the token is for, e.g. “analysis notebook”.",
    )


@require_http_methods(["GET", "POST"])
@never_cache  # the page that shows a new secret must not be kept by any cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """List the caller's tokens; POST ``name`` makes one (its secret shown on this response
    only), POST ``revoke=<id>`` deletes one of theirs (404 for any other id)."""
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm()
    created: ApiToken | None = None
    secret = ""
    if request.method == "POST":
        if "revoke" in request.POST:
            raw = request.POST["revoke"]
            token_id = parse_id(raw)
            if token_id is None or not token_revoke(user=user, token_id=token_id):
                raise Http404("No such token of yours.")
            messages.success(request, "Token revoked: anything still using it is now refused.")
            return redirect("tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            created, secret = token_create(user=user, name=form.cleaned_data["name"])
            form = TokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=user),
        "created": created,
        "secret": secret,
    }
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


def login_locked(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The login page once an account has had too many wrong passwords from this address
    (django-axes calls this): 429, saying when to try again; nothing else is locked."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    context = {
        "form": AuthenticationForm(request),
        "locked": True,
        "minutes": minutes,
        "next": request.POST.get("next", "") if request.method == "POST" else "",
    }
    response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


@require_POST
@login_required
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the caller, this one included (a lost laptop, a shared
    computer): each of their browsers must log in again."""
    user: User = request.user  # type: ignore[assignment]
    sessions_end(users=[user])
    logout(request)
    return redirect("login")
