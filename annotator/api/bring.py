"""Bringing a model's predictions and annotations made elsewhere into a campaign, by API
(admins only; ``IsAdmin``: 403 for anyone else). The rows are sent as JSON and read exactly
as the files of ``import_predictions`` / ``import_annotations`` are: item ``n`` of the list is
line ``n + 1``, and an error names it as ``items[n].field``. All or nothing: bad input is a
400 and stores nothing; items that land on no sentence are listed under ``unplaced`` and
skipped."""

from __future__ import annotations

import json
from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.api.common import ADMINS_ONLY, _caller
from annotator.bring.annotations import annotations_file_import
from annotator.bring.outcome import Brought, Unplaced
from annotator.bring.services import predictions_file_import
from annotator.models import Campaign
from annotator.permissions import IsAdmin
from articles.ingest.errors import IngestError
from articles.plain_text import plain_text

ITEMS_MAX = 100_000


class _BringSerializer(serializers.Serializer[Any]):
    items = serializers.ListField(
        child=serializers.DictField(), allow_empty=False, max_length=ITEMS_MAX
    )
    model_name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, validators=[plain_text]
    )
    model_version = serializers.CharField(
        max_length=100, required=False, allow_blank=True, validators=[plain_text]
    )
    label_map = serializers.ListField(
        child=serializers.CharField(max_length=300, validators=[plain_text]),
        required=False,
        max_length=100,
    )


class PredictionsInSerializer(_BringSerializer):
    """``items``: prediction rows as in a predictions file (``sentence_id``, or the article
    plus ``start``/``end`` or ``text``; ``label``, ``score``)."""


class AnnotationsInSerializer(_BringSerializer):
    """``items``: Label Studio tasks, doccano records or our JSONL export's records."""

    store_as = serializers.ChoiceField(choices=["reviews", "predictions"], default="reviews")
    reviewer = serializers.CharField(
        max_length=150, required=False, allow_blank=True, validators=[plain_text]
    )
    outlet = serializers.CharField(
        max_length=200, required=False, allow_blank=True, validators=[plain_text]
    )


class UnplacedSerializer(serializers.Serializer[Any]):
    """An item (its index in ``items``) that landed on no sentence, and why."""

    index = serializers.SerializerMethodField()
    reason = serializers.CharField()

    def get_index(self, unplaced: Unplaced) -> int:
        return unplaced.line - 1


class BroughtSerializer(serializers.Serializer[Any]):
    predictions_created = serializers.IntegerField()
    predictions_updated = serializers.IntegerField()
    articles_imported = serializers.IntegerField()
    articles_found = serializers.IntegerField()
    reviews = serializers.IntegerField()
    labels = serializers.IntegerField()
    reviewers_made = serializers.IntegerField()
    gold_skipped = serializers.IntegerField()
    placed = serializers.IntegerField()
    unplaced = UnplacedSerializer(many=True)


def _lines(items: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def _invalid(error: IngestError) -> ValidationError:
    """An error in the items, named as the API names them (``items[2].score``)."""
    if error.field == "label_map":
        return ValidationError({"label_map": [error.message]})
    at = f"items[{error.line - 1}]" if error.line else "items"
    return ValidationError({f"{at}.{error.field}" if error.field else at: [error.message]})


def _answer(result: Brought) -> Response:
    return Response(BroughtSerializer(result).data, status=status.HTTP_201_CREATED)


class PredictionsView(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="campaign_predictions_import",
        description=f"{ADMINS_ONLY} Store a model's predictions for the campaign's sentences "
        "(a sentence keeps one per model name: sending again replaces it). 201 with the counts "
        "and every item that landed on no sentence (skipped); 400 stores nothing.",
        request=PredictionsInSerializer,
        responses={201: BroughtSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        campaign = get_object_or_404(Campaign, pk=pk)
        given = PredictionsInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            result = predictions_file_import(
                campaign=campaign, text=_lines(data["items"]), source="items",
                model_name=data.get("model_name") or "imported",
                model_version=data.get("model_version", ""),
                label_map=data.get("label_map", []),
            )  # fmt: skip
        except IngestError as error:
            raise _invalid(error) from None
        return _answer(result)


class AnnotationsView(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="campaign_annotations_import",
        description=f"{ADMINS_ONLY} Bring annotations made elsewhere into the campaign: "
        "texts become articles (found or imported), labels submitted reviews of the annotators "
        "named or a model's predictions (store_as). 201 with the counts and every span that "
        "landed on no sentence (skipped); 400 stores nothing.",
        request=AnnotationsInSerializer,
        responses={201: BroughtSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        campaign = get_object_or_404(Campaign, pk=pk)
        given = AnnotationsInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        as_predictions = data["store_as"] == "predictions"
        if as_predictions and not data.get("model_name", "").strip():
            raise ValidationError({"model_name": ["Name the model the predictions go under."]})
        try:
            result = annotations_file_import(
                campaign=campaign, text=_lines(data["items"]), source="items",
                label_map=data.get("label_map", []), as_predictions=as_predictions,
                model_name=data.get("model_name", ""),
                model_version=data.get("model_version", ""),
                reviewer=data.get("reviewer", ""), outlet=data.get("outlet", ""),
                created_by=_caller(request),
            )  # fmt: skip
        except IngestError as error:
            raise _invalid(error) from None
        return _answer(result)


urlpatterns: list[URLPattern] = [
    path(
        "campaigns/<int:pk>/predictions/",
        PredictionsView.as_view(),
        name="api-campaign-predictions",
    ),
    path(
        "campaigns/<int:pk>/annotations/",
        AnnotationsView.as_view(),
        name="api-campaign-annotations",
    ),
]
