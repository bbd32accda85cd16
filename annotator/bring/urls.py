from __future__ import annotations

from django.urls import path

from annotator.bring import views

urlpatterns = [
    path("", views.bring_page, name="bring"),
    path("predictions", views.predictions_upload, name="bring-predictions"),
    path("annotations", views.annotations_upload, name="bring-annotations"),
]
