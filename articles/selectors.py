"""Reads for the corpus screens."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from articles import services
from articles.models import ImportBatch


def recent_batches(*, limit: int = 20) -> QuerySet[ImportBatch]:
    """The latest imports with who ran them. Queries: 1."""
    return ImportBatch.objects.select_related("created_by").order_by("-created_at")[:limit]


@dataclass(frozen=True, slots=True)
class ImportProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


def import_progress(*, batch: ImportBatch) -> ImportProgress:
    """How far a running import has got (from the cache; no query)."""
    if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED):
        total = batch.article_count + batch.duplicate_count
        return ImportProgress(done=total, total=total)
    return ImportProgress(**services.import_progress_get(batch_id=batch.pk))
