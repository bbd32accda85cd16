"""The corpus over the REST API: articles (scoped to the caller) and imports (admins).

Imports go through ``tasks.import_submit``: a file, JSON records or a URL is read, checked
and stored by the same code as a confirmed web import, with no preview step in between.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import URLPattern, reverse
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from annotator.api.errors import MAX_ID, JobNotFailed
from annotator.api.pagination import IdCursorPagination
from annotator.campaigns.selectors import ArticleFilter, articles_matching
from annotator.models import Campaign
from annotator.permissions import IsAdmin, is_admin
from articles import services, tasks
from articles.ingest.charset import encoding_name
from articles.ingest.pipeline import FORMATS
from articles.jobs import job_progress, job_reap
from articles.models import Article, ImportBatch, Outlet, Sentence
from articles.plain_text import MaxChars, plain_text

# The name JSON records are imported under: an error at "records:3" is about the third record.
RECORDS_SOURCE = "records"
# Articles ---------------------------------------------------------------------------------


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain", "slug"]


class OutletViewSet(viewsets.ReadOnlyModelViewSet):
    """Outlets (publishers) of the corpus."""

    queryset = Outlet.objects.order_by("name", "pk")
    serializer_class = OutletSerializer


class ArticleSentenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sentence
        fields = ["id", "position", "paragraph", "kind", "start", "end", "text"]


class ArticleSummarySerializer(serializers.ModelSerializer):
    outlet = OutletSerializer(allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "standfirst",
            "author",
            "url",
            "published",
            "language",
            "outlet",
            "batch",
            "created_at",
        ]


class ArticleDetailSerializer(ArticleSummarySerializer):
    sentences = ArticleSentenceSerializer(many=True)

    class Meta(ArticleSummarySerializer.Meta):
        fields = [*ArticleSummarySerializer.Meta.fields, "body", "sentences"]


class ArticleQuerySerializer(serializers.Serializer):
    """Filters of the article list; they combine with AND."""

    outlet = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        help_text="Outlet id; repeat for articles of any of several outlets.",
    )
    batch = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="Import batch id."
    )
    published_from = serializers.DateField(required=False, help_text="Published on or after.")
    published_to = serializers.DateField(required=False, help_text="Published on or before.")
    campaign = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, help_text="Campaign id."
    )
    search = serializers.CharField(
        max_length=200,
        required=False,
        validators=[plain_text],
        help_text="Words in the title or body (full-text search on PostgreSQL).",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"published_to": ["must be on or after published_from"]}
            )
        return data


def articles_visible(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Article]:
    """Articles this user may see: admins all, reviewers those of campaigns they review in."""
    if is_admin(user):
        return Article.objects.all()
    mine = Campaign.articles.through.objects.filter(
        article_id=OuterRef("pk"),
        campaign__reviewers=user,  # type: ignore[misc]
    )
    return Article.objects.filter(Exists(mine))


@extend_schema_view(
    list=extend_schema(
        summary="Articles",
        description="Articles you may see (admins: all; reviewers: those of their campaigns), "
        "by id, cursor-paginated.",
        parameters=[ArticleQuerySerializer],
    ),
    retrieve=extend_schema(summary="An article with its sentences"),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles of the corpus, scoped to what the caller may see."""

    serializer_class = ArticleSummarySerializer

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSummarySerializer

    def get_queryset(self) -> QuerySet[Article]:
        if getattr(self, "swagger_fake_view", False):
            return Article.objects.none()
        user = self.request.user
        if self.action == "retrieve":
            sentences = Prefetch("sentences", Sentence.objects.order_by("position"))
            return articles_visible(user).select_related("outlet").prefetch_related(sentences)
        query = ArticleQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        article_filter = ArticleFilter(
            outlet_ids=tuple(given.get("outlet", ())),
            batch_id=given.get("batch"),
            published_from=given.get("published_from"),
            published_to=given.get("published_to"),
            search=given.get("search", ""),
        )
        articles = articles_matching(article_filter).filter(
            pk__in=articles_visible(user).values("pk")
        )
        if "campaign" in given:
            campaigns = Campaign.objects.filter(pk=given["campaign"])
            if not is_admin(user):
                campaigns = campaigns.filter(reviewers=user)  # type: ignore[misc]
            chosen = Campaign.articles.through.objects.filter(
                article_id=OuterRef("pk"), campaign__in=campaigns
            )
            articles = articles.filter(Exists(chosen))
        # The list leaves out the body: it can be long, and the detail has it.
        return articles.select_related("outlet").defer("body")


# Imports ----------------------------------------------------------------------------------


class ImportProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text="Articles read so far.")
    total = serializers.IntegerField(help_text="Articles expected (0 while unknown).")
    percent = serializers.IntegerField()


class ImportBatchSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(
        source="created_by.username", allow_null=True, default=None, read_only=True
    )
    progress = serializers.SerializerMethodField()
    # The API's field is called errors; DRF's Serializer.errors (validation) is unused here.
    errors = serializers.ListField(  # type: ignore[assignment]
        child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "status",
            "source_name",
            "source_format",
            "outlet_name",
            "created_by",
            "created_at",
            "finished_at",
            "article_count",
            "sentence_count",
            "duplicate_count",
            "split_sentences",
            "errors",
            "encodings",
            "progress",
        ]

    @extend_schema_field(ImportProgressSerializer)
    def get_progress(self, batch: ImportBatch) -> dict[str, int]:
        progress = job_progress(job=batch)
        return {"done": progress.done, "total": progress.total, "percent": progress.percent}


class ImportCreateSerializer(serializers.Serializer):
    """What to import: exactly one of ``file`` (multipart), ``records`` (JSON) or ``url``."""

    file = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Multipart only: scraped text pages, HTML, JSONL or CSV files; several "
        "are one batch.",
    )
    records = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        allow_empty=False,
        help_text='JSON only: article records as in a JSONL import, "title" and "text" '
        'required, "standfirst", "author", "url", "published" (ISO 8601) and "outlet" '
        'optional. An error at "records:N" is about the N-th record.',
    )
    url = serializers.URLField(required=False, help_text="A page to fetch and import.")
    format = serializers.ChoiceField(
        choices=FORMATS, required=False, help_text="Input format; detected when left out."
    )
    encoding = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        validators=[plain_text],
        help_text="Text encoding of the file or URL, such as cp1251 or shift_jis; detected when "
        "left out (and the import refused when the detector is unsure).",
    )
    outlet = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        validators=[plain_text, MaxChars("NAME_MAX_CHARS")],
        help_text="Outlet for every article (else from the page or record).",
    )

    def validate_encoding(self, value: str) -> str:
        try:
            return encoding_name(value) if value.strip() else ""
        except ValueError as error:
            raise serializers.ValidationError(f"{error}.") from None

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        given = [name for name in ("file", "records", "url") if data.get(name)]
        if len(given) != 1:
            raise serializers.ValidationError(
                "Give exactly one of file (multipart upload), records (JSON) or url."
            )
        return data


class ImportRefused(exceptions.APIException):
    """The input cannot be imported; the message says where (file:line) and why."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "import_failed"


class NewestFirst(IdCursorPagination):
    ordering = "-id"


@extend_schema_view(
    list=extend_schema(summary="Recent imports (admins)", description="Newest first."),
    retrieve=extend_schema(summary="An import's status, progress and errors (admins)"),
)
class ImportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Import batches: what was read, what was stored, what went wrong. Admins only."""

    permission_classes = [permissions.IsAuthenticated, IsAdmin]
    serializer_class = ImportBatchSerializer
    pagination_class = NewestFirst
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser]
    queryset = ImportBatch.objects.select_related("created_by")

    @extend_schema(
        summary="Import a file, JSON records or a URL (admins)",
        description="Read and checked like the web import, then stored all or nothing. Small "
        "imports are stored before the response, and bad input is refused with 400 and a "
        "message naming the file (or `records`), the line and the field. Larger ones are "
        "queued at once (an input that cannot be decoded, or whose format or first record is "
        "wrong, is still refused with 400) and every record is checked as the background "
        "task stores them: poll the Location for status and progress; a bad record stores "
        "nothing and the status is `failed`, with `errors` naming the file, line and field.",
        request={
            "application/json": ImportCreateSerializer,
            "multipart/form-data": ImportCreateSerializer,
        },
        responses={
            202: ImportBatchSerializer,
            400: OpenApiResponse(description="The input cannot be imported (file:line: why)."),
            413: OpenApiResponse(description="The request body is too large."),
        },
    )
    def create(self, request: Request) -> Response:
        given = ImportCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        files = list(data.get("file", []))
        fmt = data.get("format")
        if "records" in data:
            # The records become the JSONL the importer reads: line N is the N-th record.
            lines = "\n".join(json.dumps(record) for record in data["records"])
            files = [SimpleUploadedFile(RECORDS_SOURCE, lines.encode(), "application/jsonl")]
            fmt = "jsonl"
        batch = tasks.import_submit(
            files=files,
            url=data.get("url", ""),
            fmt=fmt,
            # JSON records are text already: an encoding is for the bytes of a file or page.
            encoding=None if "records" in data else data.get("encoding") or None,
            outlet_name=data.get("outlet", ""),
            created_by=request.user,  # type: ignore[arg-type]
        )
        if batch.status == ImportBatch.Status.QUEUED:
            batch.refresh_from_db()  # a worker may have taken it already (tests run it at once)
        if batch.status == ImportBatch.Status.FAILED:
            raise ImportRefused("; ".join(batch.errors) or "The input cannot be imported.")
        location = reverse("api-import-detail", args=[batch.pk])
        return Response(
            ImportBatchSerializer(batch).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": location},
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Viewing a job's status reaps it if its worker stopped.
        return Response(self.get_serializer(job_reap(self.get_object())).data)

    @extend_schema(
        summary="Retry a failed import (admins)",
        description="Queue it again from its uploaded files: 202. 409 when it is not failed "
        "or its files are gone (kept IMPORT_SOURCE_RETENTION_HOURS): import them anew.",
        request=None,
        responses={202: ImportBatchSerializer},
    )
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: str | None = None) -> Response:
        batch = job_reap(self.get_object())
        if batch.status == ImportBatch.Status.FAILED and not batch.inputs:
            raise JobNotFailed("This import's files are gone: import them again.")
        if not tasks.import_retry(batch=batch):
            raise JobNotFailed()
        batch.refresh_from_db()  # the immediate backend may have run it already
        location = {"Location": reverse("api-import-detail", args=[batch.pk])}
        return Response(self.get_serializer(batch).data, status=202, headers=location)

    @extend_schema(summary="Discard a failed import and its files (admins): 204, else 409")
    def destroy(self, request: Request, pk: str | None = None) -> Response:
        batch = job_reap(self.get_object())
        try:  # a previewed import is the web page's to discard
            if batch.status != ImportBatch.Status.FAILED:
                raise ValueError(batch.status)
            services.import_discard(batch=batch)
        except ValueError as error:
            raise JobNotFailed() from error
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns: list[URLPattern] = []


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("outlets", OutletViewSet, basename="api-outlet")
    router.register("articles", ArticleViewSet, basename="api-article")
    router.register("imports", ImportViewSet, basename="api-import")
