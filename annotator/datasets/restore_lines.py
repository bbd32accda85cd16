"""Reading an export back, first pass: its lines (a file read a line at a time, or lines
given), the JSON object on each, and the survey of the reviewers' names and the articles."""

from __future__ import annotations

import heapq
import itertools
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from articles.ingest.errors import IngestError

Source = str | os.PathLike[str] | Sequence[str]


def numbered(source: Source, source_name: str) -> Iterator[tuple[int, str]]:
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


def json_object(line: str, *, source: str, number: int) -> dict[str, Any] | None:
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
            f"expected a JSON object, got {json_kind(record)}", source=source, line=number
        )
    return record


def json_kind(value: Any) -> str:
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
class Survey:
    """The first pass: reviewer names in first-seen order, which name the export lists before
    which, and how many articles (per campaign) there are."""

    names: dict[str, None] = field(default_factory=dict)
    before: set[tuple[str, str]] = field(default_factory=set)
    articles: int = 0


def survey(lines: Iterable[tuple[int, str]]) -> Survey:
    """Lenient: anything malformed is skipped here and reported by the second pass."""
    survey = Survey()
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


def creation_order(survey: Survey) -> list[str]:
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
