"""What an import of predictions or annotations did, and the steps both share: our
sentences of the articles concerned, and a model's predictions kept once a sentence and
stored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.bring.placement import SentenceSpan
from annotator.campaigns.predictions import PredictionRow, predictions_store
from annotator.models import Campaign
from articles.models import Sentence

CHUNK = 2000
# A model's chosen prediction of each sentence: (value, score, model version, line).
Chosen = dict[int, tuple[str, float, str, int]]


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A well-formed row or span that landed on none of our sentences, and why."""

    line: int
    reason: str


@dataclass(slots=True)
class Brought:
    """What an import stored, and what it could not place (each skipped)."""

    source: str
    predictions_created: int = 0
    predictions_updated: int = 0
    articles_imported: int = 0
    articles_found: int = 0
    reviews: int = 0
    labels: int = 0
    reviewers_made: int = 0
    gold_skipped: int = 0
    placed: int = 0
    exact: int = 0
    unplaced: list[Unplaced] = field(default_factory=list)

    def unplaced_lines(self) -> list[str]:
        return [f"{self.source}:{u.line}: {u.reason}" for u in self.unplaced]


def sentences_of(article_ids: Iterable[int]) -> dict[int, list[SentenceSpan]]:
    """Each article's sentences in order. Queries: 1 per 2,000 articles."""
    ids = sorted(set(article_ids))
    found: dict[int, list[SentenceSpan]] = defaultdict(list)
    for at in range(0, len(ids), CHUNK):
        for article_id, pk, start, end, text in (
            Sentence.objects.filter(article_id__in=ids[at : at + CHUNK])
            .order_by("article_id", "start")
            .values_list("article_id", "pk", "start", "end", "text")
        ):
            found[article_id].append(SentenceSpan(pk, start, end, text))
    return found


def predictions_keep(campaign: Campaign, chosen: Chosen, name: str, out: Brought) -> None:
    """Store one model's predictions ({sentence: (value, score, version, line)}), one call
    per model version."""
    by_version: dict[str, list[PredictionRow]] = defaultdict(list)
    for sentence_id, (value, score, version, _) in chosen.items():
        by_version[version].append(PredictionRow(sentence_id, value, score))
    for version, rows in by_version.items():
        stored = predictions_store(
            campaign=campaign, rows=rows, model_name=name, model_version=version
        )
        out.predictions_created += stored.created
        out.predictions_updated += stored.updated


def keep_once(
    chosen: Chosen,
    sentence_id: int,
    row: tuple[str, float, str, int],
    out: Brought,
) -> None:
    """The first prediction of a sentence is kept; a later one is reported."""
    earlier = chosen.get(sentence_id)
    if earlier is None:
        chosen[sentence_id] = row
    elif earlier[0] != row[0] or earlier[1] != row[1]:
        out.unplaced.append(
            Unplaced(row[3], f"sentence {sentence_id} was already predicted on line {earlier[3]}")
        )
