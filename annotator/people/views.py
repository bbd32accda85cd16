"""The People pages (admins): every account, adding reviewers and admins, their roles and
access; a reviewer added from a campaign; and the invitation link's page (anyone holding it).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from annotator.models import Campaign
from annotator.people import selectors, services
from annotator.people.forms import (
    ActiveForm,
    InvitationForm,
    NewAccountForm,
    NewReviewerForm,
    RoleForm,
    SignInForm,
)
from annotator.people.invitations import invited_user
from annotator.permissions import admin_required


def _people_page(request: HttpRequest, form: NewAccountForm, *, status: int = 200) -> HttpResponse:
    context = {"form": form, "people": selectors.people_list()}
    return render(request, "people/people.html", context, status=status)


def _signed_in(
    request: HttpRequest, signed: services.SignIn, *, campaign: Campaign | None = None
) -> HttpResponse:
    """The page showing a new link or password, once (never stored, never cached)."""
    context: dict[str, Any] = {"signed": signed, "person": signed.user, "campaign": campaign}
    if signed.link:
        context["link"] = request.build_absolute_uri(signed.link)
    return render(request, "people/signed_in.html", context)


@require_http_methods(["GET", "POST"])
@admin_required
def people_list(request: HttpRequest) -> HttpResponse:
    form = NewAccountForm(request.POST if request.method == "POST" else None)
    if not form.is_bound:
        return _people_page(request, form)
    if not form.is_valid():
        return _people_page(request, form, status=400)
    signed = services.account_create(
        username=form.cleaned_data["username"],
        email=form.cleaned_data["email"],
        is_admin=form.cleaned_data["role"] == "admin",
        how=form.cleaned_data["how"],
    )
    return _signed_in(request, signed)


def _refused(request: HttpRequest, form: Any) -> HttpResponse:
    errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
    messages.error(request, errors)
    return _people_page(request, NewAccountForm(), status=400)


@require_POST
@admin_required
def person_role(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    is_admin = form.cleaned_data["role"] == "admin"
    try:
        services.account_role_set(user=person, is_admin=is_admin, actor=request.user)  # type: ignore[arg-type]
    except services.AccountRefused as error:
        messages.error(request, str(error))
    else:
        role = "an admin" if is_admin else "a reviewer"
        messages.success(request, f"{person.get_username()} is now {role}.")
    return redirect("people")


@require_POST
@admin_required
def person_active(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    active = bool(form.cleaned_data["active"])
    try:
        ended = services.account_active_set(user=person, active=active, actor=request.user)  # type: ignore[arg-type]
    except services.AccountRefused as error:
        messages.error(request, str(error))
    else:
        name = person.get_username()
        if active:
            messages.success(request, f"{name} can log in again.")
        else:
            sessions = f"{ended} session{'s' if ended != 1 else ''}"
            messages.success(request, f"Deactivated {name}: {sessions} ended, tokens refused.")
    return redirect("people")


@require_POST
@admin_required
def person_sign_in(request: HttpRequest, user_id: int) -> HttpResponse:
    """A new invitation link or password for an account (a forgotten password)."""
    person = get_object_or_404(User, pk=user_id, is_active=True)
    form = SignInForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    return _signed_in(
        request, services.account_sign_in_new(user=person, how=form.cleaned_data["how"])
    )


@require_http_methods(["GET", "POST"])
@admin_required
def campaign_reviewer_add(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Make a reviewer's account and add it to the campaign in one step."""
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    form = NewReviewerForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        signed = services.campaign_reviewer_add(
            campaign=campaign,
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            how=form.cleaned_data["how"],
        )
        return _signed_in(request, signed, campaign=campaign)
    context = {"form": form, "campaign": campaign}
    status = 400 if form.errors else 200
    return render(request, "people/campaign_reviewer.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Set one's password from an invitation link, then go in signed in. The token is checked
    on every request (nothing kept in the session). The site's same-origin Referrer-Policy
    keeps the link from other sites (``no-referrer`` here would make Chromium send
    ``Origin: null`` with the form, which CSRF refuses)."""
    person = invited_user(uidb64=uidb64, token=token)
    if person is None:
        return render(request, "people/invitation.html", {"valid": False}, status=404)
    form = InvitationForm(person, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        services.invitation_accept(user=person, password=form.cleaned_data["new_password1"])
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome, {person.get_username()}: your password is set.")
        return redirect("home")
    context = {"valid": True, "form": form, "person": person}
    return render(request, "people/invitation.html", context, status=400 if form.errors else 200)
