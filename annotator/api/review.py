"""The reviewer's API: their queue, their reviews and their labels.

Every review is looked up among the caller's own (another reviewer's is 404, never 403, as in
the web UI), and every change goes through the same services as the review page. What requests
send and responses return is in ``annotator.api.review_serializers``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from annotator.api.review_serializers import (
    MAX_LABELS_PER_REQUEST,
    LabelSerializer,
    LabelsSerializer,
    LabelsWriteSerializer,
    LabelWriteSerializer,
    QueueCampaignSerializer,
    QueueNextSerializer,
    ReviewDetailSerializer,
    ReviewQuerySerializer,
    ReviewSerializer,
    SubmitResultSerializer,
    UndoResultSerializer,
)
from annotator.models import Label, Review
from annotator.review import queue, selectors, services
from annotator.suggestions import suggestion_from


class Conflict(exceptions.APIException):
    """The review cannot change now (campaign closed, review submitted)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "This review cannot change now."


CONFLICT = OpenApiResponse(description="The campaign is closed or the review is submitted.")


# Views ------------------------------------------------------------------------------------


def _refused(error: services.ReviewNotEditable) -> Conflict:
    return Conflict(str(error))


@extend_schema_view(
    list=extend_schema(
        summary="My open campaigns",
        description="Each with the articles waiting for you and your unfinished reviews.",
    ),
)
class QueueViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's queue."""

    serializer_class = QueueCampaignSerializer
    pagination_class = None

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entries = selectors.reviewer_campaigns(user=request.user)
        rows = [
            {
                "campaign": entry.campaign,
                "waiting": entry.waiting,
                "submitted": entry.submitted,
                "in_progress": entry.in_progress,
            }
            for entry in entries
        ]
        return Response(QueueCampaignSerializer(rows, many=True).data)

    @extend_schema(
        summary="My next article",
        description="Your oldest unfinished review, else a new review of the next article "
        "in your queues (like the web UI's Next); with `campaign`, in that campaign only. "
        "204 when nothing is left.",
        request=QueueNextSerializer,
        responses={200: ReviewSerializer, 204: OpenApiResponse(description="Nothing is left.")},
    )
    @action(detail=False, methods=["post"], url_path="next")
    def next(self, request: Request) -> Response:
        given = QueueNextSerializer(data=request.data, context={"reviewer": request.user})
        given.is_valid(raise_exception=True)
        review = queue.review_next(
            reviewer=request.user,  # type: ignore[arg-type]
            campaign=given.validated_data.get("campaign"),
        )
        if review is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        review = Review.objects.for_page().defer("article__body").get(pk=review.pk)
        location = reverse("api-review-detail", args=[review.pk])
        return Response(ReviewSerializer(review).data, headers={"Location": location})


SENTENCE_ID = OpenApiParameter("sentence_id", int, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(
        summary="My reviews",
        description="Your reviews only, newest first, cursor-paginated.",
        parameters=[ReviewQuerySerializer],
    ),
    retrieve=extend_schema(
        summary="My review with its article, sentences and my labels",
        description="Another reviewer's review is 404.",
    ),
)
class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's reviews and labels. Another reviewer's review is 404, never 403."""

    serializer_class = ReviewSerializer
    parser_classes = [parsers.JSONParser]

    def get_queryset(self) -> QuerySet[Review]:
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        reviews = Review.objects.for_reviewer(self.request.user)  # type: ignore[arg-type]
        if self.action == "retrieve":
            return reviews.for_page()
        if self.action == "list":
            query = ReviewQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            if "campaign" in query.validated_data:
                reviews = reviews.filter(campaign_id=query.validated_data["campaign"])
            if "status" in query.validated_data:
                reviews = reviews.filter(status=query.validated_data["status"])
            return reviews.for_page().defer("article__body")
        return reviews.select_related("campaign")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ReviewDetailSerializer if self.action == "retrieve" else ReviewSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review = self.get_object()
        rows = [row for paragraph in selectors.review_sentences(review=review) for row in paragraph]
        review.tagged = sum(1 for row in rows if row.label)
        review.total = len(rows)
        return Response(ReviewDetailSerializer(review, context={"rows": rows}).data)

    def _labels(self, review: Review) -> Response:
        labels = Label.objects.filter(review=review).order_by("sentence__position")
        return Response({"labels": LabelSerializer(labels, many=True).data})

    @extend_schema(methods=["GET"], summary="My labels in this review", responses=LabelsSerializer)
    @extend_schema(
        methods=["PUT", "POST"],
        summary="Set several labels at once",
        description=f"All or nothing, in one transaction. Up to {MAX_LABELS_PER_REQUEST:,} "
        "labels; `value` null clears a label. Repeating a request changes nothing more. "
        "Returns all your labels in the review.",
        request=LabelsWriteSerializer,
        responses={200: LabelsSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["get", "put", "post"])
    def labels(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        if request.method in ("GET", "HEAD"):
            return self._labels(review)
        given = LabelsWriteSerializer(data=request.data, context={"review": review})
        given.is_valid(raise_exception=True)
        try:
            services.labels_set(
                review=review,
                changes=given.validated_data["labels"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except services.ReviewNotEditable as error:
            raise _refused(error) from error
        return self._labels(review)

    @extend_schema(
        methods=["PUT"],
        summary="Set one label",
        operation_id="reviews_label_update",
        description="`value` null clears it (then 204).",
        parameters=[SENTENCE_ID],
        request=LabelWriteSerializer,
        responses={200: LabelSerializer, 204: OpenApiResponse(description="Cleared."),
                   409: CONFLICT},
    )  # fmt: skip
    @extend_schema(
        methods=["DELETE"],
        summary="Clear one label",
        operation_id="reviews_label_destroy",
        parameters=[SENTENCE_ID],
        responses={204: OpenApiResponse(description="Cleared."), 409: CONFLICT},
    )
    @action(detail=True, methods=["put", "delete"], url_path=r"labels/(?P<sentence_id>[0-9]+)")
    def label(self, request: Request, pk: str | None = None, sentence_id: str = "") -> Response:
        review = self.get_object()
        # The sentence brings its suggestion along (no extra query): the label records it.
        sentence = get_object_or_404(selectors.review_sentence_reads(review=review), pk=sentence_id)
        given: dict[str, Any] = {"value": None}
        if request.method == "PUT":
            write = LabelWriteSerializer(data=request.data)
            write.is_valid(raise_exception=True)
            given = dict(write.validated_data)
        try:
            label = services.label_set(
                review=review,
                sentence=sentence,
                value=given["value"],
                actor=request.user,  # type: ignore[arg-type]
                source=given.get("source"),
                note=given.get("note"),
                suggestion=suggestion_from(sentence),
            )
        except services.ReviewNotEditable as error:
            raise _refused(error) from error
        if label is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(LabelSerializer(label).data)

    @extend_schema(
        summary="Submit the review",
        description="Untagged sentences count as no claim. Safe to repeat.",
        request=None,
        responses={200: SubmitResultSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        try:
            marked = services.review_submit(review=review, actor=request.user)  # type: ignore[arg-type]
        except services.ReviewNotEditable as error:
            raise _refused(error) from error
        review = Review.objects.for_page().defer("article__body").get(pk=review.pk)
        return Response(SubmitResultSerializer({"review": review, "no_claim": marked}).data)

    @extend_schema(
        summary="Reopen a submitted review",
        request=None,
        responses={200: ReviewSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        try:
            services.review_reopen(review=review)
        except services.ReviewNotEditable as error:
            raise _refused(error) from error
        review = Review.objects.for_page().defer("article__body").get(pk=review.pk)
        return Response(ReviewSerializer(review).data)

    @extend_schema(
        summary="Undo my latest change in this review",
        request=None,
        responses={200: UndoResultSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        try:
            sentences = services.label_undo(review=review, actor=request.user)  # type: ignore[arg-type]
        except services.ReviewNotEditable as error:
            raise _refused(error) from error
        # An accept-all is taken back at once: the response names its first sentence.
        sentence = sentences[0] if sentences else None
        label = Label.objects.filter(review=review, sentence=sentence).first() if sentence else None
        return Response(
            UndoResultSerializer(
                {"sentence": sentence.pk if sentence else None, "label": label}
            ).data
        )


urlpatterns: list[URLPattern] = []


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("queue", QueueViewSet, basename="api-queue")
    router.register("reviews", ReviewViewSet, basename="api-review")
