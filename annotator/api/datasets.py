"""The exports API, for admins only: stream an export, or prepare a bundle in the background
and follow its job."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import QueryDict
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.api.common import ADMINS_ONLY, _caller, _form_errors, _id_field
from annotator.api.errors import JobNotFailed
from annotator.datasets import formats, tasks
from annotator.datasets.bundle import bundle_warnings
from annotator.datasets.compression import accepts_gzip
from annotator.datasets.forms import ExportForm
from annotator.datasets.options import ExportOptions
from annotator.datasets.views import (
    ExportFileGone,
    export_file_response,
    export_response,
    labelstudio_config_response,
)
from annotator.ids import parse_id
from annotator.models import ExportJob
from annotator.permissions import IsAdmin
from articles.jobs import job_progress, job_reap


class PlainNegotiation(DefaultContentNegotiation):
    """Exports are files, not renderings: ``?format=`` names the export's format (not a
    renderer), and whatever the client accepts, errors are JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, first.media_type


class ExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=formats.FORMATS, default="jsonl")
    campaign = serializers.ListField(
        child=_id_field(), required=False, default=list,
        help_text="Campaign ids (repeat the parameter); none: every campaign.",
    )  # fmt: skip
    outlet = serializers.ListField(
        child=_id_field(), required=False, default=list,
        help_text="Outlet ids (repeat the parameter); none: every outlet.",
    )  # fmt: skip
    published_from = serializers.DateField(required=False, allow_null=True, default=None)
    published_to = serializers.DateField(required=False, allow_null=True, default=None)
    labels = serializers.ChoiceField(choices=["both", "gold", "reviewers"], default="both")
    include_no_claim = serializers.BooleanField(default=True)
    include_in_progress = serializers.BooleanField(default=False)
    real_names = serializers.BooleanField(
        default=False, help_text="Real usernames instead of stable pseudonyms."
    )
    seed = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, default=13,
        help_text="Bundle only: the same seed always gives the same train/dev/test split.",
    )  # fmt: skip


# Formats that stream as they are written (``formats.STREAMED``); a bundle (a zip) is
# prepared in the background.
STREAMED = formats.STREAMED


class ExportQuerySerializer(ExportRequestSerializer):
    format = serializers.ChoiceField(choices=STREAMED, default="jsonl")
    seed = None  # type: ignore[assignment]  # bundle only


def _export_request(
    data: Any, shape: type[ExportRequestSerializer] = ExportRequestSerializer
) -> tuple[str, ExportOptions, int]:
    """Format, options and seed from query parameters or a body, checked by the export form."""
    if isinstance(data, QueryDict):
        # A plain dict, so that missing flags take their defaults instead of meaning "off".
        plain: dict[str, Any] = data.dict()
        for name in ("campaign", "outlet"):
            if name in data:
                plain[name] = data.getlist(name)
        data = plain
    request = shape(data=data)
    request.is_valid(raise_exception=True)
    given = request.validated_data
    form = ExportForm(
        {
            "seed": 13,
            **given,
            "campaigns": given["campaign"],
            "outlets": given["outlet"],
            "published_from": given["published_from"] or "",
            "published_to": given["published_to"] or "",
        }
    )
    if not form.is_valid():
        raise _form_errors(form, {"campaigns": "campaign", "outlets": "outlet"})
    return form.cleaned_data["format"], form.export_options(), form.cleaned_data["seed"]


class ExportJobSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", allow_null=True)
    url = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField(help_text="Null until the file is ready.")
    warnings = serializers.SerializerMethodField(
        help_text="What the finished file's reader must know, e.g. a bundle's left-out splits."
    )

    class Meta:
        model = ExportJob
        fields = [
            "id", "format", "status", "options", "created_by", "created_at", "finished_at",
            "records", "error", "url", "download", "warnings",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, job: ExportJob) -> str:
        return self._absolute(reverse("api-export-job-detail", args=[job.pk]))

    def get_download(self, job: ExportJob) -> str | None:
        if job.status != ExportJob.Status.DONE:
            return None
        return self._absolute(reverse("api-export-job-download", args=[job.pk]))

    def get_warnings(self, job: ExportJob) -> list[str]:
        if job.format != "bundle" or job.status != ExportJob.Status.DONE or not job.path:
            return []
        return bundle_warnings(settings.MEDIA_ROOT / job.path)

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ExportJobProgressSerializer(ExportJobSerializer):
    done = serializers.SerializerMethodField(help_text="Articles written so far.")
    total = serializers.SerializerMethodField(help_text="Articles to write (0: not known yet).")

    class Meta(ExportJobSerializer.Meta):
        fields = [*ExportJobSerializer.Meta.fields, "done", "total"]
        read_only_fields = fields

    def get_done(self, job: ExportJob) -> int:
        return job_progress(job=job).done

    def get_total(self, job: ExportJob) -> int:
        return job_progress(job=job).total


class ExportView(APIView):
    """Exports of labelled data, streamed or prepared in the background."""

    permission_classes = [IsAdmin]
    content_negotiation_class = PlainNegotiation

    @extend_schema(
        operation_id="exports_download",
        description=f"{ADMINS_ONLY} The export, streamed as it is written: one record per "
        "sentence and campaign (JSON lines, CSV or Label Studio JSON). A dataset bundle (a zip) "
        "is prepared in the background: POST.",
        parameters=[ExportQuerySerializer],
        responses={
            (200, "application/x-ndjson"): OpenApiTypes.STR,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/json"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        kind, options, _ = _export_request(request.query_params, ExportQuerySerializer)
        return export_response(kind, options, gzip=accepts_gzip(request))

    @extend_schema(
        operation_id="exports_queue",
        description=f"{ADMINS_ONLY} Prepare the export in the background: 202 with the job; "
        "follow its url for progress and the download link.",
        request=ExportRequestSerializer,
        responses={202: ExportJobSerializer},
    )
    def post(self, request: Request) -> Response:
        kind, options, seed = _export_request(request.data)
        job = tasks.export_queue(kind=kind, options=options, created_by=_caller(request), seed=seed)
        job.refresh_from_db()  # the immediate backend may have finished it already
        body = ExportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


@extend_schema_view(
    list=extend_schema(description=f"{ADMINS_ONLY} Exports prepared in the background."),
    retrieve=extend_schema(
        description=f"{ADMINS_ONLY} One background export: status, progress, download link."
    ),
)
class ExportJobViewSet(mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAdmin]
    queryset = ExportJob.objects.select_related("created_by")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ExportJobProgressSerializer if self.action == "retrieve" else ExportJobSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Viewing a job's status reaps it if its worker stopped.
        job = job_reap(self.get_object())
        return Response(self.get_serializer(job).data)

    @extend_schema(
        description=f"{ADMINS_ONLY} Queue a failed export again: 202 with the job; 409 when "
        "it is not failed.",
        request=None,
        responses={202: ExportJobSerializer},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str | None = None) -> Response:
        job = job_reap(self.get_object())
        if not tasks.export_retry(job=job):
            raise JobNotFailed()
        job.refresh_from_db()  # the immediate backend may have run it already
        body = ExportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(
        description=f"{ADMINS_ONLY} Discard a failed export (and what it left of its file): "
        "204; 409 when it is not failed.",
        responses={204: None},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not tasks.export_discard(job=job_reap(self.get_object())):
            raise JobNotFailed()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        description=f"{ADMINS_ONLY} The finished export's file (404 until it is ready).",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], content_negotiation_class=PlainNegotiation)
    def download(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        job_id = parse_id(pk)
        if job_id is None:
            raise NotFound()
        # The web page's file response without the web view's login redirect: the
        # permission is checked above.
        try:
            return export_file_response(job_id, gzip=accepts_gzip(request))
        except ExportFileGone as gone:
            raise NotFound(str(gone)) from gone


class LabelStudioConfigView(APIView):
    """The labeling config of the Label Studio export."""

    permission_classes = [IsAdmin]
    content_negotiation_class = PlainNegotiation

    @extend_schema(
        operation_id="exports_labelstudio_config",
        description=f"{ADMINS_ONLY} The Label Studio labeling config (XML) to create the "
        "project with before importing a Label Studio export (format=labelstudio): the "
        "labels, the per-region source and note, and the reviewer of each annotation.",
        responses={(200, "application/xml"): OpenApiTypes.STR},
    )
    def get(self, request: Request) -> HttpResponseBase:
        return labelstudio_config_response()


urlpatterns: list[URLPattern] = [
    path("exports/", ExportView.as_view(), name="api-exports"),
    path(
        "exports/labelstudio-config/",
        LabelStudioConfigView.as_view(),
        name="api-export-labelstudio-config",
    ),
]


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("exports/jobs", ExportJobViewSet, basename="api-export-job")
