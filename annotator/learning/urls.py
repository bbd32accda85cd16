"""The built-in model's routes, under a campaign (mounted by ``project.urls``)."""

from __future__ import annotations

from django.urls import path

from annotator.learning import views

urlpatterns = [
    path(
        "campaigns/<int:campaign_id>/model/retrain",
        views.model_retrain,
        name="model-retrain",
    ),
]
