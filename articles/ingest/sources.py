"""Read raw input and decode it to text, refusing what is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

from articles.ingest.errors import IngestError

MAX_INPUT_BYTES = 50 * 1024 * 1024


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


def read_file(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read and decode one input file, refusing files over ``max_bytes``."""
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
