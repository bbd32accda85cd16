from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotator import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "campaigns/<int:campaign_id>/articles/<int:article_id>/review",
        views.review_start,
        name="review-start",
    ),
    path("next", views.review_next, name="review-next"),
    path("reviews/<int:review_id>/", views.review_detail, name="review"),
    path(
        "reviews/<int:review_id>/sentences/<int:sentence_id>/",
        views.sentence_detail,
        name="sentence",
    ),
    path(
        "reviews/<int:review_id>/sentences/<int:sentence_id>/label",
        views.label_update,
        name="label-update",
    ),
    path("reviews/<int:review_id>/undo", views.label_undo, name="label-undo"),
    path("reviews/<int:review_id>/submit", views.review_submit, name="review-submit"),
    path("reviews/<int:review_id>/reopen", views.review_reopen, name="review-reopen"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("imports/", include("articles.urls")),
    path("admin/", admin.site.urls),
    # Pages without their own icon link (the Django admin) make browsers ask for this.
    path("favicon.ico", views.favicon),
]
