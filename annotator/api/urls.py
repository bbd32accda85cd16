"""URLs of the REST API (mounted at /api/). Each API module registers its own routes."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from annotator.api import accounts, bring, campaigns, corpus, datasets, learning
from annotator.api import review as reviews


class DocsView(SpectacularSwaggerSplitView):
    """The interactive docs page. Only GET and HEAD: it renders HTML from a template, and an
    OPTIONS answer (API metadata, no template) would fail to render as a server error. Like
    the schema it needs a signed-in caller unless ``API_DOCS_PUBLIC`` is set; a browser that
    is not signed in is sent to the login page and back."""

    http_method_names = ["get", "head"]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, NotAuthenticated):
            # A redirect, not a DRF Response: finalize_response passes any HttpResponse on.
            return redirect_to_login(self.request.get_full_path())  # type: ignore[return-value]
        return super().handle_exception(exc)


router = DefaultRouter()
corpus.register(router)
reviews.register(router)
campaigns.register(router)
datasets.register(router)
accounts.register(router)

# Swagger UI sets inline styles on its elements; everything else stays as strict as the app.
docs_csp = csp_override(
    {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "connect-src": [CSP.SELF],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.NONE],
        "frame-ancestors": [CSP.NONE],
    }
)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        docs_csp(DocsView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    *corpus.urlpatterns,
    *reviews.urlpatterns,
    *datasets.urlpatterns,
    *bring.urlpatterns,
    *learning.urlpatterns,
    path("", include(router.urls)),
]
