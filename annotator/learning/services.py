"""Training a campaign's built-in model: one version from its gold labels, scored out of
fold, saved as plain arrays, and its predictions for every sentence of the campaign stored."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from annotator.campaigns.predictions import PredictionRow, predictions_store
from annotator.learning import linear, scores
from annotator.models import Campaign, GoldLabel, ModelVersion
from articles.models import Sentence

MODEL_NAME = "built-in"
# Sentences predicted per round (their texts held in memory at once).
PREDICT_BATCH = 5000


def model_file(version: ModelVersion) -> Path:
    return Path(settings.MEDIA_ROOT) / version.path


def training_set(*, campaign: Campaign) -> tuple[list[str], list[str]]:
    """The campaign's gold labels as (texts, labels), in sentence order: unanimous,
    adjudicated, and strict-majority gold where the campaign accepts majorities (automatic
    gold already follows that setting). Queries: 1."""
    rows = (
        GoldLabel.objects.filter(campaign=campaign)
        .order_by("sentence_id")
        .values_list("sentence__text", "value")
    )
    texts = [text for text, _ in rows]
    return texts, [value for _, value in rows]


def model_version_train(*, campaign: Campaign) -> ModelVersion:
    """Train the next version of the campaign's built-in model on its gold, score it out of
    fold (k-fold macro-F1, per-label precision and recall, learning curve), save it, and
    store its prediction for every sentence of the campaign (model "built-in", version
    "v<N>"), replacing the earlier version's. Raises ``linear.TooFewLabels``, storing
    nothing. Queries: a few, plus 1 per 5,000 sentences and those of ``predictions_store``."""
    texts, labels = training_set(campaign=campaign)
    model = linear.fit(texts, labels)
    scored = scores.out_of_fold(texts, labels)
    latest = ModelVersion.objects.filter(campaign=campaign).aggregate(last=Max("number"))
    number = (latest["last"] or 0) + 1
    relative = f"models/campaign-{campaign.pk}/v{number}.npz"
    linear.save(model, Path(settings.MEDIA_ROOT) / relative)
    rows: list[PredictionRow] = []
    sentences = Sentence.objects.filter(article__campaigns=campaign).order_by("pk")
    batch: list[tuple[int, str]] = []
    for pair in sentences.values_list("pk", "text").iterator(chunk_size=PREDICT_BATCH):
        batch.append(pair)
        if len(batch) == PREDICT_BATCH:
            rows.extend(_predicted(model, batch))
            batch = []
    rows.extend(_predicted(model, batch))
    with transaction.atomic():
        version = ModelVersion.objects.create(
            campaign=campaign,
            number=number,
            trained_on=len(labels),
            macro_f1=scored.macro_f1,
            scores=scored.per_label,
            curve=[list(point) for point in scored.curve],
            path=relative,
        )
        predictions_store(
            campaign=campaign,
            rows=rows,
            model_name=MODEL_NAME,
            model_version=f"v{number}",
            replace=True,
        )
    return version


def _predicted(model: linear.LinearModel, batch: list[tuple[int, str]]) -> list[PredictionRow]:
    predicted = model.predict([text for _, text in batch])
    return [
        PredictionRow(sentence_id=pk, value=value, score=min(1.0, max(0.0, score)))
        for (pk, _), (value, score) in zip(batch, predicted, strict=True)
    ]
