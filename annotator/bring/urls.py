"""The Bring page's routes, under a campaign (mounted by ``project.urls``)."""

from __future__ import annotations

from django.urls import path

from annotator.bring import views

urlpatterns = [
    path("campaigns/<int:campaign_id>/bring/", views.bring_page, name="bring"),
    path(
        "campaigns/<int:campaign_id>/bring/predictions",
        views.predictions_upload,
        name="bring-predictions",
    ),
    path(
        "campaigns/<int:campaign_id>/bring/annotations",
        views.annotations_upload,
        name="bring-annotations",
    ),
]
