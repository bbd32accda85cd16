"""Read raw input and decode it to text (see ``charset`` for how), refusing what is not text."""

from __future__ import annotations

import codecs
import dataclasses
from pathlib import Path
from typing import Any

from django.conf import settings

from articles.ingest.charset import Decoded, decode
from articles.ingest.drafts import LEFT_OUT, Parsed
from articles.ingest.errors import IngestError
from articles.ingest.fetch import fetch_url
from articles.ingest.pipeline import detect_format, parse

# How much of an input tells its format, and how much of it is checked as UTF-8 at once.
_HEAD_BYTES = 8192
_CHECK_BYTES = 1 << 20
MEDIA_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/csv": "csv",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/json": "json",
}


def read_file(path: Path, *, max_bytes: int | None = None, encoding: str | None = None) -> Decoded:
    """Read and decode one input file (in ``encoding`` if given), refusing files over
    ``max_bytes``."""
    return decode(_file_bytes(path, max_bytes=max_bytes), source=str(path), encoding=encoding)


def _file_bytes(path: Path, *, max_bytes: int | None = None) -> bytes:
    max_bytes = max_bytes if max_bytes is not None else settings.INGEST_MAX_BYTES
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"file is {size:,} bytes, over the limit of {max_bytes:,}", source=str(path)
            )
        return path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror}", source=str(path)) from error


def utf8_jsonl(data: bytes, *, name: str, fmt: str | None, checked: bool = False) -> bytes | None:
    """``data`` without its byte order mark if it is JSONL (``fmt``, or told by its name or
    first lines) in valid UTF-8 without a NUL: ``parse`` then reads it line by line from the
    bytes. None otherwise: it is decoded whole, by the rules of ``charset``. ``checked``: these
    bytes were found valid UTF-8 before (a stored input, when its import was queued) and are
    not checked again (a line that is not would still be refused, by the JSON parser).

    A text holding one character past Latin-1 takes two bytes a character in memory (four
    past the first 65,536): a large JSONL file in UTF-8 is kept as it came, at one byte a
    character for most, and its validity is checked a piece at a time.
    """
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data or data.isspace():  # refused by ``decode``, with its message
        return None
    if fmt is None:
        head = data[:_HEAD_BYTES].decode("utf-8", "ignore")
        fmt = detect_format(head, name=name)
    if fmt != "jsonl" or b"\x00" in data:
        return None
    if checked:
        return data
    check = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHECK_BYTES):
            check.decode(view[start : start + _CHECK_BYTES])
        check.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return data


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def parse_bytes(
    data: bytes,
    *,
    name: str,
    fmt: str | None = None,
    charset: str | None = None,
    encoding: str | None = None,
    content_type: str = "",
    url: str = "",
    segment: bool = True,
    keep: frozenset[int] = frozenset(),
    leave_out: frozenset[int] = frozenset(),
    left_out_reason: str = LEFT_OUT,
    utf8_checked: bool = False,
) -> Parsed:
    """Decode and parse one input held in memory (an upload, a pasted text, a fetched page).

    ``encoding`` (given by the user) wins over ``charset`` (from the HTTP response), which wins
    over detection when the bytes decode in it. The result's ``encoding`` says what was used
    when it is worth recording on the batch. ``keep`` and ``leave_out`` are an admin's choices
    for a text page (see ``pipeline.parse_text_page``). A JSONL input read from its bytes
    (``utf8_jsonl``) comes back with ``utf8`` set; ``utf8_checked`` says it was before.
    """
    fmt = fmt or MEDIA_FORMATS.get(content_type)
    if not segment and not encoding and _is_utf8(charset or "utf-8"):
        utf8 = utf8_jsonl(data, name=name, fmt=fmt, checked=utf8_checked)
        if utf8 is not None:
            parsed = parse(utf8, source=name, fmt="jsonl", url=url, segment=False)
            return dataclasses.replace(parsed, utf8=True)
    decoded = None
    if charset and not encoding:
        try:
            decoded = Decoded(data.decode(charset), codecs.lookup(charset).name)
        except (LookupError, UnicodeDecodeError):
            decoded = None
    if decoded is None or "\x00" in decoded.text:
        decoded = decode(data, source=name, encoding=encoding)
    parsed = parse(
        decoded.text, source=name, fmt=fmt, url=url, segment=segment, keep=keep,
        leave_out=leave_out, left_out_reason=left_out_reason,
    )  # fmt: skip
    return _with_encoding(parsed, decoded)


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def _with_encoding(parsed: Parsed, decoded: Decoded) -> Parsed:
    parsed.encoding = decoded.encoding if decoded.worth_recording else ""
    return parsed


def load_source(
    name: str,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    segment: bool = True,
    keep: frozenset[int] = frozenset(),
    leave_out: frozenset[int] = frozenset(),
    left_out_reason: str = LEFT_OUT,
) -> Parsed:
    """Read one file path or http(s) URL and parse it (format and encoding detected unless
    given; ``keep`` and ``leave_out`` as for ``parse_bytes``)."""
    choices: dict[str, Any] = {
        "keep": keep, "leave_out": leave_out, "left_out_reason": left_out_reason,
    }  # fmt: skip
    if not is_url(name):
        data = _file_bytes(Path(name))
        return parse_bytes(data, name=name, fmt=fmt, encoding=encoding, segment=segment, **choices)
    page = fetch_url(name)
    return parse_bytes(
        page.content, name=name, fmt=fmt, charset=page.charset, encoding=encoding,
        content_type=page.content_type, url=page.url, segment=segment, **choices,
    )  # fmt: skip
