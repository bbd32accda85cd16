from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from annotator.accounts import views as token_views
from annotator.analysis import views as report_views
from annotator.bring import urls as bring_urls
from annotator.campaigns import adjudication_views
from annotator.campaigns import views as campaign_views
from annotator.datasets import views as export_views
from annotator.learning import urls as learning_urls
from annotator.overview import views as overview_views
from annotator.people import views as people_views
from annotator.review import views

urlpatterns = [
    path("", overview_views.home, name="home"),
    path("queue/", views.home, name="queue"),
    path(
        "campaigns/<int:campaign_id>/articles/<int:article_id>/review",
        views.review_start,
        name="review-start",
    ),
    path("next", views.review_next, name="review-next"),
    path("campaigns/<int:campaign_id>/next", views.campaign_review_next, name="campaign-next"),
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
    path(
        "reviews/<int:review_id>/accept-suggestions",
        views.suggestions_accept,
        name="suggestions-accept",
    ),
    path("reviews/<int:review_id>/submit", views.review_submit, name="review-submit"),
    path("reviews/<int:review_id>/reopen", views.review_reopen, name="review-reopen"),
    path("campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/new", campaign_views.campaign_create, name="campaign-create"),
    path("campaigns/<int:campaign_id>/", campaign_views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/edit", campaign_views.campaign_edit, name="campaign-edit"),
    *bring_urls.urlpatterns,
    *learning_urls.urlpatterns,
    path(
        "campaigns/<int:campaign_id>/reviewers/new",
        people_views.campaign_reviewer_add,
        name="campaign-reviewer-add",
    ),
    path(
        "campaigns/<int:campaign_id>/toggle", campaign_views.campaign_toggle, name="campaign-toggle"
    ),
    path(
        "campaigns/<int:campaign_id>/articles",
        campaign_views.campaign_articles,
        name="campaign-articles",
    ),
    path(
        "campaigns/<int:campaign_id>/agreement",
        campaign_views.campaign_agreement,
        name="campaign-agreement",
    ),
    path(
        "campaigns/<int:campaign_id>/agreement.json",
        campaign_views.campaign_agreement_json,
        name="campaign-agreement-json",
    ),
    path(
        "campaigns/<int:campaign_id>/quality",
        campaign_views.campaign_quality,
        name="campaign-quality",
    ),
    path(
        "campaigns/<int:campaign_id>/adjudication",
        adjudication_views.adjudication_list,
        name="adjudication",
    ),
    path(
        "campaigns/<int:campaign_id>/adjudication/settle",
        campaign_views.campaign_settle,
        name="campaign-settle",
    ),
    path(
        "campaigns/<int:campaign_id>/adjudication/<int:sentence_id>",
        adjudication_views.adjudication_item,
        name="adjudication-item",
    ),
    path(
        "campaigns/<int:campaign_id>/adjudication/articles/<int:article_id>",
        adjudication_views.adjudication_article,
        name="adjudication-article",
    ),
    path(
        "campaigns/<int:campaign_id>/adjudication/undo/<int:event_id>",
        adjudication_views.adjudication_undo,
        name="adjudication-undo",
    ),
    path("reports/", report_views.report_comparison, name="report-comparison"),
    path(
        "reports/comparison.csv",
        report_views.report_comparison_csv,
        name="report-comparison-csv",
    ),
    path("reports/outlets/<int:outlet_id>/", report_views.report_outlet, name="report-outlet"),
    path(
        "reports/outlets/<int:outlet_id>/shares.csv",
        report_views.report_outlet_csv,
        name="report-outlet-csv",
    ),
    path(
        "reports/outlets/<int:outlet_id>/trend.csv",
        report_views.report_trend_csv,
        name="report-trend-csv",
    ),
    path("reports/articles/<int:article_id>/", report_views.report_article, name="report-article"),
    path(
        "reports/articles/<int:article_id>/shares.csv",
        report_views.report_article_csv,
        name="report-article-csv",
    ),
    path("exports/", export_views.export_page, name="exports"),
    path(
        "exports/label_studio_config.xml",
        export_views.labelstudio_config,
        name="export-labelstudio-config",
    ),
    path("exports/<int:job_id>/", export_views.export_detail, name="export-detail"),
    path("exports/<int:job_id>/download", export_views.export_download, name="export-download"),
    path("exports/<int:job_id>/retry", export_views.export_retry, name="export-retry"),
    path("exports/<int:job_id>/discard", export_views.export_discard, name="export-discard"),
    path("settings/tokens/", token_views.token_list, name="tokens"),
    path(
        "settings/sign-out-everywhere",
        token_views.sign_out_everywhere,
        name="sign-out-everywhere",
    ),
    path("api/", include("annotator.api.urls")),
    path("people/", include("annotator.people.urls")),
    path("corpus/", include("annotator.corpus.urls")),
    path(
        "accounts/invitation/<str:uidb64>/<str:token>/",
        people_views.invitation,
        name="invitation",
    ),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("imports/", include("annotator.imports.urls")),
    path("admin/", admin.site.urls),
    # Pages without their own icon link (the Django admin) make browsers ask for this.
    path("favicon.ico", views.favicon),
]

# Under /api/ an error outside a view (a middleware's, when the database is down) is JSON too.
handler500 = "annotator.api.errors.server_error"
