"""Bringing annotations made elsewhere (read by ``annotation_files``) into a campaign: their
texts become articles (found or imported), each span lands on our sentences (``placement``),
and the labels are stored as submitted reviews of the annotators named, or as a model's
predictions. The predictions inside a Label Studio export are always stored as predictions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from annotator.bring.annotation_files import annotation_documents
from annotator.bring.articles_match import documents_articles
from annotator.bring.label_names import LabelNames
from annotator.bring.marks import Document, Mark
from annotator.bring.outcome import (
    CHUNK,
    Brought,
    Chosen,
    Unplaced,
    keep_once,
    predictions_keep,
    sentences_of,
)
from annotator.bring.placement import Alignment, SentenceSpan, sentences_for
from annotator.bring.reviewers import reviewers_find_or_make
from annotator.campaigns.gold import gold_refresh
from annotator.campaigns.services import campaign_articles_add
from annotator.models import Campaign, Review
from annotator.review.services import LabelRow, labels_restore
from annotator.vocabulary import LabelValue
from articles.ingest.errors import IngestError
from articles.models import Article

# The model name the predictions inside a Label Studio export are stored under by default.
LABEL_STUDIO_MODEL = "label-studio"
# One label of a reviewer: (value, source, note, line).
Given = tuple[str, str, str, int]


@dataclass(frozen=True, slots=True)
class Landed:
    """A mark and the sentences it landed on in its article."""

    mark: Mark
    article_id: int
    sentence_ids: tuple[int, ...]


def _bodies(article_ids: set[int]) -> dict[int, str]:
    ids = sorted(article_ids)
    bodies: dict[int, str] = {}
    for at in range(0, len(ids), CHUNK):
        bodies.update(Article.objects.filter(pk__in=ids[at : at + CHUNK]).values_list("pk", "body"))
    return bodies


def _land(
    documents: Sequence[Document], article_ids: list[int], out: Brought
) -> tuple[list[Landed], dict[int, list[SentenceSpan]]]:
    """Every mark placed on our sentences; those that land nowhere reported."""
    sentences = sentences_of(article_ids)
    bodies = _bodies(set(article_ids))
    landed: list[Landed] = []
    for doc, article_id in zip(documents, article_ids, strict=True):
        alignment = Alignment(doc.text, bodies[article_id])
        for mark in doc.marks:
            found = alignment.body_range(mark.start, mark.end)
            placed = (
                sentences_for(sentences[article_id], *found) if isinstance(found, tuple) else found
            )
            if isinstance(placed, str):
                out.unplaced.append(Unplaced(mark.line, placed))
                continue
            out.placed += 1
            out.exact += placed.exact
            landed.append(Landed(mark, article_id, placed.sentence_ids))
    return landed, sentences


@transaction.atomic
def annotations_file_import(
    *, campaign: Campaign, text: str, source: str, label_map: Sequence[str] = (), **options: Any
) -> Brought:
    """Read a file of annotations (``annotation_files``) and import it (``annotations_import``
    with ``options``). Raises IngestError for bad input, storing nothing."""
    try:
        labels = LabelNames.with_map(label_map)
    except ValueError as error:
        raise IngestError(str(error), source=source, field="label_map") from None
    _, documents = annotation_documents(text, source=source, labels=labels)
    return annotations_import(campaign=campaign, documents=documents, source=source, **options)


@transaction.atomic
def annotations_import(
    *,
    campaign: Campaign,
    documents: Sequence[Document],
    source: str,
    as_predictions: bool = False,
    model_name: str = "",
    model_version: str = "",
    reviewer: str = "",
    outlet: str = "",
    predictions_model: str = LABEL_STUDIO_MODEL,
    created_by: User | None = None,
) -> Brought:
    """Bring a file's annotations into the campaign, all or nothing.

    Each text is the stored article with the same body or URL, or is imported (as
    ``import_articles`` would, split into our sentences); its articles join the campaign.
    Annotators' labels become submitted reviews (accounts found by pseudonym, username or
    e-mail, or made inactive with no usable password; ``reviewer`` names the annotator of a
    file that names none), untagged sentences counting as no claim as on submit; automatic
    gold follows. Gold in our exports is not a review and is skipped. With
    ``as_predictions`` the labels are stored as the predictions of ``model_name`` instead:
    gold where there is some, else the annotators' majority, its share as the score (a tie
    is reported). A reviewer who already reviewed an article in the campaign keeps that
    review (reported); so does a sentence given two labels (the first is kept).
    Raises IngestError for what cannot be stored at all; returns the counts and the report.
    """
    out = Brought(source=source)
    if as_predictions and not model_name.strip():
        raise IngestError("a model name is needed to store labels as predictions",
                          source=source, field="model_name")  # fmt: skip
    unnamed = next(
        (m for d in documents for m in d.marks if not (m.who or m.gold or m.prediction)), None
    )
    if unnamed is not None and not (as_predictions or reviewer.strip()):
        raise IngestError(
            "this file names no annotator for its labels: give the reviewer's name to store "
            "them under (--reviewer NAME), or store them as predictions",
            source=source, line=unnamed.line, field="reviewer",
        )  # fmt: skip
    article_ids, batch = documents_articles(
        documents=documents, source=source, outlet=outlet, created_by=created_by
    )
    out.articles_imported = batch.article_count if batch else 0
    out.articles_found = len(set(article_ids)) - out.articles_imported
    campaign_articles_add(campaign=campaign, articles=Article.objects.filter(pk__in=article_ids))
    landed, sentences = _land(documents, article_ids, out)
    model_rows: Chosen = {}
    for item in landed:
        if item.mark.prediction:
            for sentence_id in item.sentence_ids:
                row = (item.mark.value, item.mark.score, item.mark.model_version, item.mark.line)
                keep_once(model_rows, sentence_id, row, out)
    predictions_keep(campaign, model_rows, predictions_model, out)
    people = [item for item in landed if not item.mark.prediction]
    if as_predictions:
        predictions_keep(campaign, _consensus(people, model_version, out), model_name, out)
    else:
        _reviews_store(campaign, people, sentences, reviewer.strip(), out)
    return out


def _consensus(landed: list[Landed], version: str, out: Brought) -> Chosen:
    """Each sentence's label as a prediction: its gold, else the annotators' majority."""
    gold: dict[int, set[str]] = defaultdict(set)
    votes: dict[int, dict[str, Given]] = defaultdict(dict)
    for item in landed:
        for sentence_id in item.sentence_ids:
            if item.mark.gold:
                gold[sentence_id].add(item.mark.value)
            else:
                _give(votes[sentence_id], item.mark.who, item.mark, sentence_id, out)
    chosen: Chosen = {}
    for sentence_id in gold.keys() | votes.keys():
        line = min(given[3] for given in votes[sentence_id].values()) if votes[sentence_id] else 0
        if gold[sentence_id]:
            if len(gold[sentence_id]) == 1:
                chosen[sentence_id] = (next(iter(gold[sentence_id])), 1.0, version, line)
            else:
                out.unplaced.append(Unplaced(line, f"sentence {sentence_id} has two gold labels"))
            continue
        counts = Counter(given[0] for given in votes[sentence_id].values()).most_common()
        if len(counts) > 1 and counts[0][1] == counts[1][1]:
            out.unplaced.append(
                Unplaced(line, f"sentence {sentence_id}: the annotators are split evenly "
                               f"({', '.join(value for value, _ in counts)})")
            )  # fmt: skip
            continue
        share = counts[0][1] / len(votes[sentence_id])
        chosen[sentence_id] = (counts[0][0], share, version, line)
    return chosen


def _give[K](labels: dict[K, Given], key: K, mark: Mark, sentence_id: int, out: Brought) -> None:
    """One annotator's label of a sentence (``key``: the annotator, or the sentence when
    ``labels`` are one annotator's): the first stays; a different later one is reported."""
    earlier = labels.get(key)
    if earlier is None:
        labels[key] = (mark.value, mark.source, mark.note, mark.line)
    elif earlier[0] != mark.value:
        out.unplaced.append(
            Unplaced(mark.line, f"sentence {sentence_id} already has the label {earlier[0]!r} "
                                f"from line {earlier[3]} by the same annotator: kept that one")
        )  # fmt: skip


def _reviews_store(
    campaign: Campaign,
    landed: list[Landed],
    sentences: dict[int, list[SentenceSpan]],
    reviewer: str,
    out: Brought,
) -> None:
    by_review: dict[tuple[int, str], dict[int, Given]] = defaultdict(dict)
    for item in landed:
        if item.mark.gold:
            out.gold_skipped += 1
            continue
        key = (item.article_id, item.mark.who or reviewer)
        for sentence_id in item.sentence_ids:
            _give(by_review[key], sentence_id, item.mark, sentence_id, out)
    users, out.reviewers_made = reviewers_find_or_make(names={who for _, who in by_review})
    existing = set(
        Review.objects.filter(
            campaign=campaign, article_id__in={a for a, _ in by_review}
        ).values_list("article_id", "reviewer_id")
    )
    now = timezone.now()
    reviews: list[Review] = []
    given: list[dict[int, Given]] = []
    for (article_id, who), labels in by_review.items():
        if (article_id, users[who]) in existing:
            first = min(label[3] for label in labels.values())
            out.unplaced.append(
                Unplaced(first, f"campaign {campaign.name!r} already has a review of article "
                                f"{article_id} by {who!r}: it was left as it is")
            )  # fmt: skip
            continue
        reviews.append(
            Review(campaign=campaign, article_id=article_id, reviewer_id=users[who],
                   status=Review.Status.SUBMITTED, submitted_at=now)
        )  # fmt: skip
        given.append(labels)
    Review.objects.bulk_create(reviews, batch_size=1000)
    rows: list[LabelRow] = []
    for review, labels in zip(reviews, given, strict=True):
        for sentence in sentences[review.article_id]:
            value, source, note, _ = labels.get(sentence.pk, (LabelValue.NO_CLAIM, "", "", 0))
            rows.append((review.pk, sentence.pk, str(value), source, note))
    labels_restore(labels=rows, at=now)
    through = Campaign.reviewers.through
    through.objects.bulk_create(
        [through(campaign_id=campaign.pk, user_id=pk) for pk in {r.reviewer_id for r in reviews}],
        ignore_conflicts=True,
    )
    gold_refresh(campaign=campaign, article_ids=sorted({r.article_id for r in reviews}))
    out.reviews, out.labels = len(reviews), len(rows)
