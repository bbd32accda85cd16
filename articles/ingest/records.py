"""Article records: JSONL lines, JSON arrays and CSV rows, each with at least a title and a
text, every field checked; errors name the line (and in an array the record) at fault."""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import orjson

from articles.ingest.drafts import ArticleDraft, checked_draft, parse_published, web_url
from articles.ingest.errors import IngestError
from articles.ingest.language import language_tag
from articles.ingest.segment import Paragraph, SpanKind, normalise_text, split_paragraphs
from articles.plain_text import not_plain

_SURROGATE = re.compile(r"[\ud800-\udfff]")
REQUIRED_FIELDS = ("title", "text")
OPTIONAL_FIELDS = ("outlet", "url", "author", "published", "standfirst", "language")
# The longest each field may be, in characters: the sizes of the columns they are stored in
# (Article.title, .author, .url; Outlet.name).
FIELD_MAX_CHARS = {"title": 1000, "author": 500, "url": 2000, "outlet": 200}
_DOCUMENT_FIELDS = frozenset({"text", "standfirst"})
# What to do with a file of annotations made in another tool (``annotator.bring`` reads them).
BRING_ANNOTATIONS = (
    "bring its texts and labels into a campaign with `python manage.py import_annotations "
    'FILE --campaign NAME` (or "Bring annotations" on the campaign\'s page), which makes the '
    "articles and stores the labels as reviews or predictions"
)


def _record_draft(
    record: dict[str, Any], *, source: str, line: int, surrogates_possible: bool = True
) -> ArticleDraft:
    """One JSONL object or CSV row as a draft, every field checked. A record read by orjson
    (``surrogates_possible`` False) can't hold an unpaired surrogate: it refuses them."""
    values: dict[str, str] = {}
    for name in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS):
        value = record.get(name)
        if value is None or value == "":
            if name in REQUIRED_FIELDS:
                raise IngestError("missing", source=source, line=line, field=name)
            continue
        if not isinstance(value, str):
            raise IngestError(
                f"expected a string, got {type(value).__name__}", source=source, line=line,
                field=name,
            )  # fmt: skip
        if "\x00" in value:
            raise IngestError("contains a NUL character", source=source, line=line, field=name)
        if surrogates_possible and _SURROGATE.search(value):
            raise IngestError(
                "contains an unpaired surrogate escape (such as \\ud800): not valid Unicode text",
                source=source, line=line, field=name,
            )  # fmt: skip
        # The text is read as a file's would be (control characters as spaces); the short
        # fields must be plain text, as in a form.
        problem = not_plain(value) if name not in _DOCUMENT_FIELDS else None
        if problem is not None:
            raise IngestError(f"contains {problem}", source=source, line=line, field=name)
        longest = FIELD_MAX_CHARS.get(name)
        if longest is not None and len(value.strip()) > longest:
            raise IngestError(
                f"too long: at most {longest:,} characters, this has {len(value.strip()):,}",
                source=source, line=line, field=name,
            )  # fmt: skip
        values[name] = value
    try:
        language = language_tag(values["language"]) if "language" in values else ""
    except ValueError as error:
        raise IngestError(str(error), source=source, line=line, field="language") from None
    url = values.get("url", "").strip()
    if url and not web_url(url):
        raise IngestError(
            f"expected an http(s) URL, got {url[:60]!r}", source=source, line=line, field="url"
        )
    paragraphs = [Paragraph(p) for p in split_paragraphs(values["text"])]
    if not paragraphs:
        raise IngestError("empty", source=source, line=line, field="text")
    standfirst = normalise_text(values.get("standfirst", ""))
    if standfirst:
        paragraphs.insert(0, Paragraph(standfirst, SpanKind.STANDFIRST))
    published = values.get("published")
    return checked_draft(
        title=values["title"],
        paragraphs=paragraphs,
        source=source,
        line=line,
        standfirst=standfirst,
        author=values.get("author", "").strip()[:500],
        url=url,
        published=parse_published(published, source=source, line=line) if published else None,
        outlet_name=values.get("outlet", "").strip(),
        language=language,
    )


def _lines[T: (str, bytes)](text: T, *, keepends: bool = False) -> Iterator[T]:
    """The lines of ``text`` one at a time, without first copying them all into a list."""
    newline, ends = ("\n", "\r\n") if isinstance(text, str) else (b"\n", b"\r\n")
    start = 0
    while start < len(text):
        end = text.find(newline, start)
        end = len(text) if end == -1 else end + 1
        yield text[start:end] if keepends else text[start:end].rstrip(ends)
        start = end


def _json_loads(line: str | bytes) -> tuple[Any, bool]:
    """A JSON value read by orjson (several times faster), or by the standard library (its
    strings may then hold unpaired surrogates; its errors name the column), and which read it:
    NaN, integers over 64 bits and unpaired surrogate escapes are refused by orjson only."""
    try:
        return orjson.loads(line), False
    except orjson.JSONDecodeError:
        return json.loads(line), True


def parse_jsonl(text: str | bytes, *, source: str) -> Iterator[ArticleDraft]:
    """One JSON object per line (blank lines skipped); ``text`` may be bytes (``jsonl_lines``)."""
    for number, line in jsonl_lines(text):
        yield jsonl_draft(line, source=source, number=number)


def jsonl_lines(text: str | bytes) -> Iterator[tuple[int, str | bytes]]:
    """The non-blank lines of a JSONL text with their numbers (from 1): each is one record
    for ``jsonl_draft``, which the import's worker processes call. ``text`` may be valid UTF-8
    bytes, its lines then bytes too (a large file never decoded whole: a text with one
    character past Latin-1 takes two or four bytes a character); blank means the same, and a
    line that is not UTF-8 after all is left for ``jsonl_draft`` to refuse."""
    if isinstance(text, str):
        for number, line in enumerate(_lines(text), start=1):
            if line.strip():
                yield number, line
        return
    for number, raw in enumerate(_lines(text), start=1):
        # A first byte past ASCII or below the space may begin a space bytes don't strip.
        first = raw.lstrip()[:1]
        if first and (b" " < first < b"\x80" or raw.decode("utf-8", "replace").strip()):
            yield number, raw


def jsonl_draft(line: str | bytes, *, source: str, number: int) -> ArticleDraft:
    """The draft of one JSONL line (text, or valid UTF-8), every field checked."""
    try:
        record, by_the_standard_library = _json_loads(line)
    except json.JSONDecodeError as error:
        raise IngestError(
            f"not valid JSON ({error.msg} at column {error.colno})", source=source, line=number
        ) from None
    except RecursionError:
        raise IngestError(
            "not valid JSON (nested too deeply)", source=source, line=number
        ) from None
    except UnicodeDecodeError as error:  # bytes said to be valid UTF-8 that are not
        bad = f"byte 0x{line[error.start]:02x} at offset {error.start} of the line"
        raise IngestError(f"not valid UTF-8: {bad}", source=source, line=number) from None
    if not isinstance(record, dict):
        raise IngestError(
            f"expected a JSON object, got {type(record).__name__}", source=source, line=number
        )
    _refuse_export(record, source=source, line=number)
    return _record_draft(
        record, source=source, line=number, surrogates_possible=by_the_standard_library
    )


def _refuse_export(
    record: dict[str, Any], *, source: str, line: int | None, index: int | None = None
) -> None:
    """Refuse a record of an annotation export, saying what to do with the file instead."""
    if {"sentence_id", "gap_before"} <= record.keys():
        # Our own export of labels: its records are sentences, not articles.
        if index is None:
            message = (
                "this is an export of labels, not articles: restore it with "
                "`python manage.py import_articles FILE`"
            )
        else:
            message = (
                "this is an export of labels saved as a JSON array, not articles: only the "
                "JSONL export can be restored; export the labels as JSONL (`python manage.py "
                "export_labels --format jsonl`) and restore that file with `python manage.py "
                "import_articles FILE.jsonl`"
            )
        raise IngestError(message, source=source, line=line, record=index)
    if isinstance(record.get("data"), dict) and (
        {"annotations", "predictions"} & record.keys() or not record.keys() & {"title", "text"}
    ):
        raise IngestError(
            'this is a Label Studio export (tasks with "data" and "annotations" or '
            f'"predictions"), not articles: {BRING_ANNOTATIONS}',
            source=source,
            line=line,
            record=index,
        )
    if (
        "title" not in record
        and isinstance(record.get("text"), str)
        and (isinstance(record.get("label"), list) or isinstance(record.get("entities"), list))
    ):
        raise IngestError(
            f'this is a doccano export (a "text" with "label" spans), not articles: '
            f"{BRING_ANNOTATIONS}",
            source=source,
            line=line,
            record=index,
        )


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "true or false", type(None): "null"}  # fmt: skip
_JSON_SPACE = re.compile(r"\s*")


def parse_json(text: str, *, source: str) -> Iterator[ArticleDraft]:
    """A JSON array of article records, each read as a JSONL line is; errors name the record
    by its index in the array (``record [2]``) and the line it starts on.

    Exports of labels (ours, Label Studio's) and JSON that is not an array of objects are
    refused with what to do instead.
    """
    decoder = json.JSONDecoder()
    position = _JSON_SPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("[", position):
        _refuse_json_value(text, source=source)
    position += 1
    line, counted = 1, 0
    for index in itertools.count():
        position = _JSON_SPACE.match(text, position).end()  # type: ignore[union-attr]
        if index == 0 and text.startswith("]", position):
            break
        line += text.count("\n", counted, position)
        counted = position
        try:
            record, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise IngestError(
                f"not valid JSON ({error.msg} at column {error.colno})",
                source=source, line=error.lineno, record=index,
            ) from None  # fmt: skip
        except RecursionError:
            raise IngestError(
                "not valid JSON (nested too deeply)", source=source, line=line, record=index
            ) from None
        yield _array_record(record, source=source, line=line, index=index)
        position = _JSON_SPACE.match(text, position).end()  # type: ignore[union-attr]
        if text.startswith(",", position):
            position += 1
            continue
        if text.startswith("]", position):
            break
        raise IngestError(
            "not valid JSON (expected ',' or ']' after the record)",
            source=source, line=line + text.count("\n", counted, position), record=index,
        )  # fmt: skip
    rest = text[position + 1 :]
    if rest.strip():
        extra = position + 1 + _JSON_SPACE.match(rest).end()  # type: ignore[union-attr]
        raise IngestError(
            "not valid JSON (more data after the array ends)",
            source=source, line=text.count("\n", 0, extra) + 1,
        )  # fmt: skip


def _array_record(record: Any, *, source: str, line: int, index: int) -> ArticleDraft:
    if not isinstance(record, dict):
        raise IngestError(
            "expected an article record (a JSON object with title and text), got "
            f"{_JSON_TYPES.get(type(record), type(record).__name__)}",
            source=source, line=line, record=index,
        )  # fmt: skip
    _refuse_export(record, source=source, line=line, index=index)
    if not record.keys() & {"title", "text"}:
        raise IngestError(
            f"not an article record: no title or text (its fields: {', '.join(list(record)[:8])}); "
            "expected objects with title and text, as in a JSONL import",
            source=source, line=line, record=index,
        )  # fmt: skip
    try:
        return _record_draft(record, source=source, line=line)
    except IngestError as error:
        raise IngestError(
            error.message, source=source, line=error.line, field=error.field, record=index
        ) from None


def _refuse_json_value(text: str, *, source: str) -> None:
    """JSON that is not an array: say what it is, and what was expected."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise IngestError(
            f"not valid JSON ({error.msg} at column {error.colno})",
            source=source, line=error.lineno,
        ) from None  # fmt: skip
    except RecursionError:
        raise IngestError("not valid JSON (nested too deeply)", source=source) from None
    if isinstance(value, dict):
        _refuse_export(value, source=source, line=1)
    what = _JSON_TYPES.get(type(value), type(value).__name__)
    fields = f" (fields: {', '.join(list(value)[:8])})" if isinstance(value, dict) else ""
    raise IngestError(
        f"expected a JSON array of article records (objects with title and text), got "
        f"{what}{fields}; for one record per line, use JSONL",
        source=source,
    )


def parse_csv(text: str, *, source: str) -> Iterator[ArticleDraft]:
    """A CSV file with a header row naming at least ``title`` and ``text``, each once.

    Read strictly: a quoted field may hold line breaks (paragraphs), but one whose closing
    quote never comes would swallow every record after it into one cell, so reaching the end
    of the file inside quotes is an error naming the line where that field's quote opened.
    So is text right after a closing quote (``"a"b``), where a stray quote usually closes an
    unbalanced one from an earlier line.
    """
    csv.field_size_limit(50 * 1024 * 1024)
    pending: list[str] = []  # the lines of the record being read, for locating a stray quote

    def tracked() -> Iterator[str]:
        for line in _lines(text, keepends=True):
            pending.append(line)
            yield line

    reader = csv.DictReader(tracked(), strict=True)
    first_line = 1
    try:
        columns = [c.strip() for c in reader.fieldnames or []]
        reader.fieldnames = columns
        for name in columns:
            if name and columns.count(name) > 1:  # unnamed columns (trailing commas) are unread
                raise IngestError(
                    f"column {name!r} appears {columns.count(name)} times in the header row: "
                    "each column needs its own name",
                    source=source,
                    line=1,
                )
        for name in REQUIRED_FIELDS:
            if name not in columns:
                raise IngestError(
                    f"missing column {name!r} in the header row (found: {', '.join(columns)})",
                    source=source,
                    line=1,
                )
        first_line, pending[:] = reader.line_num + 1, []
        for row in reader:
            if None in row:
                raise IngestError(
                    f"{len(columns) + len(row[None])} cells where the header has {len(columns)}",
                    source=source,
                    line=reader.line_num,
                )
            yield _record_draft(row, source=source, line=reader.line_num)
            first_line, pending[:] = reader.line_num + 1, []
    except csv.Error as error:
        opened = _open_quote_line(pending, first_line)
        if str(error) == "unexpected end of data" and opened is not None:
            raise IngestError(
                f"a quoted field opened on line {opened} never closes: the rest of the file "
                'would run into it (close the quote, or double a literal quote as "")',
                source=source,
                line=opened,
            ) from None
        line = reader.reader.line_num  # DictReader's own count stops at the last good row
        hint = (
            f"; the record began on line {first_line}: is a quote there left open?"
            if line > first_line
            else ""
        )
        raise IngestError(f"not valid CSV ({error}){hint}", source=source, line=line) from None


def _open_quote_line(lines: list[str], first: int) -> int | None:
    """The line (numbered from ``first``) where the quoted field still open at the end of
    ``lines`` began, reading them as CSV does; None if no field is open."""
    opened: int | None = None
    at_field_start = True
    for number, line in enumerate(lines, start=first):
        index = 0
        while index < len(line):
            char = line[index]
            if opened is not None:
                if char == '"':
                    if line.startswith('"', index + 1):
                        index += 1  # a doubled quote: a literal one
                    else:
                        opened = None
            elif char == '"' and at_field_start:
                opened = number
                at_field_start = False
            else:
                at_field_start = char in ",\r\n"
            index += 1
    return opened
