"""Reads for the corpus screens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from articles.models import Article, ImportBatch


def recent_batches(*, limit: int = 20) -> QuerySet[ImportBatch]:
    """The latest imports with who ran them. Queries: 1."""
    return ImportBatch.objects.select_related("created_by").order_by("-created_at")[:limit]


@dataclass(frozen=True, slots=True)
class DroppedSource:
    source: str
    lines: list[dict[str, Any]]  # {"line", "text", "reason"}, in line order


@dataclass(frozen=True, slots=True)
class DroppedLines:
    """What a batch's import dropped as boilerplate, by source."""

    sources: list[DroppedSource]
    total: int
    not_listed: int  # lines past the cap a batch stores (see services.DROPPED_STORED)


def batch_dropped(*, batch: ImportBatch) -> DroppedLines:
    """The lines the batch's import dropped, grouped by source in the order they were read.
    Read from the batch itself: no query."""
    groups: dict[str, list[dict[str, Any]]] = {}
    not_listed = 0
    for record in batch.dropped or []:
        if "more" in record:
            not_listed = int(record["more"])
            continue
        groups.setdefault(record.get("source", ""), []).append(record)
    listed = sum(len(lines) for lines in groups.values())
    return DroppedLines(
        sources=[DroppedSource(source, lines) for source, lines in groups.items()],
        total=listed + not_listed,
        not_listed=not_listed,
    )


@dataclass(frozen=True, slots=True)
class OutletCounts:
    articles: int
    no_outlet: int


def batch_outlet_counts(*, batch: ImportBatch) -> OutletCounts:
    """How many articles the batch stored, and how many of them have no outlet. Queries: 1."""
    counts = Article.objects.filter(batch=batch).aggregate(
        articles=Count("pk"), no_outlet=Count("pk", filter=Q(outlet__isnull=True))
    )
    return OutletCounts(articles=counts["articles"], no_outlet=counts["no_outlet"])


BATCH_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PageOf:
    """Where a page of a longer list stands: its number (from 1), how many there are, and
    its neighbours (None at either end). The article lists page with it."""

    page: int
    pages: int

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def page_bounds(*, total: int, page: int, per_page: int) -> tuple[int, int]:
    """``(page, pages)`` for ``total`` items ``per_page`` at a time: at least one page, and a
    page number out of range moved to the nearest page."""
    pages = max(1, -(-total // per_page))
    return min(max(page, 1), pages), pages


@dataclass(frozen=True, slots=True)
class BatchArticles(PageOf):
    """One page of a batch's articles, for choosing some to change."""

    articles: Sequence[Article]  # with ``outlet`` and ``sentence_count``
    counts: OutletCounts


def batch_articles(
    *, batch: ImportBatch, page: int = 1, per_page: int = BATCH_PAGE_SIZE
) -> BatchArticles:
    """The batch's articles in import order, ``per_page`` at a time, with their outlet and
    sentence count; a page number out of range gives the nearest page. Queries: 2, however
    many articles."""
    counts = batch_outlet_counts(batch=batch)
    page, pages = page_bounds(total=counts.articles, page=page, per_page=per_page)
    articles = list(
        Article.objects.filter(batch=batch)
        .select_related("outlet")
        .annotate(sentence_count=Count("sentences"))
        .defer("body")
        .order_by("pk")[(page - 1) * per_page : page * per_page]
    )
    return BatchArticles(articles=articles, counts=counts, page=page, pages=pages)
