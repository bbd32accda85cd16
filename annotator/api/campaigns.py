"""The campaigns API: campaigns, their articles, progress, agreement, adjudication and gold.

Campaigns can be read by their own reviewers (nothing about other reviewers); everything else
here is for admins only (``IsAdmin``: 403 for anyone else). Views only parse, check and
delegate: the rules live in the services and forms the web pages use.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from annotator.analysis import selectors as analysis
from annotator.api.common import ADMINS_ONLY, ReadingOrderPages, _caller, _form_errors, _id_field
from annotator.campaigns import adjudication, selectors, services
from annotator.campaigns import gold as gold_labels
from annotator.campaigns.forms import ArticleFilterForm, CampaignForm
from annotator.models import Campaign, GoldLabel
from annotator.permissions import IsAdmin, is_admin
from annotator.vocabulary import LabelValue
from articles.models import Sentence


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
        return services.campaign_save(form=self.form)[0]

    def update(self, instance: Campaign, validated_data: dict[str, Any]) -> Campaign:
        return services.campaign_save(form=self.form)[0]


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
    source = serializers.CharField()  # type: ignore[assignment]
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
        return Campaign.objects.filter(reviewers=self.request.user)  # type: ignore[misc]

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if is_admin(self.request.user):
            return CampaignSerializer
        return ReviewerCampaignSerializer

    @extend_schema(description=ADMINS_ONLY, responses=CampaignProgressSerializer)
    @action(detail=True, methods=["get"], permission_classes=[IsAdmin])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Reviews started, in progress, released and submitted, per campaign and reviewer."""
        progress = selectors.campaign_progress(campaign=self.get_object())
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
        report = analysis.campaign_agreement(campaign=campaign)
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
        matching = selectors.articles_matching(article_filter)
        result = {"action": data["action"], "added": 0, "removed": 0, "kept": 0}
        if data["action"] == "remove":
            result["removed"], result["kept"] = services.campaign_articles_remove(
                campaign=campaign, articles=matching
            )
        else:
            result["added"] = services.campaign_articles_add(campaign=campaign, articles=matching)
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


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("campaigns", CampaignViewSet, basename="api-campaign")
