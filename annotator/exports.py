"""Labelled data out: one record per sentence and campaign, streamed in constant memory.

``export_records`` yields plain dicts; the writers turn them into JSONL, CSV, Label Studio
JSON or a dataset bundle. Records are read a chunk of articles at a time with plain value
queries (no model instances), so memory stays flat whatever the size of the export.
"""

from __future__ import annotations

import csv
import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

import orjson
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from annotator.campaigns import ArticleFilter, articles_matching
from annotator.models import Campaign, ExportJob, GoldLabel, Label, Pseudonym, Review
from annotator.vocabulary import LabelValue
from articles.models import Article, Sentence

logger = logging.getLogger(__name__)

ARTICLES_PER_CHUNK = 500
LabelChoice = Literal["both", "gold", "reviewers"]
FORMATS = ("jsonl", "csv", "labelstudio", "bundle")

# The fields of every record, in order (``labels`` and ``label_counts`` only when reviewers'
# labels are exported, the ``gold_`` fields only when gold labels are).
ARTICLE_FIELDS = ("article_id", "article_url", "outlet", "title", "author", "published")
SENTENCE_FIELDS = (
    "sentence_id", "position", "paragraph", "kind", "start", "end", "gap_before", "text",
)  # fmt: skip
GOLD_FIELDS = ("gold_label", "gold_method", "gold_decided_by")


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to export. Every filter is optional; they combine with AND."""

    campaign_ids: tuple[int, ...] = ()
    outlet_ids: tuple[int, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    labels: LabelChoice = "both"
    include_no_claim: bool = True
    include_in_progress: bool = False
    real_names: bool = False

    @property
    def statuses(self) -> list[str]:
        if self.include_in_progress:
            return [Review.Status.SUBMITTED, Review.Status.IN_PROGRESS]
        return [Review.Status.SUBMITTED]

    @property
    def with_gold(self) -> bool:
        return self.labels in ("both", "gold")

    @property
    def with_reviewers(self) -> bool:
        return self.labels in ("both", "reviewers")

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign_ids": list(self.campaign_ids),
            "outlet_ids": list(self.outlet_ids),
            "published_from": self.published_from.isoformat() if self.published_from else None,
            "published_to": self.published_to.isoformat() if self.published_to else None,
            "labels": self.labels,
            "include_no_claim": self.include_no_claim,
            "include_in_progress": self.include_in_progress,
            "real_names": self.real_names,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExportOptions:
        return cls(
            campaign_ids=tuple(data.get("campaign_ids") or ()),
            outlet_ids=tuple(data.get("outlet_ids") or ()),
            published_from=_date(data.get("published_from")),
            published_to=_date(data.get("published_to")),
            labels=data.get("labels", "both"),
            include_no_claim=data.get("include_no_claim", True),
            include_in_progress=data.get("include_in_progress", False),
            real_names=data.get("real_names", False),
        )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# Scope ------------------------------------------------------------------------------------


def export_campaigns(options: ExportOptions) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.order_by("pk")
    if options.campaign_ids:
        campaigns = campaigns.filter(pk__in=options.campaign_ids)
    return campaigns


def export_articles(options: ExportOptions, campaign: Campaign) -> QuerySet[Article]:
    """The campaign's articles with at least one review that counts, oldest id first."""
    counted = Review.objects.filter(
        campaign=campaign, article=OuterRef("pk"), status__in=options.statuses
    )
    chosen = ArticleFilter(
        outlet_ids=options.outlet_ids,
        published_from=options.published_from,
        published_to=options.published_to,
    )
    articles = articles_matching(chosen).filter(campaigns=campaign).filter(Exists(counted))
    return articles.order_by("pk")


def export_size(options: ExportOptions) -> int:
    """How many articles (summed over campaigns) the export covers: for progress bars."""
    return sum(export_articles(options, c).count() for c in export_campaigns(options))


# Reviewer names ---------------------------------------------------------------------------


def _reviewer_names(options: ExportOptions, campaigns: list[Campaign]) -> dict[int, str]:
    """User id → the name exports show: a stable pseudonym, or the username if asked."""
    users = get_user_model().objects.filter(reviews__campaign__in=campaigns).distinct()
    deciders = GoldLabel.objects.filter(campaign__in=campaigns, decided_by__isnull=False)
    ids = set(users.values_list("pk", flat=True)) | set(
        deciders.values_list("decided_by_id", flat=True).distinct()
    )
    if options.real_names:
        return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
    return pseudonyms_for(ids)


def pseudonyms_for(user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's pseudonym, made now for those who have none yet. Queries: 1 to 3."""
    wanted = set(user_ids)
    names = dict(Pseudonym.objects.filter(user_id__in=wanted).values_list("user_id", "name"))
    missing = sorted(wanted - names.keys())
    while missing:
        made = {user_id: f"reviewer-{secrets.token_hex(4)}" for user_id in missing}
        try:
            with transaction.atomic():
                Pseudonym.objects.bulk_create(
                    Pseudonym(user_id=user_id, name=name) for user_id, name in made.items()
                )
        except IntegrityError:
            # Another export named them at the same moment (or, once in four billion, a name
            # repeated): read what is stored and try again for whoever is still missing.
            names = dict(
                Pseudonym.objects.filter(user_id__in=wanted).values_list("user_id", "name")
            )
            missing = sorted(wanted - names.keys())
            continue
        names.update(made)
        missing = []
    return names


# Records ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Chunk:
    labels: dict[int, list[tuple[Any, ...]]] = field(default_factory=lambda: defaultdict(list))
    gold: dict[int, tuple[Any, ...]] = field(default_factory=dict)


def _read_chunk(options: ExportOptions, campaign: Campaign, article_ids: list[int]) -> _Chunk:
    chunk = _Chunk()
    if options.with_reviewers:
        rows = (
            Label.objects.filter(
                review__campaign=campaign,
                review__article_id__in=article_ids,
                review__status__in=options.statuses,
            )
            .order_by("sentence_id", "review__reviewer_id")
            .values_list("sentence_id", "review__reviewer_id", "value", "source", "note",
                         "review__status")
        )  # fmt: skip
        for row in rows:
            chunk.labels[row[0]].append(row)
    if options.with_gold:
        gold = GoldLabel.objects.filter(
            campaign=campaign, sentence__article_id__in=article_ids
        ).values_list("sentence_id", "value", "method", "decided_by_id")
        chunk.gold = {row[0]: row for row in gold}
    return chunk


def _chunks(ids: Iterator[int], size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_records(options: ExportOptions) -> Iterator[dict[str, Any]]:
    """One dict per sentence of every article in scope, per campaign, in campaign, article and
    sentence order. Queries: 2 up front, then 1 per campaign and 4 per 500 articles."""
    campaigns = list(export_campaigns(options))
    names = _reviewer_names(options, campaigns)
    values = LabelValue.values
    for campaign in campaigns:
        article_ids = export_articles(options, campaign).values_list("pk", flat=True)
        for ids in _chunks(article_ids.iterator(), ARTICLES_PER_CHUNK):
            chunk = _read_chunk(options, campaign, ids)
            bodies = dict(Article.objects.filter(pk__in=ids).values_list("pk", "body"))
            sentences = (
                Sentence.objects.filter(article_id__in=ids)
                .order_by("article_id", "position")
                .values_list(
                    "pk", "position", "paragraph", "kind", "start", "end", "text",
                    "article_id", "article__url", "article__outlet__name", "article__title",
                    "article__author", "article__published",
                )
            )  # fmt: skip
            previous_end, previous_article = 0, None
            for row in sentences:
                (pk, position, paragraph, kind, start, end, text,
                 article_id, url, outlet, title, author, published) = row  # fmt: skip
                if article_id != previous_article:
                    previous_end, previous_article = 0, article_id
                    body = bodies[article_id]
                gap = body[previous_end:start]
                record: dict[str, Any] = {
                    "campaign": campaign.name,
                    "article_id": article_id,
                    "article_url": url,
                    "outlet": outlet,
                    "title": title,
                    "author": author,
                    "published": published.isoformat() if published else None,
                    "sentence_id": pk,
                    "position": position,
                    "paragraph": paragraph,
                    "kind": kind,
                    "start": start,
                    "end": end,
                    # The article's text between the previous exported sentence and this one
                    # (a space, a paragraph break, or sentences a filter left out): the
                    # ``gap_before`` and ``text`` of an article's records rebuild its text.
                    "gap_before": gap,
                    "text": text,
                }
                gold = chunk.gold.get(pk)
                labels = chunk.labels.get(pk, ())
                if not options.include_no_claim and _no_claim(gold, labels):
                    continue
                if options.with_gold:
                    record["gold_label"] = gold[1] if gold else None
                    record["gold_method"] = gold[2] if gold else None
                    record["gold_decided_by"] = names.get(gold[3]) if gold and gold[3] else None
                    if options.labels == "gold" and gold is None:
                        continue
                if options.with_reviewers:
                    record["labels"] = [
                        {"reviewer": names[r], "label": v, "source": s, "note": n, "status": st}
                        for _, r, v, s, n, st in labels
                    ]
                    counts = dict.fromkeys(values, 0)
                    for label in labels:
                        counts[label[2]] += 1
                    record["label_counts"] = counts
                previous_end = end
                yield record


def _no_claim(gold: tuple[Any, ...] | None, labels: Iterable[tuple[Any, ...]]) -> bool:
    """A no-claim sentence: gold says so, or without gold, every label does."""
    if gold is not None:
        return bool(gold[1] == LabelValue.NO_CLAIM)
    values = [label[2] for label in labels]
    return bool(values) and all(value == LabelValue.NO_CLAIM for value in values)


# JSONL and CSV ----------------------------------------------------------------------------


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    # orjson: UTF-8 as is, no spaces, and several times faster than the json module.
    dumps = orjson.dumps
    for record in records:
        yield dumps(record).decode() + "\n"


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write records as JSON lines; returns how many were written."""
    count = 0
    for line in jsonl_lines(records):
        out.write(line)
        count += 1
    return count


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralise(value: Any) -> Any:
    """A cell value that opens as text in a spreadsheet: formula-like text gets a leading '."""
    if value.__class__ is str and value[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


def csv_header(options: ExportOptions, reviewers: list[str]) -> list[str]:
    header = ["campaign", *ARTICLE_FIELDS, *SENTENCE_FIELDS]
    if options.with_gold:
        header += GOLD_FIELDS
    if options.with_reviewers:
        header += [f"count_{value}" for value in LabelValue.values]
        for name in reviewers:
            header += [f"{name}_label", f"{name}_source", f"{name}_note", f"{name}_status"]
    return header


def csv_reviewers(options: ExportOptions) -> list[str]:
    """The reviewer columns of a CSV export: everyone with a counted review, by name."""
    if not options.with_reviewers:
        return []
    campaigns = list(export_campaigns(options))
    users = Review.objects.filter(campaign__in=campaigns, status__in=options.statuses)
    ids = set(users.values_list("reviewer_id", flat=True).distinct())
    names = _reviewer_names(options, campaigns)
    return sorted(names[pk] for pk in ids)


class _Line:
    """A file-like object for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.value = ""

    def write(self, text: str) -> None:
        self.value = text


def csv_rows(options: ExportOptions, records: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    """The header, then one flattened, spreadsheet-safe row per record."""
    reviewers = csv_reviewers(options)
    header = csv_header(options, reviewers)
    yield header
    flat_fields = ("campaign", *ARTICLE_FIELDS, *SENTENCE_FIELDS)
    position = {name: i for i, name in enumerate(reviewers)}
    first_reviewer = len(header) - 4 * len(reviewers)
    values = LabelValue.values
    formula = _FORMULA_STARTS
    for record in records:
        row: list[Any] = [record[name] for name in flat_fields]
        if options.with_gold:
            row += [record[name] for name in GOLD_FIELDS]
        if options.with_reviewers:
            counts = record["label_counts"]
            row += [counts[value] for value in values]
            row += [""] * (4 * len(reviewers))
            for label in record["labels"]:
                at = first_reviewer + 4 * position[label["reviewer"]]
                row[at : at + 4] = [label["label"], label["source"], label["note"], label["status"]]
        # neutralise(), inlined: this runs for every cell of a million rows.
        yield ["'" + c if c.__class__ is str and c[:1] in formula else c for c in row]


def csv_lines(options: ExportOptions, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text, a line at a time (for streaming responses)."""
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    for row in csv_rows(options, records):
        writer.writerow(row)
        yield line.value


def write_csv(options: ExportOptions, records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write the CSV to a file; returns how many records (rows after the header) it holds."""
    count = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for row in csv_rows(options, records):
            count += 1
            yield row

    csv.writer(out, lineterminator="\r\n").writerows(counted())
    return count - 1


def write(
    kind: str,
    options: ExportOptions,
    records: Iterable[dict[str, Any]],
    out: IO[Any],
    *,
    seed: int = 13,
) -> int:
    """Write the records in one of FORMATS to ``out`` (binary for a bundle, else text).
    Returns how many sentence records were written."""
    if kind == "jsonl":
        return write_jsonl(records, out)
    if kind == "csv":
        return write_csv(options, records, out)
    if kind == "labelstudio":
        from annotator.labelstudio import write_labelstudio

        return write_labelstudio(records, out)
    if kind == "bundle":
        from annotator.bundle import write_bundle

        return write_bundle(options, records, out, seed=seed)
    raise ValueError(f"unknown export format {kind!r}: expected one of {', '.join(FORMATS)}")


# Background exports -----------------------------------------------------------------------

EXTENSIONS = {"jsonl": "jsonl", "csv": "csv", "labelstudio": "json", "bundle": "zip"}
CONTENT_TYPES = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "labelstudio": "application/json; charset=utf-8",
    "bundle": "application/zip",
}


def export_filename(kind: str, job_id: int | None = None) -> str:
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    suffix = f"-{job_id}" if job_id else ""
    return f"labels-{stamp}{suffix}.{EXTENSIONS[kind]}"


def export_queue(
    *, kind: str, options: ExportOptions, created_by: User, seed: int = 13
) -> ExportJob:
    """Queue an export as a background task; returns its job (progress: ``export_progress``)."""
    from annotator.tasks import run_export

    if kind not in FORMATS:
        raise ValueError(f"unknown export format {kind!r}")
    job = ExportJob.objects.create(
        format=kind, options={**options.as_dict(), "seed": seed}, created_by=created_by
    )
    progress_set(job_id=job.pk, done=0, total=0)
    run_export.enqueue(job.pk)
    return job


def export_run(*, job_id: int) -> ExportJob:
    """The background task: write the export's file under MEDIA_ROOT/exports/, reporting
    progress per article; a failure is recorded on the job with its reason."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    job = ExportJob.objects.get(pk=job_id)
    if not claimed:
        return job
    options = ExportOptions.from_dict(job.options)
    folder = Path(settings.MEDIA_ROOT) / "exports"
    relative = f"exports/{export_filename(job.format, job.pk)}"
    try:
        total = export_size(options)
        progress_set(job_id=job.pk, done=0, total=total)
        folder.mkdir(parents=True, exist_ok=True)
        target = Path(settings.MEDIA_ROOT) / relative
        records = _counting(export_records(options), job.pk, total)
        if job.format == "bundle":
            with target.open("wb") as out:
                count = write(job.format, options, records, out, seed=job.options.get("seed", 13))
        else:
            with target.open("w", encoding="utf-8", newline="") as out:
                count = write(job.format, options, records, out)
    except Exception as error:
        # Whatever went wrong is shown on the job's page; the log keeps the traceback.
        logger.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(error) or type(error).__name__,
            finished_at=timezone.now(),
        )  # fmt: skip
        job.refresh_from_db()
        return job
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE, path=relative, records=count, finished_at=timezone.now()
    )
    progress_set(job_id=job.pk, done=total, total=total)
    job.refresh_from_db()
    return job


def _counting(
    records: Iterator[dict[str, Any]], job_id: int, total: int
) -> Iterator[dict[str, Any]]:
    done, last = 0, None
    for record in records:
        key = (record["campaign"], record["article_id"])
        if key != last:
            if last is not None:
                done += 1
                if done % 50 == 0:
                    progress_set(job_id=job_id, done=done, total=total)
            last = key
        yield record


def progress_set(*, job_id: int, done: int, total: int) -> None:
    cache.set(f"export-progress:{job_id}", {"done": done, "total": total}, timeout=24 * 3600)


def progress_get(*, job_id: int) -> dict[str, int]:
    return cache.get(f"export-progress:{job_id}") or {"done": 0, "total": 0}
