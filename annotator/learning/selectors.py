"""Reads of the built-in model for the campaign page and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from annotator.learning.curve import learning_curve
from annotator.models import Campaign, ModelTraining, ModelVersion
from annotator.vocabulary import VOCABULARY

LABEL_ORDER = [spec.value.value for spec in VOCABULARY]


@dataclass(frozen=True, slots=True)
class ModelPanel:
    versions: list[ModelVersion]  # newest first
    training: ModelTraining | None  # the latest training asked for
    curve: SafeString  # the newest version's learning curve

    @property
    def labels(self) -> list[str]:
        return LABEL_ORDER


def model_panel(*, campaign: Campaign) -> ModelPanel:
    """The campaign's model versions (newest first) with the latest training and the newest
    version's curve. Queries: 2, whatever the number of versions."""
    versions = list(ModelVersion.objects.filter(campaign=campaign).order_by("-number"))
    training = ModelTraining.objects.filter(campaign=campaign).first()
    curve = learning_curve(
        chart_id=f"model-curve-{campaign.pk}", points=versions[0].curve if versions else []
    )
    return ModelPanel(versions, training, curve)


def version_scores(version: ModelVersion) -> list[tuple[str, dict[str, float] | None]]:
    """Each label's out-of-fold scores in vocabulary order (None: not in its gold)."""
    return [(label, version.scores.get(label)) for label in LABEL_ORDER]
