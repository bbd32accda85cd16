"""The campaigns API: campaigns, their articles, progress, agreement, adjudication and gold.

Campaigns can be read by their own reviewers (nothing about other reviewers); everything else
here is for admins only (``IsAdmin``: 403 for anyone else). Views only parse, check and
delegate: the rules live in the services and forms the web pages use.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from annotator.analysis import selectors as analysis
from annotator.api.campaign_serializers import (
    CAMPAIGN_READ,
    ArticleChangeSerializer,
    ArticleSelectionSerializer,
    CampaignProgressSerializer,
    CampaignSerializer,
    DisagreementSerializer,
    GoldChangeSerializer,
    GoldConflictSerializer,
    GoldDecisionSerializer,
    GoldLabelSerializer,
    GoldResultSerializer,
    ReviewerCampaignSerializer,
)
from annotator.api.common import ADMINS_ONLY, ReadingOrderPages, _caller, _form_errors
from annotator.campaigns import adjudication, selectors, services
from annotator.campaigns import gold as gold_labels
from annotator.campaigns.forms import ArticleFilterForm
from annotator.models import Campaign, GoldLabel, GoldLabelEvent
from annotator.permissions import IsAdmin, is_admin
from annotator.vocabulary import LabelValue
from articles.models import Sentence


class GoldConflict(exceptions.APIException):
    """A stale gold decision: 409, with the gold as it is now under ``current``."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, error: gold_labels.GoldConflict) -> None:
        super().__init__(
            f"{error} Nothing was stored: send expected_version {error.current.version} to "
            "replace it."
        )
        self.extra = {"current": GoldChangeSerializer(error.current).data}


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
        "clear it (the sentence goes back to the disagreements). Every change is in history. "
        "Send expected_version (the version the disagreements or gold list gave): a decision "
        "made on a gold that changed since gets 409 and stores nothing.",
        request=GoldDecisionSerializer,
        responses={200: GoldResultSerializer, 409: GoldConflictSerializer},
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
            latest = GoldLabelEvent.objects.filter(
                campaign=campaign, sentence=OuterRef("sentence")
            ).order_by("-pk")
            found = (
                GoldLabel.objects.filter(campaign=campaign)
                .select_related("sentence", "decided_by")
                .annotate(version=Subquery(latest.values("pk")[:1]))
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
        try:
            settled = gold_labels.gold_set(
                campaign=campaign,
                sentence=sentence,
                value=decision.validated_data["value"],
                actor=_caller(request),
                expected_version=decision.validated_data.get("expected_version"),
                source=decision.validated_data.get("source", ""),
            )
        except gold_labels.GoldConflict as error:
            raise GoldConflict(error) from None
        result = {
            "sentence": sentence.pk,
            "value": settled.gold.value if settled.gold else None,
            "method": settled.gold.method if settled.gold else None,
            "source": settled.gold.source if settled.gold else "",
            "version": settled.version,
        }
        return Response(GoldResultSerializer(result).data)


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("campaigns", CampaignViewSet, basename="api-campaign")
