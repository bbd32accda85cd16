"""Labelled data out: one record per sentence and campaign, streamed in constant memory.

``export_records`` yields plain dicts; the writers turn them into JSONL, CSV, Label Studio
JSON or a dataset bundle. Records are read a chunk of articles at a time with plain value
queries (no model instances), so memory stays flat whatever the size of the export.
"""

from __future__ import annotations

import csv
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any, Literal

import orjson
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from annotator.campaigns.selectors import ArticleFilter, articles_matching
from annotator.models import Campaign, GoldLabel, Label, Pseudonym, Review
from annotator.vocabulary import LabelValue
from articles.models import Article, Sentence

ARTICLES_PER_CHUNK = 500
LabelChoice = Literal["both", "gold", "reviewers"]
FORMATS = ("jsonl", "csv", "labelstudio", "bundle")

# The fields of every record, in order (``labels`` and ``label_counts`` only when reviewers'
# labels are exported, the ``gold_`` fields only when gold labels are).
ARTICLE_FIELDS = (
    "article_id", "article_url", "outlet", "title", "author", "published", "language",
)  # fmt: skip
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


# Rows and records ---------------------------------------------------------------------------

# One sentence of one campaign, as ``export_rows`` yields it; the writers build their output
# from these. A plain tuple: a million of them are made per million records.
#   (campaign name,
#    article: (article_id, article_url, outlet, title, author, published, language) -- one
#             tuple per article and campaign, shared by its sentences' rows,
#    sentence: (sentence_id, position, paragraph, kind, start, end, gap_before, text),
#    gold: (gold_label, gold_method, gold_decided_by) or None,
#    labels: ((reviewer id, reviewer, label, source, note, status), ...) by reviewer id)
Fields = tuple[Any, ...]
Row = tuple[str, Fields, Fields, Fields | None, Sequence[Fields]]

# Plain SQL for the big reads of a chunk. Only table names (ours) are formatted in here, and
# {ids} / {statuses}: a membership test with placeholders (``_member``); values go as
# parameters. Sentences come without their text: it is always body[start:end], and the body
# is read anyway.
_SENTENCES_SQL = (
    'SELECT "id", "article_id", "position", "paragraph", "kind", "start", "end" '  # noqa: S608
    f'FROM "{Sentence._meta.db_table}" '
    'WHERE "article_id" {ids} ORDER BY "article_id", "position"'
)
# One statement, so a review submitted meanwhile is either wholly in or wholly out. Unordered
# (sorting 60,000 labels costs PostgreSQL more than sorting them per sentence here).
_LABELS_SQL = (
    'SELECT l."sentence_id", r."reviewer_id", l."value", l."source", l."note", r."status" '  # noqa: S608
    f'FROM "{Label._meta.db_table}" l '
    f'JOIN "{Review._meta.db_table}" r ON r."id" = l."review_id" '
    'WHERE r."campaign_id" = %s AND r."article_id" {ids} AND r."status" {statuses}'
)
# Gold labels by the id range of the chunk's sentences, read through the (campaign, sentence)
# index (a join on the articles made PostgreSQL scan every gold label of the campaign). When
# the range is dense (articles imported one after another: the usual case) nothing else is
# needed; when it is sparse the join keeps other articles' gold labels out.
_GOLD_SQL = (
    'SELECT "sentence_id", "value", "method", "decided_by_id" '  # noqa: S608
    f'FROM "{GoldLabel._meta.db_table}" '
    'WHERE "campaign_id" = %s AND "sentence_id" BETWEEN %s AND %s'
)
_GOLD_SPARSE_SQL = (
    'SELECT g."sentence_id", g."value", g."method", g."decided_by_id" '  # noqa: S608
    f'FROM "{GoldLabel._meta.db_table}" g '
    f'JOIN "{Sentence._meta.db_table}" s ON s."id" = g."sentence_id" '
    'WHERE g."campaign_id" = %s AND g."sentence_id" BETWEEN %s AND %s AND s."article_id" {ids}'
)


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """All rows of a query at once: one chunk's rows fit easily in memory, and a single
    fetch costs far less than the ORM's batches of 100 over 20,000 rows."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _member(values: list[Any]) -> tuple[str, list[Any]]:
    """``= ANY(array)`` on PostgreSQL (one parameter, not 500 placeholders to parse), else
    ``IN (%s, ...)``: SQL for "the column is one of these values", and its parameters."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [values]
    return f"IN ({', '.join(['%s'] * len(values))})", values


@dataclass(slots=True)
class _Chunk:
    """What a chunk of one campaign's articles holds."""

    articles: dict[int, tuple[tuple[Any, ...], str]]  # id -> (article tuple, body)
    sentences: list[tuple[Any, ...]]  # _SENTENCES_SQL's rows
    labels: dict[int, list[tuple[Any, ...]]]  # sentence id -> its labels
    gold: dict[int, tuple[Any, ...]]


def _read_chunk(
    options: ExportOptions, campaign: Campaign, ids: list[int], names: dict[int, str]
) -> _Chunk:
    articles = {}
    for pk, url, outlet, title, author, published, language, body in Article.objects.filter(
        pk__in=ids
    ).values_list("pk", "url", "outlet__name", "title", "author", "published", "language", "body"):
        iso = published.isoformat() if published else None
        articles[pk] = ((pk, url, outlet, title, author, iso, language), body)
    in_ids, id_params = _member(ids)
    sentences = _fetch(_SENTENCES_SQL.format(ids=in_ids), id_params)
    labels: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    if options.with_reviewers:
        in_statuses, status_params = _member(options.statuses)
        params = [campaign.pk, *id_params, *status_params]
        for sentence, reviewer, value, source, note, status in _fetch(
            _LABELS_SQL.format(ids=in_ids, statuses=in_statuses), params
        ):
            name = names.get(reviewer)
            if name is None:
                continue  # a reviewer who began after the export started: not in this one
            labels[sentence].append((reviewer, name, value, source, note, status))
        for some in labels.values():
            if len(some) > 1:
                some.sort()  # by reviewer id: one label per reviewer, so ties never happen
    gold = {}
    if options.with_gold and sentences:
        pks = [row[0] for row in sentences]
        first, last = min(pks), max(pks)
        if last - first < 2 * len(pks):
            rows = _fetch(_GOLD_SQL, [campaign.pk, first, last])
        else:
            sql = _GOLD_SPARSE_SQL.format(ids=in_ids)
            rows = _fetch(sql, [campaign.pk, first, last, *id_params])
        for sentence, value, method, decided_by in rows:
            gold[sentence] = (value, method, names.get(decided_by) if decided_by else None)
    return _Chunk(articles, sentences, labels, gold)


def _chunks(ids: Iterator[int], size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_rows(options: ExportOptions) -> Iterator[Row]:
    """One ``Row`` per sentence of every article in scope, per campaign, in campaign, article
    and sentence order. Queries: 2 up front, then 1 per campaign and 5 per 500 articles."""
    campaigns = list(export_campaigns(options))
    names = _reviewer_names(options, campaigns)
    no_labels: Sequence[tuple[Any, ...]] = ()
    gold_only = options.labels == "gold"
    skip_no_claim = not options.include_no_claim
    for campaign in campaigns:
        name = campaign.name
        article_ids = export_articles(options, campaign).values_list("pk", flat=True)
        for ids in _chunks(article_ids.iterator(), ARTICLES_PER_CHUNK):
            chunk = _read_chunk(options, campaign, ids, names)
            previous_end, previous_article, article, body = 0, None, (), ""
            for pk, article_id, position, paragraph, kind, start, end in chunk.sentences:
                if article_id != previous_article:
                    previous_end, previous_article = 0, article_id
                    article, body = chunk.articles[article_id]
                gold = chunk.gold.get(pk)
                labels = chunk.labels.get(pk, no_labels)
                if skip_no_claim and _no_claim(gold, labels):
                    continue
                if gold_only and gold is None:
                    continue
                # The article's text between the previous exported sentence and this one (a
                # space, a paragraph break, or sentences a filter left out): the ``gap_before``
                # and ``text`` of an article's records rebuild its text.
                sentence = (
                    pk, position, paragraph, kind, start, end,
                    body[previous_end:start], body[start:end],
                )  # fmt: skip
                previous_end = end
                yield (name, article, sentence, gold, labels)


def _no_claim(gold: tuple[Any, ...] | None, labels: Iterable[tuple[Any, ...]]) -> bool:
    """A no-claim sentence: gold says so, or without gold, every label does."""
    if gold is not None:
        return bool(gold[0] == LabelValue.NO_CLAIM)
    values = [label[2] for label in labels]
    return bool(values) and all(value == LabelValue.NO_CLAIM for value in values)


_VALUE_INDEX = {value: i for i, value in enumerate(LabelValue.values)}


def records(options: ExportOptions, rows: Iterable[Row]) -> Iterator[dict[str, Any]]:
    """The export's records (dicts, the JSONL shape) from its rows."""
    with_gold, with_reviewers = options.with_gold, options.with_reviewers
    index, no_counts = _VALUE_INDEX, [0] * len(_VALUE_INDEX)
    last_article, article_id, url, outlet, title, author, published, language = (None,) * 8
    for campaign, article, sentence, gold, labels in rows:
        if article is not last_article:
            last_article = article
            article_id, url, outlet, title, author, published, language = article
        pk, position, paragraph, kind, start, end, gap, text = sentence
        # A dict display, not zip(): this runs a million times in a large export.
        record = {
            "campaign": campaign, "article_id": article_id, "article_url": url,
            "outlet": outlet, "title": title, "author": author, "published": published,
            "language": language, "sentence_id": pk, "position": position,
            "paragraph": paragraph, "kind": kind, "start": start, "end": end, "gap_before": gap,
            "text": text,
        }  # fmt: skip
        if with_gold:
            if gold:
                record["gold_label"], record["gold_method"], record["gold_decided_by"] = gold
            else:
                record["gold_label"] = record["gold_method"] = record["gold_decided_by"] = None
        if with_reviewers:
            counts = no_counts.copy()
            given = []
            for _, reviewer, value, source, note, status in labels:
                counts[index[value]] += 1
                given.append(
                    {"reviewer": reviewer, "label": value, "source": source, "note": note,
                     "status": status}
                )  # fmt: skip
            record["labels"] = given
            record["label_counts"] = dict(zip(_VALUE_INDEX, counts, strict=True))
        yield record


def export_records(options: ExportOptions) -> Iterator[dict[str, Any]]:
    """One dict per sentence of every article in scope (see ``export_rows``)."""
    return records(options, export_rows(options))


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


def csv_lines(options: ExportOptions, rows: Iterable[Row]) -> Iterator[str]:
    """The header, then one flattened, spreadsheet-safe CSV line per record.

    Every piece is csv.writer's own text, encoded as rarely as possible: an article's cells
    (campaign, url, outlet, title, author, published, language) once per article, put in front
    of each of its sentences' lines; a reviewer's cells once per kind when they hold no free
    text.
    The line is the one csv.writer makes for the whole row, at a fraction of the work.
    """
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    reviewers = csv_reviewers(options)
    writer.writerow([neutralise(name) for name in csv_header(options, reviewers)])
    yield line.value
    with_gold, with_reviewers = options.with_gold, options.with_reviewers
    # A reviewer's four cells as CSV text: made by the writer itself, once, for the common
    # cases (no label; a label and status without source or note), else for each label.
    slot = {name: i for i, name in enumerate(reviewers)}

    def encoded(cells: tuple[Any, ...]) -> str:
        writer.writerow(cells)
        return line.value[:-2]  # without its line end

    absent = [encoded(("", "", "", ""))] * len(reviewers)
    plain = {
        (value, status): encoded((value, "", "", status))
        for value in LabelValue.values
        for status in Review.Status.values
    }
    index, no_counts = _VALUE_INDEX, [0] * len(_VALUE_INDEX)
    no_gold = [None, None, None] if with_gold else []
    formula = _FORMULA_STARTS
    last_article, head = None, ""
    counts: list[int] = []
    for campaign, article, sentence, gold, labels in rows:
        if article is not last_article:
            last_article = article
            head = encoded((neutralise(campaign), *map(neutralise, article))) + ","
        pk, position_, paragraph, kind, start, end, gap, text = sentence
        # neutralise(), inlined for the cells of every sentence and label (text, never null).
        if gap[:1] in formula:
            gap = "'" + gap
        if text[:1] in formula:
            text = "'" + text
        tail = "\r\n"
        if with_reviewers:
            counts, blocks = no_counts.copy(), absent.copy()
            for _, reviewer, value, source, note, status in labels:
                at = slot.get(reviewer)
                if at is None:
                    continue  # first submitted after the header was written: no column
                counts[index[value]] += 1
                if source or note:
                    if source[:1] in formula:
                        source = "'" + source
                    if note[:1] in formula:
                        note = "'" + note
                    blocks[at] = encoded((value, source, note, status))
                else:
                    blocks[at] = plain[value, status]
            if blocks:
                tail = "," + ",".join(blocks) + tail
        writer.writerow(
            [
                pk, position_, paragraph, kind, start, end, gap, text,
                *((gold[0], gold[1], neutralise(gold[2])) if with_gold and gold else no_gold),
                *counts,
            ]
        )  # fmt: skip
        yield head + line.value[:-2] + tail


def write_csv(options: ExportOptions, rows: Iterable[Row], out: IO[str]) -> int:
    """Write the CSV to a file; returns how many records (lines after the header) it holds."""
    count = -1
    write = out.write
    for text in csv_lines(options, rows):
        write(text)
        count += 1
    return count


def write(
    kind: str,
    options: ExportOptions,
    rows: Iterable[Row],
    out: IO[Any],
    *,
    seed: int = 13,
) -> int:
    """Write the rows (``export_rows``) in one of FORMATS to ``out`` (binary for a bundle,
    else text). Returns how many sentence records were written."""
    if kind == "csv":
        return write_csv(options, rows, out)
    if kind == "jsonl":
        return write_jsonl(records(options, rows), out)
    if kind == "labelstudio":
        from annotator.datasets.labelstudio import write_labelstudio

        return write_labelstudio(records(options, rows), out)
    if kind == "bundle":
        from annotator.datasets.bundle import write_bundle

        return write_bundle(options, records(options, rows), out, seed=seed)
    raise ValueError(f"unknown export format {kind!r}: expected one of {', '.join(FORMATS)}")


# Files and their content types (the background job: ``annotator.datasets.tasks``) ----------

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


def per_article(rows: Iterable[Row], started: Callable[[], None]) -> Iterator[Row]:
    """The rows, calling ``started()`` as each article (of each campaign) begins: for
    progress reports."""
    last = None
    for row in rows:
        if row[1] is not last:
            last = row[1]
            started()
        yield row
