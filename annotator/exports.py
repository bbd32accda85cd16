"""Labelled data out: one record per sentence, streamed in constant memory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet

from annotator.models import Label, Review
from articles.models import Article, Sentence

ARTICLES_PER_CHUNK = 200


def export_articles(*, include_in_progress: bool = False) -> QuerySet[Article]:
    """Articles with at least one review that counts for the export."""
    reviews = _export_reviews(include_in_progress=include_in_progress)
    return Article.objects.filter(pk__in=reviews.values("article_id")).order_by("pk")


def _export_reviews(*, include_in_progress: bool) -> QuerySet[Review]:
    reviews = Review.objects.all()
    if not include_in_progress:
        reviews = reviews.filter(status=Review.Status.SUBMITTED)
    return reviews


def label_records(*, include_in_progress: bool = False) -> Iterator[dict[str, Any]]:
    """Yield one dict per sentence of every reviewed article, with every reviewer's label.

    Queries: 3 per chunk of 200 articles (articles, sentences, labels with their reviews).
    """
    labels = Label.objects.filter(
        review__in=_export_reviews(include_in_progress=include_in_progress)
    ).select_related("review__reviewer", "review__campaign")
    sentences = Sentence.objects.order_by("position").prefetch_related(
        Prefetch("labels", queryset=labels.order_by("review__reviewer__username", "pk"))
    )
    articles = (
        export_articles(include_in_progress=include_in_progress)
        .select_related("outlet")
        .prefetch_related(Prefetch("sentences", queryset=sentences))
    )
    for article in articles.iterator(chunk_size=ARTICLES_PER_CHUNK):
        for sentence in article.sentences.all():
            yield {
                "article_id": article.pk,
                "article_title": article.title,
                "article_url": article.url,
                "outlet": article.outlet.name if article.outlet else None,
                "sentence_id": sentence.pk,
                "position": sentence.position,
                "paragraph": sentence.paragraph,
                "start": sentence.start,
                "end": sentence.end,
                "text": sentence.text,
                "labels": [
                    {
                        "reviewer": label.review.reviewer.get_username(),
                        "campaign": label.review.campaign.name,
                        "label": label.value,
                        "source": label.source,
                        "note": label.note,
                        "review_status": label.review.status,
                    }
                    for label in sentence.labels.all()
                ],
            }


def write_jsonl(records: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """Write records as JSON lines; returns how many were written."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count
