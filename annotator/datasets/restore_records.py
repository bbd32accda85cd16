"""Reading an export back, second pass: each record checked field by field (errors name the
file, line and field), and the records of one article in one campaign grouped, the article's
body rebuilt from them."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from annotator.datasets.options import ARTICLE_FIELDS
from annotator.datasets.restore_lines import json_kind, json_object
from annotator.models import GoldLabel, Review
from annotator.vocabulary import LabelValue
from articles.ingest.errors import IngestError
from articles.ingest.language import DEFAULT_LANGUAGE, language_tag
from articles.models import Sentence

# How many articles (or sentence records) are stored together: a handful of queries each.
ARTICLES_PER_CHUNK = 200
RECORDS_PER_CHUNK = 5000
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# The allowed values, read once (each ``.values`` of a choices class builds a new list).
LABELS = tuple(LabelValue.values)
METHODS = tuple(GoldLabel.Method.values)
STATUSES = tuple(Review.Status.values)
KINDS = tuple(Sentence.Kind.values)


class Fields:
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
            raise self.error(key, f"expected a whole number, got {json_kind(value)}")
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
            raise self.error(name, f"expected {wanted}, got {json_kind(value)}")
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
            raise self.error(name, f"expected one of {expected}, got {json_kind(value)}")
        return str(value)


@dataclass(slots=True)
class Row:
    """One checked record."""

    line: int
    campaign: str
    article: tuple[int, str, str | None, str, str, str | None, str]  # id, url, outlet, title, …
    sentence: tuple[int, int, int, str, int, int]  # id, position, paragraph, kind, start, end
    gap: str
    text: str
    has_labels: bool
    # reviewer, value, source, note, status, suggested value ("": none shown), its score
    labels: list[tuple[str, str, str, str, str, str, float | None]]
    has_gold: bool
    gold: tuple[str, str, str | None] | None  # value, method, decided by


def record_row(data: dict[str, Any], *, source: str, line: int) -> Row:
    fields = Fields(data, source=source, line=line)
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

    labels: list[tuple[str, str, str, str, str, str, float | None]] = []
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
    return Row(
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


def _published(value: str, fields: Fields) -> datetime:
    try:
        published = datetime.fromisoformat(value)
    except ValueError:
        raise fields.error(
            "published",
            f"expected an ISO 8601 date and time such as 2026-03-01T09:30:00+00:00, "
            f"got {value[:40]!r}",
        ) from None
    return published if published.tzinfo else published.replace(tzinfo=UTC)


def _language(fields: Fields) -> str:
    # Exports made before articles had a language recorded were all of English articles.
    if "language" not in fields.data:
        return DEFAULT_LANGUAGE
    value = fields.text("language", required=True)
    assert value is not None
    try:
        return language_tag(value)
    except ValueError as error:
        raise fields.error("language", str(error)) from None


def _suggestion(fields: Fields, item: dict[str, Any], name: str) -> tuple[str, float | None]:
    """The suggestion shown beside a label, as exports since issue 15 carry it (absent in
    older ones: none shown)."""
    shown = item.get("suggested_value", "")
    if shown not in ("", *LABELS):
        expected = ", ".join(LABELS)
        raise fields.error(
            f"{name}.suggested_value",
            f"expected one of {expected} or empty, got {json_kind(shown)}",
        )
    score = item.get("suggested_score")
    if score is None:
        if shown:
            raise fields.error(f"{name}.suggested_score", "missing for the suggested value")
        return "", None
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        raise fields.error(
            f"{name}.suggested_score", f"expected a number from 0 to 1, got {score!r}"
        )
    if not shown:
        raise fields.error(f"{name}.suggested_score", "given without a suggested value")
    return str(shown), float(score)


def _labels(fields: Fields) -> list[tuple[str, str, str, str, str, str, float | None]]:
    items = fields.data["labels"]
    if not isinstance(items, list):
        raise fields.error("labels", f"expected an array, got {json_kind(items)}")
    labels = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        name = f"labels[{index}]"
        if not isinstance(item, dict):
            raise fields.error(name, f"expected an object, got {json_kind(item)}")
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
        labels.append((reviewer, value, source or "", note or "", status,
                       *_suggestion(fields, item, name)))  # fmt: skip
    return labels


@dataclass(slots=True)
class ReviewDraft:
    status: str
    line: int
    # sentence, value, source, note, suggested value, suggested score
    labels: list[tuple[int, str, str, str, str, float | None]] = field(default_factory=list)


@dataclass(slots=True)
class Group:
    """The records of one article in one campaign, its body rebuilt as they are read."""

    campaign: str
    line: int
    article: tuple[int, str, str | None, str, str, str | None, str]
    has_labels: bool
    has_gold: bool
    parts: list[str] = field(default_factory=list)
    length: int = 0
    sentences: list[tuple[int, int, int, str, int, int]] = field(default_factory=list)
    reviews: dict[str, ReviewDraft] = field(default_factory=dict)
    gold: list[tuple[int, str, str, str | None]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return self.campaign, self.article[0]

    @property
    def body(self) -> str:
        return "".join(self.parts)

    def add(self, row: Row, *, source: str) -> None:
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
        for reviewer, value, label_source, note, status, shown, score in row.labels:
            review = self.reviews.setdefault(reviewer, ReviewDraft(status, row.line))
            if review.status != status:
                raise fail(
                    "labels",
                    f"{reviewer!r}'s review is {status} here but {review.status} on line "
                    f"{review.line}",
                )
            review.labels.append((sentence_id, value, label_source, note, shown, score))
        if row.gold is not None:
            self.gold.append((sentence_id, *row.gold))

    def signature(self) -> tuple[Any, ...]:
        """Digests of what is stored about the article, field by field (the names in
        ``SIGNED``), to compare with its records in another campaign."""
        body = hashlib.sha256(self.body.encode()).digest()
        return (*(hash(value) for value in self.article[1:]), body, hash(tuple(self.sentences)))


SIGNED = (*ARTICLE_FIELDS[1:], "text", "sentence_id")


def groups(lines: Iterable[tuple[int, str]], *, source: str) -> Iterator[Group]:
    group: Group | None = None
    finished: set[tuple[str, int]] = set()
    for number, line in lines:
        data = json_object(line, source=source, number=number)
        if data is None:
            continue
        row = record_row(data, source=source, line=number)
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
            group = Group(row.campaign, number, row.article, row.has_labels, row.has_gold)
        group.add(row, source=source)
    if group is not None:
        yield group


def chunks(groups: Iterator[Group]) -> Iterator[list[Group]]:
    chunk: list[Group] = []
    records = 0
    for group in groups:
        chunk.append(group)
        records += len(group.sentences)
        if len(chunk) >= ARTICLES_PER_CHUNK or records >= RECORDS_PER_CHUNK:
            yield chunk
            chunk, records = [], 0
    if chunk:
        yield chunk
