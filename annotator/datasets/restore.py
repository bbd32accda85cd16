"""Our own JSONL export read back in: a backup, or a move to another instance.

``export_restore`` stores the articles, sentences, reviews, labels and gold labels of an
export made by ``annotator.datasets.exports`` (``write_jsonl``), keeping the article and
sentence ids, so that exporting the restored database gives the same file again.
The file is read twice, a line at a time: once for the reviewers' names (their accounts are
made first, in the order the export lists them), then for everything else, an article at a time.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from annotator.datasets.options import ARTICLE_FIELDS
from annotator.models import (
    Campaign,
    GoldLabel,
    GoldLabelEvent,
    Label,
    LabelEvent,
    Pseudonym,
    Review,
)
from annotator.vocabulary import LabelValue
from articles.ingest.errors import IngestError
from articles.ingest.language import DEFAULT_LANGUAGE, language_tag
from articles.ingest.pipeline import body_hash, domain_of
from articles.models import Article, ImportBatch, Outlet, Sentence
from articles.services import outlet_get_or_create

# How many articles (or sentence records) are stored together: a handful of queries each.
ARTICLES_PER_CHUNK = 200
RECORDS_PER_CHUNK = 5000
# The names ``exports.pseudonyms_for`` gives reviewers.
PSEUDONYM = re.compile(r"reviewer-[0-9a-f]{8}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_HINT = "restore into an empty database"
# A first line longer than this is no export record (and is not read whole to find out).
_FIRST_LINE_LIMIT = 1 << 22

# The allowed values, read once (each ``.values`` of a choices class builds a new list).
LABELS = tuple(LabelValue.values)
METHODS = tuple(GoldLabel.Method.values)
STATUSES = tuple(Review.Status.values)
KINDS = tuple(Sentence.Kind.values)

Progress = Callable[[int, int], None]
Source = str | os.PathLike[str] | Sequence[str]


@dataclass(slots=True)
class RestoreResult:
    """What a restore stored (``existing_articles``: already there with the same text, kept)."""

    articles: int = 0
    sentences: int = 0
    reviews: int = 0
    labels: int = 0
    gold_labels: int = 0
    reviewers: int = 0
    existing_articles: int = 0
    records: int = 0
    batch: ImportBatch | None = None


def is_export(path: str | os.PathLike[str]) -> bool:
    """Whether the file's first record is one of our export's: it has ``sentence_id``,
    ``gap_before`` and ``labels`` or ``gold_label``. Reads only the first non-blank line."""
    try:
        with open(path, "rb") as handle:
            while raw := handle.readline(_FIRST_LINE_LIMIT):
                if raw.strip():
                    record = orjson.loads(raw.decode("utf-8-sig"))
                    break
            else:
                return False
    except (OSError, ValueError):
        return False
    return (
        isinstance(record, dict)
        and {"sentence_id", "gap_before"} <= record.keys()
        and ("labels" in record or "gold_label" in record)
    )


# Reading ----------------------------------------------------------------------------------


def _numbered(source: Source, source_name: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for a file path or a sequence of lines, a line at a time."""
    if not isinstance(source, str | os.PathLike):
        yield from enumerate(source, start=1)
        return
    try:
        with Path(source).open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                yield number, _decoded(raw, number=number, source=source_name)
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror}", source=source_name) from error


def _decoded(raw: bytes, *, number: int, source: str) -> str:
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})",
            source=source,
            line=number,
        ) from None


def _json(line: str, *, source: str, number: int) -> dict[str, Any] | None:
    if not line.strip():
        return None
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise IngestError(
            f"not valid JSON ({error.msg} at column {error.colno})", source=source, line=number
        ) from None
    if not isinstance(record, dict):
        raise IngestError(
            f"expected a JSON object, got {_json_kind(record)}", source=source, line=number
        )
    return record


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    return "an array" if isinstance(value, list) else "an object"


@dataclass(slots=True)
class _Survey:
    """The first pass: reviewer names in first-seen order, which name the export lists before
    which, and how many articles (per campaign) there are."""

    names: dict[str, None] = field(default_factory=dict)
    before: set[tuple[str, str]] = field(default_factory=set)
    articles: int = 0


def _survey(lines: Iterable[tuple[int, str]]) -> _Survey:
    """Lenient: anything malformed is skipped here and reported by the second pass."""
    survey = _Survey()
    last: tuple[Any, Any] | None = None
    for _number, line in lines:
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if not isinstance(record, dict):
            continue
        key = (record.get("campaign"), record.get("article_id"))
        if key != last:
            survey.articles += 1
            last = key
        labels = record.get("labels")
        reviewers = [
            label["reviewer"]
            for label in (labels if isinstance(labels, list) else [])
            if isinstance(label, dict) and _usable_name(label.get("reviewer"))
        ]
        survey.names.update(dict.fromkeys(reviewers))
        survey.before.update(itertools.pairwise(reviewers))
        decider = record.get("gold_decided_by")
        if isinstance(decider, str) and _usable_name(decider):
            survey.names.setdefault(decider)
    return survey


def _usable_name(name: Any) -> bool:
    return isinstance(name, str) and 0 < len(name) <= 150


def _creation_order(survey: _Survey) -> list[str]:
    """The names in an order that keeps every "listed before" of the export.

    An export lists each sentence's labels by reviewer id: accounts made in this order get ids
    in the same order, so a new export lists them as the old one did. Ties (and, in a file
    edited by hand, cycles) keep the order of first appearance.
    """
    names = list(survey.names)
    rank = {name: i for i, name in enumerate(names)}
    after: dict[str, set[str]] = defaultdict(set)
    waiting = dict.fromkeys(names, 0)
    for first, second in survey.before:
        if first != second and second not in after[first]:
            after[first].add(second)
            waiting[second] += 1
    ready = [rank[name] for name in names if waiting[name] == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        name = names[heapq.heappop(ready)]
        order.append(name)
        for later in after[name]:
            waiting[later] -= 1
            if waiting[later] == 0:
                heapq.heappush(ready, rank[later])
    placed = set(order)
    return order + [name for name in names if name not in placed]


# Checking one record ----------------------------------------------------------------------


class _Fields:
    """A record's fields, each checked as it is read; errors name the file, line and field."""

    def __init__(self, data: dict[str, Any], *, source: str, line: int) -> None:
        self.data, self.source, self.line = data, source, line

    def error(self, name: str, message: str) -> IngestError:
        return IngestError(message, source=self.source, line=self.line, field=name)

    def get(self, data: dict[str, Any], key: str, name: str) -> Any:
        if key not in data:
            raise self.error(name, "missing")
        return data[key]

    def integer(self, key: str, *, minimum: int = 0) -> int:
        value = self.get(self.data, key, key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number, got {_json_kind(value)}")
        if value < minimum:
            raise self.error(key, f"expected a number of at least {minimum}, got {value}")
        return value

    def text(
        self,
        key: str,
        *,
        data: dict[str, Any] | None = None,
        name: str | None = None,
        nullable: bool = False,
        max_length: int | None = None,
        required: bool = False,
    ) -> str | None:
        name = name or key
        value = self.get(self.data if data is None else data, key, name)
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            wanted = "a string or null" if nullable else "a string"
            raise self.error(name, f"expected {wanted}, got {_json_kind(value)}")
        if required and not value:
            raise self.error(name, "empty")
        if max_length is not None and len(value) > max_length:
            raise self.error(name, f"{len(value)} characters, over the limit of {max_length}")
        if "\x00" in value:
            raise self.error(name, "contains a NUL character")
        if _SURROGATE.search(value):
            raise self.error(name, "contains an unpaired surrogate escape: not valid Unicode text")
        return value

    def choice(
        self,
        key: str,
        choices: Sequence[str],
        *,
        data: dict[str, Any] | None = None,
        name: str | None = None,
        nullable: bool = False,
    ) -> str | None:
        name = name or key
        value = self.get(self.data if data is None else data, key, name)
        if value is None and nullable:
            return None
        if value not in choices:
            expected = ", ".join(choices) + (" or null" if nullable else "")
            raise self.error(name, f"expected one of {expected}, got {_json_kind(value)}")
        return str(value)


@dataclass(slots=True)
class _Row:
    """One checked record."""

    line: int
    campaign: str
    article: tuple[int, str, str | None, str, str, str | None, str]  # id, url, outlet, title, …
    sentence: tuple[int, int, int, str, int, int]  # id, position, paragraph, kind, start, end
    gap: str
    text: str
    has_labels: bool
    labels: list[tuple[str, str, str, str, str]]  # reviewer, value, source, note, status
    has_gold: bool
    gold: tuple[str, str, str | None] | None  # value, method, decided by


def _row(data: dict[str, Any], *, source: str, line: int) -> _Row:
    fields = _Fields(data, source=source, line=line)
    if "labels" not in data and "gold_label" not in data:
        raise fields.error(
            "labels", "missing (a record of our export has 'labels', 'gold_label' or both)"
        )
    campaign = fields.text("campaign", max_length=200, required=True)
    article_id = fields.integer("article_id", minimum=1)
    url = fields.text("article_url", nullable=True, max_length=2000)
    outlet = fields.text("outlet", nullable=True, max_length=200)
    title = fields.text("title", max_length=1000)
    author = fields.text("author", nullable=True, max_length=500)
    published = fields.text("published", nullable=True)
    if published is not None:
        _published(published, fields)
    language = _language(fields)
    sentence_id = fields.integer("sentence_id", minimum=1)
    position = fields.integer("position")
    paragraph = fields.integer("paragraph")
    kind = fields.choice("kind", KINDS)
    start = fields.integer("start")
    end = fields.integer("end")
    if start >= end:
        raise fields.error("end", f"expected more than start ({start}), got {end}")
    gap = fields.text("gap_before")
    text = fields.text("text", required=True)
    assert campaign is not None and title is not None and kind is not None
    assert gap is not None and text is not None
    if len(text) != end - start:
        raise fields.error(
            "text",
            f"{len(text)} characters long, but start..end ({start}..{end}) spans {end - start}: "
            "the text does not match its offsets",
        )

    labels: list[tuple[str, str, str, str, str]] = []
    if "labels" in data:
        labels = _labels(fields)
        if "label_counts" in data:
            counts = Counter(label[1] for label in labels)
            expected = {value: counts[value] for value in LABELS}
            if data["label_counts"] != expected:
                raise fields.error(
                    "label_counts", f"expected {json.dumps(expected)} (the labels' counts)"
                )
    gold = None
    if "gold_label" in data:
        value = fields.choice("gold_label", LABELS, nullable=True)
        method = fields.choice("gold_method", METHODS, nullable=True)
        decided_by = fields.text("gold_decided_by", nullable=True, max_length=150)
        if (value is None) != (method is None):
            raise fields.error(
                "gold_method", "expected a method exactly when there is a gold label"
            )
        if value is None and decided_by is not None:
            raise fields.error("gold_decided_by", "expected null when there is no gold label")
        if value is not None and method is not None:
            gold = (value, method, decided_by or None)
    return _Row(
        line=line,
        campaign=campaign,
        article=(article_id, url or "", outlet or None, title, author or "", published, language),
        sentence=(sentence_id, position, paragraph, kind, start, end),
        gap=gap,
        text=text,
        has_labels="labels" in data,
        labels=labels,
        has_gold="gold_label" in data,
        gold=gold,
    )


def _published(value: str, fields: _Fields) -> datetime:
    try:
        published = datetime.fromisoformat(value)
    except ValueError:
        raise fields.error(
            "published",
            f"expected an ISO 8601 date and time such as 2026-03-01T09:30:00+00:00, "
            f"got {value[:40]!r}",
        ) from None
    return published if published.tzinfo else published.replace(tzinfo=UTC)


def _language(fields: _Fields) -> str:
    # Exports made before articles had a language recorded were all of English articles.
    if "language" not in fields.data:
        return DEFAULT_LANGUAGE
    value = fields.text("language", required=True)
    assert value is not None
    try:
        return language_tag(value)
    except ValueError as error:
        raise fields.error("language", str(error)) from None


def _labels(fields: _Fields) -> list[tuple[str, str, str, str, str]]:
    items = fields.data["labels"]
    if not isinstance(items, list):
        raise fields.error("labels", f"expected an array, got {_json_kind(items)}")
    labels = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        name = f"labels[{index}]"
        if not isinstance(item, dict):
            raise fields.error(name, f"expected an object, got {_json_kind(item)}")
        reviewer = fields.text(
            "reviewer", data=item, name=f"{name}.reviewer", max_length=150, required=True
        )
        value = fields.choice("label", LABELS, data=item, name=f"{name}.label")
        source = fields.text("source", data=item, name=f"{name}.source", max_length=500)
        note = fields.text("note", data=item, name=f"{name}.note")
        status = fields.choice("status", STATUSES, data=item, name=f"{name}.status")
        assert reviewer is not None and value is not None and status is not None
        if reviewer in seen:
            raise fields.error(f"{name}.reviewer", f"{reviewer!r} labels this sentence twice")
        seen.add(reviewer)
        labels.append((reviewer, value, source or "", note or "", status))
    return labels


# One article of one campaign --------------------------------------------------------------


@dataclass(slots=True)
class _ReviewDraft:
    status: str
    line: int
    labels: list[tuple[int, str, str, str]] = field(default_factory=list)  # sentence, v, s, n


@dataclass(slots=True)
class _Group:
    """The records of one article in one campaign, its body rebuilt as they are read."""

    campaign: str
    line: int
    article: tuple[int, str, str | None, str, str, str | None, str]
    has_labels: bool
    has_gold: bool
    parts: list[str] = field(default_factory=list)
    length: int = 0
    sentences: list[tuple[int, int, int, str, int, int]] = field(default_factory=list)
    reviews: dict[str, _ReviewDraft] = field(default_factory=dict)
    gold: list[tuple[int, str, str, str | None]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return self.campaign, self.article[0]

    @property
    def body(self) -> str:
        return "".join(self.parts)

    def add(self, row: _Row, *, source: str) -> None:
        def fail(name: str, message: str) -> IngestError:
            return IngestError(message, source=source, line=row.line, field=name)

        for name, mine, theirs in zip(ARTICLE_FIELDS, self.article, row.article, strict=True):
            if mine != theirs:
                raise fail(name, f"differs from line {self.line}, the same article's first record")
        if row.has_labels != self.has_labels:
            raise fail("labels", f"missing here but present on line {self.line}")
        if row.has_gold != self.has_gold:
            raise fail("gold_label", f"missing here but present on line {self.line}")
        sentence_id, position, _paragraph, _kind, start, end = row.sentence
        if position != len(self.sentences):
            raise fail(
                "position",
                f"expected {len(self.sentences)}, got {position}: sentences are missing (only an "
                "export with every sentence, no-claim ones included, can be restored)",
            )
        if start != self.length + len(row.gap):
            raise fail(
                "start",
                f"expected {self.length + len(row.gap)} (the previous sentence's end plus "
                f"gap_before), got {start}",
            )
        self.parts += [row.gap, row.text]
        self.length = end
        self.sentences.append(row.sentence)
        for reviewer, value, label_source, note, status in row.labels:
            review = self.reviews.setdefault(reviewer, _ReviewDraft(status, row.line))
            if review.status != status:
                raise fail(
                    "labels",
                    f"{reviewer!r}'s review is {status} here but {review.status} on line "
                    f"{review.line}",
                )
            review.labels.append((sentence_id, value, label_source, note))
        if row.gold is not None:
            self.gold.append((sentence_id, *row.gold))

    def signature(self) -> tuple[Any, ...]:
        """Digests of what is stored about the article, field by field (the names in
        ``_SIGNED``), to compare with its records in another campaign."""
        body = hashlib.sha256(self.body.encode()).digest()
        return (*(hash(value) for value in self.article[1:]), body, hash(tuple(self.sentences)))


_SIGNED = (*ARTICLE_FIELDS[1:], "text", "sentence_id")


def _groups(lines: Iterable[tuple[int, str]], *, source: str) -> Iterator[_Group]:
    group: _Group | None = None
    finished: set[tuple[str, int]] = set()
    for number, line in lines:
        data = _json(line, source=source, number=number)
        if data is None:
            continue
        row = _row(data, source=source, line=number)
        key = (row.campaign, row.article[0])
        if group is None or key != group.key:
            if group is not None:
                finished.add(group.key)
                yield group
            if key in finished:
                raise IngestError(
                    f"article {key[1]} of campaign {key[0]!r} appears again after other "
                    "articles: records must stay grouped by campaign and article, as the export "
                    "writes them",
                    source=source,
                    line=number,
                    field="article_id",
                )
            group = _Group(row.campaign, number, row.article, row.has_labels, row.has_gold)
        group.add(row, source=source)
    if group is not None:
        yield group


def _chunks(groups: Iterator[_Group]) -> Iterator[list[_Group]]:
    chunk: list[_Group] = []
    records = 0
    for group in groups:
        chunk.append(group)
        records += len(group.sentences)
        if len(chunk) >= ARTICLES_PER_CHUNK or records >= RECORDS_PER_CHUNK:
            yield chunk
            chunk, records = [], 0
    if chunk:
        yield chunk


# Storing ----------------------------------------------------------------------------------


class _Restorer:
    """The state of one restore: names resolved so far and what has been stored."""

    def __init__(self, *, source: str, batch: ImportBatch) -> None:
        self.source = source
        self.batch = batch
        self.result = RestoreResult(batch=batch)
        self.users: dict[str, int] = {}
        self.campaigns: dict[str, Campaign] = {}
        self.campaigns_made: set[int] = set()
        self.reviews_per_article: dict[int, int] = defaultdict(lambda: 1)
        self.outlets: dict[str, Outlet] = {}
        # Articles stored or checked in this restore: id → (signature, campaign, line).
        self.articles: dict[int, tuple[tuple[Any, ...], str, int]] = {}
        self.now = timezone.now()

    def error(self, group: _Group, name: str, message: str) -> IngestError:
        return IngestError(message, source=self.source, line=group.line, field=name)

    # Reviewers -----------------------------------------------------------------------------

    def users_prepare(self, survey: _Survey) -> None:
        """Find or make an account for every name in the export (no password: an admin sets
        one); a pseudonym stays the account's pseudonym, so new exports show it too."""
        user_model = get_user_model()
        order = _creation_order(survey)
        by_pseudonym = dict(Pseudonym.objects.filter(name__in=order).values_list("name", "user_id"))
        by_username = dict(
            user_model.objects.filter(username__in=order).values_list("username", "pk")
        )
        named = set(
            Pseudonym.objects.filter(user_id__in=by_username.values()).values_list(
                "user_id", flat=True
            )
        )
        for name in order:
            pseudonymous = PSEUDONYM.fullmatch(name) is not None
            if name in by_pseudonym:
                self.users[name] = by_pseudonym[name]
                continue
            if name in by_username:
                user_id = by_username[name]
            else:
                user = user_model(username=name)
                user.set_unusable_password()
                user.save()
                user_id = user.pk
                self.result.reviewers += 1
            if pseudonymous and user_id not in named:
                Pseudonym.objects.create(user_id=user_id, name=name)
            self.users[name] = user_id

    # Campaigns, outlets --------------------------------------------------------------------

    def campaign(self, name: str) -> Campaign:
        if name not in self.campaigns:
            campaign, created = Campaign.objects.get_or_create(name=name)
            if created:
                self.campaigns_made.add(campaign.pk)
            self.campaigns[name] = campaign
        return self.campaigns[name]

    def outlet_id(self, name: str | None, url: str) -> int | None:
        if not name:
            return None
        if name not in self.outlets:
            outlet = Outlet.objects.filter(name=name).order_by("pk").first()
            if outlet is None:
                outlet = outlet_get_or_create(name=name, domain=domain_of(url))
            if outlet.name != name:
                # Another outlet's name makes the same slug: keep this name as exported.
                outlet = Outlet.objects.create(
                    name=name, domain=domain_of(url), slug=_free_slug(outlet.slug)
                )
            self.outlets[name] = outlet
        return self.outlets[name].pk

    # Articles and sentences ----------------------------------------------------------------

    def articles_store(self, chunk: list[_Group]) -> None:
        """Store the chunk's new articles and sentences with their exported ids; check the
        ones already stored (by this restore or before it) against the records."""
        unknown = {g.article[0] for g in chunk if g.article[0] not in self.articles}
        stored = {
            pk: (title, body)
            for pk, title, body in Article.objects.filter(pk__in=unknown).values_list(
                "pk", "title", "body"
            )
        }
        stored_sentences: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in (
            Sentence.objects.filter(article_id__in=stored)
            .order_by("article_id", "position")
            .values_list("article_id", "pk", "position", "paragraph", "kind", "start", "end")
        ):
            stored_sentences[row[0]].append(row[1:])
        new: list[_Group] = []
        for group in chunk:
            article_id = group.article[0]
            signature = group.signature()
            known = self.articles.get(article_id)
            if known is not None:
                differs = [
                    n for n, a, b in zip(_SIGNED, known[0], signature, strict=True) if a != b
                ]
                if differs:
                    raise self.error(
                        group,
                        differs[0],
                        f"article {article_id} differs from its records on line {known[2]} "
                        f"(campaign {known[1]!r})",
                    )
                continue
            self.articles[article_id] = (signature, group.campaign, group.line)
            if article_id in stored:
                self._check_stored(group, stored[article_id], stored_sentences[article_id])
                self.result.existing_articles += 1
            else:
                new.append(group)
        self._check_conflicts(new)
        Article.objects.bulk_create([self._article(group) for group in new], batch_size=500)
        _insert_rows(
            Sentence,
            ("id", "article_id", "position", "paragraph", "kind", "start", "end", "text"),
            (
                (sentence_id, group.article[0], position, paragraph, kind, start, end,
                 group.parts[2 * position + 1])
                for group in new
                for sentence_id, position, paragraph, kind, start, end in group.sentences
            ),
        )  # fmt: skip
        self.result.articles += len(new)
        self.result.sentences += sum(len(group.sentences) for group in new)

    def _check_stored(
        self, group: _Group, stored: tuple[str, str], sentences: list[tuple[Any, ...]]
    ) -> None:
        article_id = group.article[0]
        title, body = stored
        if body != group.body:
            raise self.error(
                group, "text", f"article {article_id} already exists with different text: {_HINT}"
            )
        if title != group.article[3]:
            raise self.error(
                group,
                "title",
                f"article {article_id} already exists with a different title: {_HINT}",
            )
        if [tuple(s) for s in sentences] != [tuple(s) for s in group.sentences]:
            raise self.error(
                group,
                "sentence_id",
                f"article {article_id} already exists with different sentences: {_HINT}",
            )

    def _check_conflicts(self, new: list[_Group]) -> None:
        """New articles whose text, URL or sentence ids another stored article has."""
        by_hash = {body_hash(group.body): group for group in new}
        if len(by_hash) < len(new):
            seen: dict[str, _Group] = {}
            for group in new:
                other = seen.setdefault(body_hash(group.body), group)
                if other is not group:
                    raise self.error(
                        group,
                        "text",
                        f"article {group.article[0]} has the same text as article "
                        f"{other.article[0]} (line {other.line}): one text is stored once",
                    )
        for content_hash, pk in Article.objects.filter(content_hash__in=by_hash).values_list(
            "content_hash", "pk"
        ):
            group = by_hash[content_hash]
            raise self.error(
                group,
                "text",
                f"article {group.article[0]}'s text is already stored as article {pk}: {_HINT}",
            )
        by_url: dict[str, _Group] = {}
        for group in new:
            url = group.article[1]
            if url and by_url.setdefault(url, group) is not group:
                raise self.error(
                    group,
                    "article_url",
                    f"article {group.article[0]} has the same URL as article "
                    f"{by_url[url].article[0]} (line {by_url[url].line})",
                )
        for url, pk in Article.objects.filter(url__in=by_url).values_list("url", "pk"):
            group = by_url[url]
            raise self.error(
                group,
                "article_url",
                f"article {group.article[0]}'s URL is already stored for article {pk}: {_HINT}",
            )
        by_sentence: dict[int, _Group] = {}
        for group in new:
            for sentence in group.sentences:
                first = by_sentence.get(sentence[0])
                if first is not None:
                    raise self.error(
                        group,
                        "sentence_id",
                        f"sentence {sentence[0]} appears twice (article {first.article[0]} "
                        f"on line {first.line} has it too)",
                    )
                by_sentence[sentence[0]] = group
        for pk, article_id in Sentence.objects.filter(pk__in=by_sentence).values_list(
            "pk", "article_id"
        ):
            raise self.error(
                by_sentence[pk],
                "sentence_id",
                f"sentence {pk} already exists in article {article_id}: {_HINT}",
            )

    def _article(self, group: _Group) -> Article:
        article_id, url, outlet, title, author, published, language = group.article
        body = group.body
        # The JSONL importer puts a standfirst first, as its own paragraph.
        standfirst = [s for s in group.sentences if s[3] == Sentence.Kind.STANDFIRST]
        return Article(
            pk=article_id,
            outlet_id=self.outlet_id(outlet, url),
            batch=self.batch,
            title=title,
            standfirst=body[standfirst[0][4] : standfirst[-1][5]] if standfirst else "",
            author=author,
            url=url,
            published=_aware(published),
            language=language,
            body=body,
            # As the importer computes it (``ArticleDraft.set_body``).
            content_hash=body_hash(body),
        )

    # Campaign membership, reviews, labels, gold --------------------------------------------

    def work_store(self, chunk: list[_Group]) -> None:
        campaigns = {group.campaign: self.campaign(group.campaign) for group in chunk}
        campaign_ids = {c.pk for c in campaigns.values()}
        article_ids = {group.article[0] for group in chunk}
        CampaignArticle = Campaign.articles.through
        CampaignArticle.objects.bulk_create(
            [
                CampaignArticle(campaign_id=campaigns[g.campaign].pk, article_id=g.article[0])
                for g in chunk
            ],
            ignore_conflicts=True,
        )
        CampaignReviewer = Campaign.reviewers.through
        CampaignReviewer.objects.bulk_create(
            [
                CampaignReviewer(campaign_id=campaigns[g.campaign].pk, user_id=self.users[name])
                for g in chunk
                for name in g.reviews
            ],
            ignore_conflicts=True,
        )
        for group in chunk:
            pk = campaigns[group.campaign].pk
            self.reviews_per_article[pk] = max(self.reviews_per_article[pk], len(group.reviews))
        self._reviews_store(chunk, campaigns, campaign_ids, article_ids)
        self._gold_store(chunk, campaigns, campaign_ids)

    def _reviews_store(
        self,
        chunk: list[_Group],
        campaigns: dict[str, Campaign],
        campaign_ids: set[int],
        article_ids: set[int],
    ) -> None:
        existing = {
            (c, a, r): (pk, status)
            for pk, c, a, r, status in Review.objects.filter(
                campaign_id__in=campaign_ids, article_id__in=article_ids
            ).values_list("pk", "campaign_id", "article_id", "reviewer_id", "status")
        }
        stored_labels: dict[int, set[tuple[int, str, str, str]]] = defaultdict(set)
        for review_id, *label in Label.objects.filter(
            review_id__in=[pk for pk, _ in existing.values()]
        ).values_list("review_id", "sentence_id", "value", "source", "note"):
            stored_labels[review_id].add(tuple(label))  # type: ignore[arg-type]
        reviews: list[Review] = []
        drafts: list[_ReviewDraft] = []
        for group in chunk:
            for name, draft in group.reviews.items():
                key = (campaigns[group.campaign].pk, group.article[0], self.users[name])
                if key in existing:
                    pk, status = existing[key]
                    if status != draft.status or stored_labels[pk] != set(draft.labels):
                        raise IngestError(
                            f"campaign {group.campaign!r} already has a review of article "
                            f"{group.article[0]} by {name!r} with other labels: {_HINT}",
                            source=self.source,
                            line=draft.line,
                            field="labels",
                        )
                    continue
                submitted = draft.status == Review.Status.SUBMITTED
                reviews.append(
                    Review(
                        campaign_id=key[0],
                        article_id=key[1],
                        reviewer_id=key[2],
                        status=draft.status,
                        submitted_at=self.now if submitted else None,
                    )
                )
                drafts.append(draft)
        Review.objects.bulk_create(reviews, batch_size=1000)
        labels = [
            (review.pk, *label) for review, draft in zip(reviews, drafts, strict=True)
            for label in draft.labels
        ]  # fmt: skip
        _insert_rows(
            Label,
            ("review_id", "sentence_id", "value", "source", "note", "updated_at"),
            ((*label, self.now) for label in labels),
        )
        # The restore wrote them, not the reviewer: no actor, so the reviewer's undo walks back
        # only what they change after the restore.
        _insert_rows(
            LabelEvent,
            ("review_id", "sentence_id", "actor_id", "created_at", "before", "after"),
            (
                (review_id, sentence_id, None, self.now, None,
                 {"value": value, "source": source, "note": note})
                for review_id, sentence_id, value, source, note in labels
            ),
        )  # fmt: skip
        self.result.reviews += len(reviews)
        self.result.labels += len(labels)

    def _gold_store(
        self, chunk: list[_Group], campaigns: dict[str, Campaign], campaign_ids: set[int]
    ) -> None:
        sentence_ids = {gold[0] for group in chunk for gold in group.gold}
        existing = {
            (c, s): (value, method, decided_by)
            for c, s, value, method, decided_by in GoldLabel.objects.filter(
                campaign_id__in=campaign_ids, sentence_id__in=sentence_ids
            ).values_list("campaign_id", "sentence_id", "value", "method", "decided_by_id")
        }
        gold_labels: list[tuple[int, int, str, str, int | None]] = []
        for group in chunk:
            campaign_id = campaigns[group.campaign].pk
            for sentence_id, value, method, decided_by in group.gold:
                decider = self.users[decided_by] if decided_by else None
                stored = existing.get((campaign_id, sentence_id))
                if stored is None:
                    gold_labels.append((campaign_id, sentence_id, value, method, decider))
                elif stored != (value, method, decider):
                    raise self.error(
                        group,
                        "gold_label",
                        f"campaign {group.campaign!r} already has another gold label for "
                        f"sentence {sentence_id}: {_HINT}",
                    )
        _insert_rows(
            GoldLabel,
            ("campaign_id", "sentence_id", "value", "method", "decided_by_id", "decided_at"),
            ((*gold, self.now) for gold in gold_labels),
        )
        _insert_rows(
            GoldLabelEvent,
            ("campaign_id", "sentence_id", "actor_id", "created_at", "before", "after"),
            (
                (campaign_id, sentence_id, None, self.now, None,
                 {"value": value, "method": method})
                for campaign_id, sentence_id, value, method, _decider in gold_labels
            ),
        )  # fmt: skip
        self.result.gold_labels += len(gold_labels)

    def finish(self) -> None:
        for campaign in self.campaigns.values():
            wanted = self.reviews_per_article[campaign.pk]
            if campaign.pk in self.campaigns_made or campaign.reviews_per_article < wanted:
                Campaign.objects.filter(pk=campaign.pk).update(reviews_per_article=wanted)
        self.batch.article_count = self.result.articles
        self.batch.sentence_count = self.result.sentences
        self.batch.duplicate_count = self.result.existing_articles
        self.batch.status = ImportBatch.Status.DONE
        self.batch.finished_at = timezone.now()
        self.batch.save()


def _aware(value: str | None) -> datetime | None:
    if value is None:
        return None
    published = datetime.fromisoformat(value)
    return published if published.tzinfo else published.replace(tzinfo=UTC)


def _free_slug(slug: str) -> str:
    taken = set(Outlet.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    number = 2
    while f"{slug[:190]}-{number}" in taken:
        number += 1
    return f"{slug[:190]}-{number}"


def _insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """Insert rows of values for ``fields`` (attribute names). PostgreSQL gets them by COPY,
    many times faster than building a model instance per row for a bulk INSERT."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            (model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=2000
        )
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column = {f.attname: f.column or f.attname for f in model._meta.concrete_fields}
    columns = ", ".join(quote(column[name]) for name in fields)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,  # type: ignore[attr-defined]
    ):
        for row in rows:
            copy.write_row([orjson.dumps(v).decode() if type(v) is dict else v for v in row])


def _sequences_reset() -> None:
    """After rows were inserted with their own ids, make the next automatic id follow them
    (PostgreSQL; SQLite keeps track by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Article, Sentence])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@transaction.atomic
def export_restore(
    *,
    path_or_lines: Source,
    source_name: str,
    on_progress: Progress | None = None,
    dry_run: bool = False,
) -> RestoreResult:
    """Restore a JSONL export (a file path, or its lines) into this database, all or nothing.

    Articles and sentences keep their exported ids; an article already stored with the same
    id, title and text is kept (so a second campaign's records, or a second restore, store no
    duplicate), one with different text is an error. Campaigns, outlets and reviewers are
    found by name or made; reviews, labels and gold labels are made with a history event each,
    or, when already stored identically, left as they are. Bad input raises IngestError naming
    the line and field; nothing is stored then. ``on_progress(done, total)`` is called per
    chunk of articles. With ``dry_run`` everything is checked and stored, then rolled back.
    Returns the counts. Queries: a few up front, then about 15 per chunk of up to 200
    articles or 5,000 records.
    """
    if isinstance(path_or_lines, Iterator):
        raise TypeError("path_or_lines: a path or a sequence of lines (they are read twice)")
    restorer = _Restorer(
        source=source_name,
        batch=ImportBatch.objects.create(
            source_name=source_name[:1000], source_format=ImportBatch.Format.JSONL
        ),
    )
    survey = _survey(_numbered(path_or_lines, source_name))
    restorer.users_prepare(survey)
    if on_progress is not None:
        on_progress(0, survey.articles)
    done = 0
    line = None
    try:
        for chunk in _chunks(_groups(_numbered(path_or_lines, source_name), source=source_name)):
            line = chunk[0].line
            restorer.articles_store(chunk)
            restorer.work_store(chunk)
            restorer.result.records += sum(len(group.sentences) for group in chunk)
            done += len(chunk)
            if on_progress is not None:
                on_progress(done, survey.articles)
    except IntegrityError as error:
        # Checked above, so only a racing writer gets here; still say where.
        raise IngestError(
            f"the database refused these records ({error})".replace("\n", " "),
            source=source_name,
            line=line,
        ) from error
    if restorer.result.records == 0:
        raise IngestError("no record found in the input", source=source_name)
    restorer.finish()
    if dry_run:
        transaction.set_rollback(True)
        restorer.result.batch = None
    else:
        _sequences_reset()
    return restorer.result
