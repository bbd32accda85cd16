from __future__ import annotations

from django.urls import path

from annotator.imports import views

urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("<int:batch_id>/", views.import_detail, name="import-detail"),
    path("<int:batch_id>/start", views.import_start, name="import-start"),
    path("<int:batch_id>/discard", views.import_discard, name="import-discard"),
    path("<int:batch_id>/retry", views.import_retry, name="import-retry"),
    path("<int:batch_id>/choices", views.import_choices, name="import-choices"),
    path("<int:batch_id>/outlet", views.import_outlet, name="import-outlet"),
    path(
        "<int:batch_id>/articles/outlet",
        views.import_articles_outlet,
        name="import-articles-outlet",
    ),
]
