"""What a file of annotations is read into: documents (a text and what the file says of its
article) and their marks (labelled spans), with the JSON readers and field checks the
readers share (no database access)."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from articles.ingest.errors import IngestError

GOLD = "gold"
_SPACE = re.compile(r"\s*")


@dataclass(slots=True)
class Mark:
    """One labelled span: by ``who`` (an annotator's name; "" when the file names none), as
    gold, or by a model (``prediction``, with its ``score`` and ``model_version``)."""

    line: int
    start: int
    end: int
    value: str
    who: str = ""
    gold: bool = False
    prediction: bool = False
    score: float = 1.0
    model_version: str = ""
    source: str = ""
    note: str = ""


@dataclass(slots=True)
class Document:
    """One text and its marks, with what the file says of the article."""

    line: int
    text: str
    title: str = ""
    url: str = ""
    outlet: str = ""
    marks: list[Mark] = field(default_factory=list)


def fail(message: str, source: str, line: int, name: str | None = None) -> IngestError:
    return IngestError(message, source=source, line=line, field=name)


def json_lines(text: str, *, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as error:
            raise fail(f"not valid JSON ({getattr(error, 'msg', error)})", source, number) from None
        if not isinstance(record, dict):
            raise fail("expected a JSON object", source, number)
        yield number, record


def json_array(text: str, *, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON array, each with the line it starts on."""
    decoder = json.JSONDecoder()
    text = text.lstrip("\ufeff")
    position = _SPACE.match(text).end() + 1  # type: ignore[union-attr]
    line, counted = 1, 0
    for index in itertools.count():
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if index == 0 and text.startswith("]", position):
            return
        line += text.count("\n", counted, position)
        counted = position
        try:
            record, position = decoder.raw_decode(text, position)
        except (json.JSONDecodeError, RecursionError) as error:
            at = getattr(error, "lineno", line)
            raise fail(f"not valid JSON ({getattr(error, 'msg', error)})", source, at) from None
        if not isinstance(record, dict):
            raise fail(f"task [{index}]: expected a JSON object", source, line)
        yield line, record
        position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
        if text.startswith(",", position):
            position += 1
        elif text.startswith("]", position):
            return
        else:
            raise fail("not valid JSON (expected ',' or ']' after the task)", source, line)


def whole(value: Any, source: str, line: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise fail(f"expected a whole number of 0 or more, got {value!r}"[:100], source, line, name)
    return value


def span(start: Any, end: Any, text: str, source: str, line: int, name: str) -> tuple[int, int]:
    a, b = whole(start, source, line, f"{name}.start"), whole(end, source, line, f"{name}.end")
    if not a < b <= len(text):
        raise fail(
            f"span {a}-{b} is not within the text ({len(text)} characters)", source, line, name
        )
    return a, b


def string(value: Any, source: str, line: int, name: str, *, limit: int = 2000) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise fail(f"expected a string of at most {limit} characters", source, line, name)
    return value.strip()


def document(data: dict[str, Any], text: Any, source: str, line: int, name: str) -> Document:
    if not isinstance(text, str) or not text.strip():
        raise fail("expected the task's text (a non-empty string)", source, line, name)
    return Document(
        line=line,
        text=text,
        title=string(data.get("title"), source, line, "title", limit=1000),
        url=string(data.get("url") or data.get("article_url"), source, line, "url"),
        outlet=string(data.get("outlet"), source, line, "outlet", limit=200),
    )


def score(value: Any, default: float, source: str, line: int, name: str) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise fail(f"expected a score from 0 to 1, got {value!r}"[:100], source, line, name)
    return float(value)
