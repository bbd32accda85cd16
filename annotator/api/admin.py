"""The admins' API: campaigns, progress, agreement, adjudication, gold labels and exports; and
every user's own API tokens.

Campaigns can be read by their own reviewers (nothing about other reviewers); everything else
here except tokens is for admins only (``IsAdmin``: 403 for anyone else). Views only parse,
check and delegate: the rules live in the services and forms the web pages use.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import QueryDict
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from annotator import adjudication, agreement, campaigns, exports
from annotator import gold as gold_labels
from annotator.api.errors import MAX_ID
from annotator.api.tokens import PasswordAuthentication, token_create, token_revoke
from annotator.export_views import ExportFileGone, export_file_response, export_response
from annotator.forms import ArticleFilterForm, CampaignForm, ExportForm
from annotator.ids import parse_id
from annotator.models import ApiToken, Campaign, ExportJob, GoldLabel
from annotator.permissions import IsAdmin, is_admin
from annotator.vocabulary import LabelValue
from articles.models import Sentence

ADMINS_ONLY = "For admins only: anyone else gets 403 (“This endpoint is for admins.”)."


def _id_field(**options: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **options)


def _caller(request: Request) -> User:
    return cast(User, request.user)


def _form_errors(form: BaseForm, rename: dict[str, str] | None = None) -> ValidationError:
    """A web form's errors as an API validation error, fields named as the API names them."""
    rename = rename or {}
    return ValidationError(
        {
            rename.get(name, "non_field_errors" if name == "__all__" else name): list(errors)
            for name, errors in form.errors.items()
        }
    )


class ReadingOrderPages(PageNumberPagination):
    """Page numbers, for lists in reading order rather than by id (disagreements)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


# Campaigns ----------------------------------------------------------------------------------


class CampaignSerializer(serializers.ModelSerializer):
    """A campaign as admins read and write it. Writes are checked by the web form's rules."""

    reviewers = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=get_user_model().objects.all(),
        pk_field=_id_field(),
        help_text="Ids of the reviewers: only they see the campaign and get its articles.",
    )

    class Meta:
        model = Campaign
        fields = [
            "id", "name", "guidelines", "reviews_per_article", "accept_majority", "reviewers",
            "is_open", "created_at",
        ]  # fmt: skip
        read_only_fields = ["created_at"]
        extra_kwargs: dict[str, dict[str, Any]] = {
            "name": {"validators": []}
        }  # uniqueness: the form says it

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        campaign = self.instance or Campaign()
        data: dict[str, Any] = {
            name: getattr(campaign, name)
            for name in ("name", "guidelines", "reviews_per_article", "accept_majority", "is_open")
        }
        data["reviewers"] = [user.pk for user in campaign.reviewers.all()] if campaign.pk else []
        data.update(attrs)
        if "reviewers" in attrs:
            data["reviewers"] = [user.pk for user in attrs["reviewers"]]
        self.form = CampaignForm(data, instance=self.instance)
        if not self.form.is_valid():
            raise _form_errors(self.form)
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Campaign:
        return campaigns.campaign_save(form=self.form)[0]

    def update(self, instance: Campaign, validated_data: dict[str, Any]) -> Campaign:
        return campaigns.campaign_save(form=self.form)[0]


class ReviewerCampaignSerializer(serializers.ModelSerializer):
    """A campaign as one of its reviewers sees it: nothing about the other reviewers."""

    class Meta:
        model = Campaign
        fields = ["id", "name", "guidelines", "reviews_per_article", "is_open", "created_at"]
        read_only_fields = fields


CAMPAIGN_READ = PolymorphicProxySerializer(
    component_name="CampaignForCaller",
    serializers=[CampaignSerializer, ReviewerCampaignSerializer],
    resource_type_field_name=None,
)


class ReviewerProgressSerializer(serializers.Serializer):
    reviewer_id = serializers.IntegerField(source="reviewer.pk")
    username = serializers.CharField(source="reviewer.username")
    started = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    released = serializers.IntegerField()
    submitted = serializers.IntegerField()
    labels = serializers.IntegerField()
    active_seconds = serializers.FloatField()
    labels_per_hour = serializers.FloatField(allow_null=True)
    median_seconds_per_sentence = serializers.FloatField(allow_null=True)


class ShortArticleSerializer(serializers.Serializer):
    article_id = serializers.IntegerField()
    title = serializers.CharField()
    outlet = serializers.CharField()
    submitted = serializers.IntegerField()
    in_progress = serializers.IntegerField()


class CampaignProgressSerializer(serializers.Serializer):
    articles = serializers.IntegerField()
    reviews_needed = serializers.IntegerField()
    submitted = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    released = serializers.IntegerField()
    complete_articles = serializers.IntegerField()
    percent = serializers.IntegerField()
    reviewers = ReviewerProgressSerializer(many=True)
    short = ShortArticleSerializer(
        many=True, help_text="Articles still short of k submitted reviews, oldest first."
    )


class ArticleSelectionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["add", "remove"])
    outlet = serializers.ListField(child=_id_field(), required=False, default=list)
    batch = _id_field(required=False, allow_null=True, default=None)
    published_from = serializers.DateField(required=False, allow_null=True, default=None)
    published_to = serializers.DateField(required=False, allow_null=True, default=None)
    search = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ArticleChangeSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["add", "remove"])
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    kept = serializers.IntegerField(help_text="Articles not removed: someone reviews them here.")


class ReviewerLabelSerializer(serializers.Serializer):
    reviewer_id = serializers.IntegerField()
    reviewer = serializers.CharField()
    value = serializers.ChoiceField(choices=LabelValue.choices)
    source = serializers.CharField()
    note = serializers.CharField()


class GoldLabelSerializer(serializers.ModelSerializer):
    sentence = serializers.IntegerField(source="sentence_id")
    article_id = serializers.IntegerField(source="sentence.article_id")
    position = serializers.IntegerField(source="sentence.position")
    text = serializers.CharField(source="sentence.text")
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)

    class Meta:
        model = GoldLabel
        fields = [
            "sentence", "article_id", "position", "text", "value", "method", "decided_by",
            "decided_at",
        ]  # fmt: skip
        read_only_fields = fields


class DisagreementGoldSerializer(serializers.Serializer):
    value = serializers.ChoiceField(choices=LabelValue.choices)
    method = serializers.ChoiceField(choices=GoldLabel.Method.choices)
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)


class DisagreementSerializer(serializers.Serializer):
    sentence = serializers.IntegerField(source="sentence.pk")
    article_id = serializers.IntegerField(source="sentence.article_id")
    title = serializers.CharField(source="sentence.article.title")
    outlet = serializers.CharField(source="sentence.article.outlet.name", allow_null=True)
    position = serializers.IntegerField(source="sentence.position")
    text = serializers.CharField(source="sentence.text")
    labels = ReviewerLabelSerializer(many=True)
    gold = DisagreementGoldSerializer(allow_null=True)


class GoldDecisionSerializer(serializers.Serializer):
    sentence = _id_field()
    value = serializers.ChoiceField(
        choices=LabelValue.choices, allow_null=True, help_text="null clears the gold label."
    )


class GoldResultSerializer(serializers.Serializer):
    sentence = serializers.IntegerField()
    value = serializers.ChoiceField(choices=LabelValue.choices, allow_null=True)
    method = serializers.ChoiceField(choices=GoldLabel.Method.choices, allow_null=True)


DISAGREEMENT_PARAMETERS = [
    OpenApiParameter(
        "pair",
        str,
        description="Only sentences where both labels were used, e.g. sourced-opinion.",
        enum=[f"{a}-{b}" for a in LabelValue.values for b in LabelValue.values if a != b],
    ),
    OpenApiParameter("outlet", int, description="Only this outlet's articles."),
    OpenApiParameter("reviewer", int, description="Only sentences this reviewer labelled."),
    OpenApiParameter(
        "show", str, enum=["all"], description="all: include sentences already settled by gold."
    ),
]


@extend_schema_view(
    list=extend_schema(
        description="Admins: every campaign. Reviewers: only the campaigns they belong to, "
        "without the reviewers' list.",
        responses=CAMPAIGN_READ,
    ),
    retrieve=extend_schema(
        description="Admins: any campaign. Reviewers: only their own (404 otherwise).",
        responses=CAMPAIGN_READ,
    ),
    create=extend_schema(description=ADMINS_ONLY),
    update=extend_schema(
        description=f"{ADMINS_ONLY} Changing k or majority brings automatic gold up to date."
    ),
    partial_update=extend_schema(description=ADMINS_ONLY),
)
class CampaignViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Campaigns: set up by admins, read by their reviewers."""

    serializer_class = CampaignSerializer

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action in ("list", "retrieve"):
            return [permissions.IsAuthenticated()]
        return [IsAdmin()]

    def get_queryset(self) -> QuerySet[Campaign]:
        if getattr(self, "swagger_fake_view", False):
            return Campaign.objects.none()
        if is_admin(self.request.user):
            found = Campaign.objects.all()
            if self.action in ("list", "retrieve", "update", "partial_update", "create"):
                found = found.prefetch_related("reviewers")
            return found
        return Campaign.objects.filter(reviewers=self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if is_admin(self.request.user):
            return CampaignSerializer
        return ReviewerCampaignSerializer

    @extend_schema(description=ADMINS_ONLY, responses=CampaignProgressSerializer)
    @action(detail=True, methods=["get"], permission_classes=[IsAdmin])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Reviews started, in progress, released and submitted, per campaign and reviewer."""
        progress = campaigns.campaign_progress(campaign=self.get_object())
        return Response(CampaignProgressSerializer(progress).data)

    @extend_schema(
        description=f"{ADMINS_ONLY} The same figures as the agreement page: Krippendorff's "
        "alpha (overall, per label, per outlet), Fleiss' kappa, percent agreement and Cohen's "
        "kappa with a confusion matrix per pair of reviewers (keyed '<low id>-<high id>').",
        responses=OpenApiResponse(OpenApiTypes.OBJECT, description="The agreement report."),
    )
    @action(detail=True, methods=["get"], permission_classes=[IsAdmin])
    def agreement(self, request: Request, pk: str | None = None) -> Response:
        """Agreement over the campaign's submitted reviews."""
        campaign = self.get_object()
        report = agreement.campaign_agreement(campaign=campaign)
        return Response(
            {"campaign": {"id": campaign.pk, "name": campaign.name}, **report.as_dict()}
        )

    @extend_schema(
        description=f"{ADMINS_ONLY} Add or remove the articles matching a filter (outlets, "
        "import batch, publication dates, search; at least one). Articles someone has started "
        "reviewing in the campaign stay in it.",
        request=ArticleSelectionSerializer,
        responses=ArticleChangeSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAdmin])
    def articles(self, request: Request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        selection = ArticleSelectionSerializer(data=request.data)
        selection.is_valid(raise_exception=True)
        data = selection.validated_data
        form = ArticleFilterForm(
            {
                "outlets": data["outlet"],
                "batch": data["batch"] or "",
                "published_from": data["published_from"] or "",
                "published_to": data["published_to"] or "",
                "search": data["search"],
            }
        )
        if not form.is_valid():
            raise _form_errors(form, {"outlets": "outlet"})
        article_filter = form.article_filter()
        if not article_filter:
            raise ValidationError("Choose at least one filter before adding or removing articles.")
        matching = campaigns.articles_matching(article_filter)
        result = {"action": data["action"], "added": 0, "removed": 0, "kept": 0}
        if data["action"] == "remove":
            result["removed"], result["kept"] = campaigns.campaign_articles_remove(
                campaign=campaign, articles=matching
            )
        else:
            result["added"] = campaigns.campaign_articles_add(campaign=campaign, articles=matching)
        return Response(ArticleChangeSerializer(result).data)

    @extend_schema(
        description=f"{ADMINS_ONLY} Sentences where submitted reviews disagree, in reading "
        "order, with every reviewer's label and the gold label; unsettled only unless "
        "show=all.",
        parameters=DISAGREEMENT_PARAMETERS,
        responses=DisagreementSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[IsAdmin],
        pagination_class=ReadingOrderPages,
    )
    def disagreements(self, request: Request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        narrow = adjudication.DisagreementFilter.parse(request.query_params)
        found = adjudication.disagreements(campaign=campaign, narrow=narrow)
        page = self.paginate_queryset(found.select_related("article__outlet"))
        rows = adjudication.disagreement_rows(campaign=campaign, sentences=list(page or []))
        return self.get_paginated_response(DisagreementSerializer(rows, many=True).data)

    @extend_schema(
        methods=["GET"],
        description=f"{ADMINS_ONLY} The campaign's gold labels, however they were decided.",
        responses=GoldLabelSerializer(many=True),
    )
    @extend_schema(
        methods=["POST", "PUT"],
        description=f"{ADMINS_ONLY} Settle a sentence: an adjudicated gold label, or null to "
        "clear it (the sentence goes back to the disagreements). Every change is in history.",
        request=GoldDecisionSerializer,
        responses=GoldResultSerializer,
    )
    @action(
        detail=True,
        methods=["get", "post", "put"],
        permission_classes=[IsAdmin],
        url_path="gold",
        url_name="gold",
    )
    def gold(self, request: Request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        if request.method in ("GET", "HEAD"):
            found = GoldLabel.objects.filter(campaign=campaign).select_related(
                "sentence", "decided_by"
            )
            page = self.paginate_queryset(found)
            return self.get_paginated_response(GoldLabelSerializer(page, many=True).data)
        decision = GoldDecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        sentence = Sentence.objects.filter(
            pk=decision.validated_data["sentence"], article__campaigns=campaign
        ).first()
        if sentence is None:
            raise ValidationError({"sentence": ["No such sentence in this campaign."]})
        settled = gold_labels.gold_set(
            campaign=campaign,
            sentence=sentence,
            value=decision.validated_data["value"],
            actor=_caller(request),
        )
        result = {
            "sentence": sentence.pk,
            "value": settled.value if settled else None,
            "method": settled.method if settled else None,
        }
        return Response(GoldResultSerializer(result).data)


# Exports ------------------------------------------------------------------------------------


class PlainNegotiation(DefaultContentNegotiation):
    """Exports are files, not renderings: ``?format=`` names the export's format (not a
    renderer), and whatever the client accepts, errors are JSON."""

    def select_renderer(
        self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        return renderers[0], renderers[0].media_type


class ExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=exports.FORMATS, default="jsonl")
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


# Formats that stream as they are written; a bundle (a zip) is prepared in the background.
STREAMED = tuple(kind for kind in exports.FORMATS if kind != "bundle")


class ExportQuerySerializer(ExportRequestSerializer):
    format = serializers.ChoiceField(choices=STREAMED, default="jsonl")
    seed = None  # type: ignore[assignment]  # bundle only


def _export_request(
    data: Any, shape: type[ExportRequestSerializer] = ExportRequestSerializer
) -> tuple[str, exports.ExportOptions, int]:
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

    class Meta:
        model = ExportJob
        fields = [
            "id", "format", "status", "options", "created_by", "created_at", "finished_at",
            "records", "error", "url", "download",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, job: ExportJob) -> str:
        return self._absolute(reverse("api-export-job-detail", args=[job.pk]))

    def get_download(self, job: ExportJob) -> str | None:
        if job.status != ExportJob.Status.DONE:
            return None
        return self._absolute(reverse("api-export-job-download", args=[job.pk]))

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
        return exports.progress_get(job_id=job.pk)["done"]

    def get_total(self, job: ExportJob) -> int:
        return exports.progress_get(job_id=job.pk)["total"]


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
        return export_response(kind, options)

    @extend_schema(
        operation_id="exports_queue",
        description=f"{ADMINS_ONLY} Prepare the export in the background: 202 with the job; "
        "follow its url for progress and the download link.",
        request=ExportRequestSerializer,
        responses={202: ExportJobSerializer},
    )
    def post(self, request: Request) -> Response:
        kind, options, seed = _export_request(request.data)
        job = exports.export_queue(
            kind=kind, options=options, created_by=_caller(request), seed=seed
        )
        job.refresh_from_db()  # the immediate backend may have finished it already
        body = ExportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


@extend_schema_view(
    list=extend_schema(description=f"{ADMINS_ONLY} Exports prepared in the background."),
    retrieve=extend_schema(
        description=f"{ADMINS_ONLY} One background export: status, progress, download link."
    ),
)
class ExportJobViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAdmin]
    queryset = ExportJob.objects.select_related("created_by")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ExportJobProgressSerializer if self.action == "retrieve" else ExportJobSerializer

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
            return export_file_response(job_id)
        except ExportFileGone as gone:
            raise NotFound(str(gone)) from gone


# Tokens -------------------------------------------------------------------------------------


class ApiTokenSerializer(serializers.ModelSerializer):
    prefix = serializers.CharField(read_only=True, help_text="The token's first characters.")

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = ["created_at", "last_used_at"]


class NewApiTokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        read_only=True, help_text="The secret: shown this once, never stored. Copy it now."
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


@extend_schema_view(
    list=extend_schema(description="Your own API tokens (never anyone else's)."),
    create=extend_schema(
        description="Make a token; the response carries its secret, shown this once.",
        request=ApiTokenSerializer,
        responses={201: NewApiTokenSerializer},
    ),
    destroy=extend_schema(description="Revoke one of your tokens: it stops working at once."),
)
class ApiTokenViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Personal API tokens, for ``Authorization: Bearer <token>``.

    The one place a password is taken (HTTP Basic) besides the login page: so a script can
    make its first token with curl. Every other endpoint takes a token or the session.
    """

    authentication_classes = [
        *api_settings.DEFAULT_AUTHENTICATION_CLASSES,
        PasswordAuthentication,
    ]
    serializer_class = ApiTokenSerializer

    def get_queryset(self) -> QuerySet[ApiToken]:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=_caller(self.request))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = ApiTokenSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        token, secret = token_create(user=_caller(request), name=given.validated_data["name"])
        token.token = secret  # type: ignore[attr-defined]
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raw = str(kwargs.get("pk", ""))
        token_id = parse_id(raw)
        if token_id is None or not token_revoke(user=_caller(request), token_id=token_id):
            raise NotFound("No such token of yours.")
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns: list[URLPattern] = [
    path("exports/", ExportView.as_view(), name="api-exports"),
]


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("campaigns", CampaignViewSet, basename="api-campaign")
    router.register("exports/jobs", ExportJobViewSet, basename="api-export-job")
    router.register("tokens", ApiTokenViewSet, basename="api-token")
