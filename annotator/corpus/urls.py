from __future__ import annotations

from django.urls import path

from annotator.corpus import views

urlpatterns = [
    path("", views.article_list, name="corpus"),
    path("outlet", views.articles_outlet, name="corpus-outlet"),
    path("articles/<int:article_id>/", views.article_detail, name="corpus-article"),
    path("outlets/", views.outlet_list, name="outlets"),
    path("outlets/<int:outlet_id>/", views.outlet_edit, name="outlet-edit"),
]
