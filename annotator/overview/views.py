"""The home page: an admin's overview of what needs attention (and, on an empty instance, the
first-run path); everyone else's is their reviewing queue (``annotator.review``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotator.htmx import HtmxHttpRequest
from annotator.overview import selectors
from annotator.permissions import is_admin
from annotator.review import views as review_views


@require_GET
@login_required
def home(request: HtmxHttpRequest) -> HttpResponse:
    if not is_admin(request.user):
        return review_views.home(request)
    return render(request, "overview/home.html", {"attention": selectors.attention()})
