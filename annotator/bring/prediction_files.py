"""A predictions file read into rows, every field checked (no database access).

JSON lines or CSV (a header row), one prediction a row::

    {"sentence_id": 812, "label": "opinion", "score": 0.91}
    {"article_url": "https://…", "start": 120, "end": 188, "label": "sourced", "score": 0.7}
    {"article_id": 31, "text": "The council met on Monday.", "label": "no_claim", "score": 0.6}
    {"title": "Lido to close", "outlet": "Daily Planet", "start": 0, "end": 40, …}

A row names its sentence by our ``sentence_id``, or its article (our ``article_id``, its
``article_url``, or its ``title`` with ``outlet``: we keep no id of the caller's own) plus
either ``start``/``end`` (characters of the article's body) or the sentence's ``text``.
``label`` (ours, or mapped), ``score`` (0 to 1); ``model_name`` and ``model_version`` are
optional (the import's own are used otherwise). Bad input raises IngestError naming the file,
line and field: the import then stores nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from annotator.bring.label_names import LabelNames
from articles.ingest.errors import IngestError
from articles.plain_text import not_plain

MODEL_FIELD_CHARS = 100
_LOCATORS = ("sentence_id", "article_id", "article_url", "title")


@dataclass(frozen=True, slots=True)
class PredictionLine:
    """One row of a predictions file, checked. ``locator`` says how it names its sentence."""

    line: int
    value: str
    score: float
    sentence_id: int | None = None
    article_id: int | None = None
    article_url: str = ""
    title: str = ""
    outlet: str = ""
    start: int | None = None
    end: int | None = None
    text: str = ""
    model_name: str = ""
    model_version: str = ""


def _records(text: str, *, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head == "{":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as error:
                detail = getattr(error, "msg", "nested too deeply")
                message = f"not valid JSON ({detail})"
                raise IngestError(message, source=source, line=number) from None
            if not isinstance(record, dict):
                raise IngestError("expected a JSON object", source=source, line=number)
            yield number, record
        return
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns
    if "label" not in columns or not set(_LOCATORS) & set(columns):
        raise IngestError(
            "expected JSON lines or CSV with a header row naming label, score and a sentence "
            f"(sentence_id, or article_id / article_url / title with start and end or text); "
            f"found columns: {', '.join(columns)[:200] or 'none'}",
            source=source,
            line=1,
        )
    try:
        for row in reader:
            if None in row:
                raise IngestError(
                    "more cells than the header has columns", source=source, line=reader.line_num
                )
            yield reader.line_num, {k: v for k, v in row.items() if v not in ("", None)}
    except csv.Error as error:
        raise IngestError(f"not valid CSV ({error})", source=source, line=reader.line_num) from None


def _integer(record: dict[str, Any], name: str, *, source: str, line: int) -> int | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise IngestError(
            f"expected a whole number of 0 or more, got {value!r}"[:120],
            source=source,
            line=line,
            field=name,
        )
    return value


def _text(record: dict[str, Any], name: str, *, source: str, line: int, limit: int = 0) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise IngestError(
            f"expected a string, got {type(value).__name__}", source=source, line=line, field=name
        )
    # A sentence's text is read as an article's is (control characters as spaces), but a NUL
    # or an unpaired surrogate is no text at all.
    problem = not_plain(value) if name != "text" else _not_text(value)
    if problem is not None:
        raise IngestError(f"contains {problem}", source=source, line=line, field=name)
    if limit and len(value.strip()) > limit:
        raise IngestError(
            f"too long: at most {limit} characters", source=source, line=line, field=name
        )
    return value.strip()


def _not_text(value: str) -> str | None:
    problem = not_plain(value)
    return problem if problem and ("NUL" in problem or "surrogate" in problem) else None


def _score(record: dict[str, Any], *, source: str, line: int) -> float:
    value = record.get("score")
    if value is None:
        raise IngestError("missing", source=source, line=line, field="score")
    try:
        score = float(value) if isinstance(value, str | int | float) else float("nan")
    except ValueError:
        score = float("nan")
    if isinstance(value, bool) or not 0 <= score <= 1:
        raise IngestError(
            f"expected a number from 0 to 1, got {value!r}"[:120],
            source=source,
            line=line,
            field="score",
        )
    return score


def prediction_lines(text: str, *, source: str, labels: LabelNames) -> list[PredictionLine]:
    """Every row of the file, checked; raises IngestError at the first bad one, or naming
    every unknown label once the whole file is read."""
    rows: list[PredictionLine] = []
    for line, record in _records(text, source=source):
        ints = {
            name: _integer(record, name, source=source, line=line)
            for name in ("sentence_id", "article_id", "start", "end")
        }
        texts = {
            name: _text(record, name, source=source, line=line, limit=limit)
            for name, limit in (
                ("article_url", 2000), ("title", 1000), ("outlet", 200), ("text", 0),
                ("model_name", MODEL_FIELD_CHARS), ("model_version", MODEL_FIELD_CHARS),
                ("label", 100),
            )
        }  # fmt: skip
        if not texts["label"]:
            raise IngestError("missing", source=source, line=line, field="label")
        score = _score(record, source=source, line=line)
        _check_locator(ints, texts, source=source, line=line)
        value = labels.value(texts.pop("label"), line=line)
        rows.append(
            PredictionLine(line=line, value=value or "", score=score, **ints, **texts)  # type: ignore[arg-type]
        )
    if message := labels.unknown_message():
        raise IngestError(message, source=source, field="label")
    if not rows:
        raise IngestError("no predictions in the file", source=source)
    return rows


def _check_locator(
    ints: dict[str, int | None], texts: dict[str, str], *, source: str, line: int
) -> None:
    if ints["sentence_id"] is not None:
        return
    if ints["article_id"] is None and not texts["article_url"] and not texts["title"]:
        raise IngestError(
            "no sentence named: give sentence_id, or article_id, article_url or title (with "
            "outlet) plus start and end or the sentence's text",
            source=source,
            line=line,
            field="sentence_id",
        )
    start, end = ints["start"], ints["end"]
    if (start is None) != (end is None):
        raise IngestError(
            "start and end come together", source=source, line=line,
            field="end" if end is None else "start",
        )  # fmt: skip
    if start is not None and end is not None and start >= end:
        raise IngestError(
            f"end ({end}) must be after start ({start})", source=source, line=line, field="end"
        )
    if start is None and not texts["text"]:
        raise IngestError(
            "no place in the article: give start and end, or the sentence's text",
            source=source,
            line=line,
            field="start",
        )
