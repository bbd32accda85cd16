"""Training a campaign's built-in model: one version from its gold labels, scored out of
fold, saved as plain arrays, and its predictions for every sentence of the campaign stored.
Every sentence is read in its article (``features.context_features``), for training and
prediction alike."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery

from annotator.campaigns.predictions import PredictionRow, predictions_store
from annotator.learning import linear, scores
from annotator.learning.features import context_features, hand_features
from annotator.models import Campaign, GoldLabel, ModelVersion
from articles.models import Sentence

MODEL_NAME = "built-in"
# Sentences predicted per round (their texts held in memory at once), whole articles each.
PREDICT_BATCH = 5000


@dataclass(frozen=True, slots=True)
class TrainingSet:
    texts: list[str]
    labels: list[str]
    context: np.ndarray  # the texts' article context (``features.context_features``)


def model_file(version: ModelVersion) -> Path:
    return Path(settings.MEDIA_ROOT) / version.path


def training_set(*, campaign: Campaign) -> TrainingSet:
    """The campaign's gold labels with their sentences' texts and article context, in
    article and sentence order: unanimous, adjudicated, and strict-majority gold where the
    campaign accepts majorities (automatic gold already follows that setting). Reads every
    sentence of the articles with gold (the context needs them). Queries: 1."""
    gold = GoldLabel.objects.filter(campaign=campaign, sentence=OuterRef("pk")).values("value")
    with_gold = GoldLabel.objects.filter(campaign=campaign).values("sentence__article_id")
    rows = list(
        Sentence.objects.filter(article_id__in=with_gold)
        .order_by("article_id", "position")
        .annotate(gold=Subquery(gold[:1]))
        .values_list("article_id", "text", "gold")
    )
    texts = [text for _, text, _ in rows]
    context = context_features(hand_features(texts), _article_sizes([a for a, _, _ in rows]))
    labelled = [i for i, (_, _, value) in enumerate(rows) if value is not None]
    return TrainingSet(
        texts=[texts[i] for i in labelled],
        labels=[rows[i][2] for i in labelled],
        context=context[labelled],
    )


def _article_sizes(articles: list[int]) -> list[int]:
    """How many sentences each article has, given each sentence's article, in order."""
    return [len(list(run)) for _, run in groupby(articles)]


def model_version_train(*, campaign: Campaign) -> ModelVersion:
    """Train the next version of the campaign's built-in model on its gold, score it out of
    fold (k-fold macro-F1, per-label precision and recall, learning curve), save it, and
    store its prediction for every sentence of the campaign (model "built-in", version
    "v<N>"), replacing the earlier version's. Raises ``linear.TooFewLabels``, storing
    nothing. Queries: a few, plus 1 per 5,000 sentences and those of ``predictions_store``."""
    gold = training_set(campaign=campaign)
    model = linear.fit(gold.texts, gold.labels, context=gold.context)
    scored = scores.out_of_fold(gold.texts, gold.labels, context=gold.context)
    latest = ModelVersion.objects.filter(campaign=campaign).aggregate(last=Max("number"))
    number = (latest["last"] or 0) + 1
    relative = f"models/campaign-{campaign.pk}/v{number}.npz"
    linear.save(model, Path(settings.MEDIA_ROOT) / relative)
    rows: list[PredictionRow] = []
    sentences = Sentence.objects.filter(article__campaigns=campaign).order_by(
        "article_id", "position"
    )
    batch: list[tuple[int, int, str]] = []
    for row in sentences.values_list("pk", "article_id", "text").iterator(chunk_size=PREDICT_BATCH):
        # A round ends between two articles: each sentence is predicted in its whole article.
        if len(batch) >= PREDICT_BATCH and row[1] != batch[-1][1]:
            rows.extend(_predicted(model, batch))
            batch = []
        batch.append(row)
    rows.extend(_predicted(model, batch))
    with transaction.atomic():
        version = ModelVersion.objects.create(
            campaign=campaign,
            number=number,
            trained_on=len(gold.labels),
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


def _predicted(model: linear.LinearModel, batch: list[tuple[int, int, str]]) -> list[PredictionRow]:
    """The predictions of ``batch``'s sentences: (pk, article, text) of whole articles, each
    in order."""
    if not batch:
        return []
    texts = [text for _, _, text in batch]
    hand = hand_features(texts)
    context = context_features(hand, _article_sizes([article for _, article, _ in batch]))
    predicted = model.predict(texts, context, hand=hand)
    return [
        PredictionRow(sentence_id=pk, value=value, score=min(1.0, max(0.0, score)))
        for (pk, _, _), (value, score) in zip(batch, predicted, strict=True)
    ]
