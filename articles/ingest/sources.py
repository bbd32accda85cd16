"""Read raw input and decode it to text, refusing what is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

from django.conf import settings

from articles.ingest.errors import IngestError
from articles.ingest.fetch import fetch_url
from articles.ingest.pipeline import Parsed, parse

MEDIA_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/csv": "csv",
    "application/jsonl": "jsonl",
    "application/x-ndjson": "jsonl",
}


def decode(data: bytes, *, source: str) -> str:
    """Decode bytes as UTF-8 (BOM optional), UTF-16 with a BOM, or Windows-1252.

    Raises IngestError for empty input, bytes that fit none of these, and NUL characters.
    """
    if not data.strip():
        raise IngestError("the input is empty", source=source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise IngestError(f"not valid UTF-16 at byte {error.start}", source=source) from error
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                raise IngestError(
                    f"undecodable byte 0x{data[error.start]:02x} at offset {error.start}: "
                    "expected UTF-8, UTF-16 with a BOM, or Windows-1252 text",
                    source=source,
                ) from error
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise IngestError(
            "contains a NUL character: this looks like a binary file, not text",
            source=source,
            line=line,
        )
    return text


def read_file(path: Path, *, max_bytes: int | None = None) -> str:
    """Read and decode one input file, refusing files over ``max_bytes``."""
    max_bytes = max_bytes if max_bytes is not None else settings.INGEST_MAX_BYTES
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"file is {size:,} bytes, over the limit of {max_bytes:,}", source=source
            )
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror}", source=source) from error
    return decode(data, source=source)


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def parse_bytes(
    data: bytes,
    *,
    name: str,
    fmt: str | None = None,
    charset: str | None = None,
    content_type: str = "",
    url: str = "",
    segment: bool = True,
) -> Parsed:
    """Decode and parse one input held in memory (an upload, a pasted text, a fetched page)."""
    text = None
    if charset:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None or "\x00" in text:
        text = decode(data, source=name)
    fmt = fmt or MEDIA_FORMATS.get(content_type)
    return parse(text, source=name, fmt=fmt, url=url, segment=segment)


def load_source(name: str, *, fmt: str | None = None, segment: bool = True) -> Parsed:
    """Read one file path or http(s) URL and parse it (format detected unless given)."""
    if not is_url(name):
        return parse(read_file(Path(name)), source=name, fmt=fmt, segment=segment)
    page = fetch_url(name)
    return parse_bytes(
        page.content, name=name, fmt=fmt, charset=page.charset, content_type=page.content_type,
        url=page.url, segment=segment,
    )  # fmt: skip
