"""The built-in model's one page action: an admin asks for a training now (POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from annotator.learning.tasks import model_training_queue
from annotator.models import Campaign
from annotator.permissions import admin_required


@require_POST
@admin_required
def model_retrain(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    requested_by = request.user if isinstance(request.user, User) else None
    _, new = model_training_queue(campaign=campaign, requested_by=requested_by)
    if new:
        messages.success(request, "The model is being trained on the campaign's gold labels.")
    else:
        messages.info(request, "A training is already under way.")
    return redirect("campaign", campaign_id=campaign.pk)
