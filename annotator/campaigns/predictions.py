"""Storing a model's predictions for a campaign: the one write every source goes through (the
built-in model, ``import_predictions``, the web upload and the API, the predictions inside a
Label Studio export). Which prediction a reviewer sees as a sentence's suggestion is decided
where the suggestions are read, not here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from annotator.models import Campaign, Prediction
from annotator.vocabulary import LabelValue
from articles.models import Sentence

# Rows per INSERT … ON CONFLICT statement (SQLite allows 32,766 parameters a statement).
BATCH_SIZE = 2000


@dataclass(frozen=True, slots=True)
class PredictionRow:
    """One sentence's predicted label and the model's confidence in it (0 to 1)."""

    sentence_id: int
    value: str
    score: float


@dataclass(frozen=True, slots=True)
class PredictionsStored:
    """What ``predictions_store`` did: rows made, rows replaced, and (with ``replace``) the
    model's earlier rows for sentences it no longer predicts, deleted."""

    created: int
    updated: int
    deleted: int = 0


def _checked(campaign: Campaign, rows: list[PredictionRow], model_name: str) -> None:
    if not model_name.strip():
        raise ValueError("a prediction needs a model name")
    seen: set[int] = set()
    for row in rows:
        if row.value not in LabelValue.values:
            raise ValueError(f"sentence {row.sentence_id}: unknown label {row.value!r}")
        if not 0 <= row.score <= 1:
            raise ValueError(f"sentence {row.sentence_id}: score {row.score} is not within 0..1")
        if row.sentence_id in seen:
            raise ValueError(f"sentence {row.sentence_id} is predicted twice")
        seen.add(row.sentence_id)
    in_campaign = set(
        Sentence.objects.filter(article__campaigns=campaign).values_list("pk", flat=True)
    )
    outside = seen - in_campaign
    if outside:
        raise ValueError(
            f"{len(outside)} sentence(s) are not in campaign {campaign.name!r}, "
            f"e.g. sentence {min(outside)}"
        )


@transaction.atomic
def predictions_store(
    *,
    campaign: Campaign,
    rows: Iterable[PredictionRow],
    model_name: str,
    model_version: str = "",
    replace: bool = False,
) -> PredictionsStored:
    """Store a model's predictions for the campaign's sentences, all or nothing: a sentence
    the model (``model_name``) already predicted gets the new value, score, version and time
    (the unique campaign, sentence and model key); the others get a new row. All rows of one
    call share one ``created_at`` (now). With ``replace``, the model's earlier rows for
    sentences not in ``rows`` are deleted, so the campaign holds exactly this run's
    predictions (the built-in model's retraining).

    Raises ValueError, storing nothing, for an unknown label, a score outside 0..1, a
    sentence given twice or one outside the campaign. Returns the counts.
    Queries: 3, plus 1 per 2,000 rows (and 1 with ``replace``).
    """
    rows = list(rows)
    _checked(campaign, rows, model_name)
    stored = Prediction.objects.filter(campaign=campaign, model_name=model_name)
    before = set(stored.values_list("sentence_id", flat=True))
    now = timezone.now()
    Prediction.objects.bulk_create(
        (
            Prediction(
                campaign=campaign,
                sentence_id=row.sentence_id,
                value=row.value,
                score=row.score,
                model_name=model_name,
                model_version=model_version,
                created_at=now,
            )
            for row in rows
        ),
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["campaign", "sentence", "model_name"],
        update_fields=["value", "score", "model_version", "created_at"],
    )
    given = {row.sentence_id for row in rows}
    deleted = 0
    if replace and before - given:
        deleted, _ = stored.exclude(created_at=now).delete()
    updated = len(given & before)
    return PredictionsStored(created=len(given) - updated, updated=updated, deleted=deleted)
