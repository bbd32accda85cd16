"""Input files for importer tests."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` to ``tmp_path/name`` (bytes as they are, text as UTF-8)."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# Inputs in other text encodings, and damaged ones.

CYRILLIC_TITLE = "Мэр обещал новые автобусные полосы"
CYRILLIC_TEXT = "Мэр пообещал в пятницу построить 12 км полос."


def cp1251_csv() -> bytes:
    """A short Russian CSV in Windows-1251: KOI8-R reads it as cleanly (other letters), so
    without a hint its encoding cannot be told."""
    return f"title,text\n{CYRILLIC_TITLE},{CYRILLIC_TEXT}\n".encode("cp1251")


def cp1251_jsonl() -> bytes:
    record = {"title": CYRILLIC_TITLE, "text": CYRILLIC_TEXT}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("cp1251")


LATIN1_TITLE = "Café owners protest new rules"
LATIN1_TEXT = (
    "The café owners of the old town gathered on Monday outside the town hall to protest "
    "against the new rules on terraces.\n\n"
    '"We were never consulted," said Zoë Müller, who runs a crêperie near the cathedral. '
    '"This will ruin the summer season."\n\n'
    "The council's spokesman, André Côté, said the rules would reduce noise and that a review "
    "was planned for next year.\n\n"
    "Façades along the river will also be repainted, according to a report seen by this "
    "newspaper."
)


def latin1_csv() -> bytes:
    """English with French and German names in Latin-1: long enough to tell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([("title", "text"), (LATIN1_TITLE, LATIN1_TEXT)])
    return buffer.getvalue().encode("latin-1")


def utf8_page_with_a_bad_byte() -> tuple[bytes, int]:
    """A UTF-8 page (curly quotes, accents) with one byte 0xff on line 12; and its offset."""
    lines = ["Café owners protest new rules", ""] + [
        f"Paragraph {n}: the café’s owner said “we were never consulted”." for n in range(3, 15)
    ]
    before = "\n".join(lines[:11]).encode() + b"\nParagraph 12: the caf"
    after = "\n".join(["é’s owner said so.", *lines[12:]]).encode()
    return before + b"\xff" + after, len(before)
