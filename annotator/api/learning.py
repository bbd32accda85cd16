"""The built-in model of a campaign, by API (admins only): its versions with their
out-of-fold scores, and a training asked for now."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotator.api.common import ADMINS_ONLY, _caller
from annotator.learning.selectors import model_panel
from annotator.learning.tasks import model_training_queue
from annotator.models import Campaign, ModelTraining, ModelVersion
from annotator.permissions import IsAdmin


class ModelVersionSerializer(serializers.ModelSerializer[ModelVersion]):
    class Meta:
        model = ModelVersion
        fields = ["number", "trained_on", "macro_f1", "scores", "curve", "created_at"]


class ModelTrainingSerializer(serializers.ModelSerializer[ModelTraining]):
    version = serializers.SerializerMethodField()

    class Meta:
        model = ModelTraining
        fields = ["id", "status", "error", "created_at", "finished_at", "version"]

    def get_version(self, job: ModelTraining) -> int | None:
        return None if job.version_id is None else job.version.number  # type: ignore[union-attr]


class ModelSerializer(serializers.Serializer[Any]):
    versions = ModelVersionSerializer(many=True)
    training = ModelTrainingSerializer(allow_null=True)


class ModelView(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="campaign_model",
        description=f"{ADMINS_ONLY} The campaign's built-in model: every version, newest "
        "first, with its out-of-fold macro-F1, per-label precision and recall and learning "
        "curve, and the latest training asked for.",
        responses={200: ModelSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        campaign = get_object_or_404(Campaign, pk=pk)
        panel = model_panel(campaign=campaign)
        data = {"versions": panel.versions, "training": panel.training}
        return Response(ModelSerializer(data).data)


class ModelRetrainView(APIView):
    permission_classes = [IsAdmin]

    @extend_schema(
        operation_id="campaign_model_retrain",
        description=f"{ADMINS_ONLY} Train the campaign's built-in model on its gold now, in "
        "the background: 202 with the training (the one already queued or running, if any).",
        request=None,
        responses={202: ModelTrainingSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        campaign = get_object_or_404(Campaign, pk=pk)
        job, _ = model_training_queue(campaign=campaign, requested_by=_caller(request))
        return Response(ModelTrainingSerializer(job).data, status=status.HTTP_202_ACCEPTED)


urlpatterns: list[URLPattern] = [
    path("campaigns/<int:pk>/model/", ModelView.as_view(), name="api-campaign-model"),
    path(
        "campaigns/<int:pk>/model/retrain/",
        ModelRetrainView.as_view(),
        name="api-campaign-model-retrain",
    ),
]
