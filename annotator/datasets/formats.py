"""The export formats, in one registry: the command's ``--format`` choices, the export page's,
and the API's all come from here, and so do each format's file name, content type and writer.

A streamed format is text, sent to the browser as it is written; the others (the bundle, a
zip) are binary files, written whole before they are sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from annotator.datasets.bundle import bundle_write
from annotator.datasets.csvfile import csv_lines, csv_write
from annotator.datasets.jsonl import jsonl_stream, jsonl_write
from annotator.datasets.labelstudio import labelstudio_stream, labelstudio_write
from annotator.datasets.options import ExportOptions
from annotator.datasets.selectors import Row

# (options, rows, out, seed) -> how many sentence records were written.
Writer = Callable[[ExportOptions, Iterable[Row], IO[Any], int], int]
# (options, rows) -> the file's text in pieces.
Stream = Callable[[ExportOptions, Iterable[Row]], Iterator[str]]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    content_type: str
    extension: str
    write: Writer
    # Streamed formats only: the text as it is written, for a download that starts at once.
    stream: Stream | None = None

    @property
    def streamed(self) -> bool:
        return self.stream is not None


EXPORT_FORMATS = {
    f.name: f
    for f in (
        ExportFormat(
            "jsonl", "application/x-ndjson; charset=utf-8", "jsonl", jsonl_write, jsonl_stream
        ),
        ExportFormat("csv", "text/csv; charset=utf-8", "csv", csv_write, csv_lines),
        ExportFormat(
            "labelstudio",
            "application/json; charset=utf-8",
            "json",
            labelstudio_write,
            labelstudio_stream,
        ),
        ExportFormat("bundle", "application/zip", "zip", bundle_write),
    )
}
# The formats' names, in the order the page, the command and the API list them.
FORMATS = tuple(EXPORT_FORMATS)
STREAMED = tuple(name for name, f in EXPORT_FORMATS.items() if f.streamed)


def export_format(name: str) -> ExportFormat:
    """The format called ``name`` (ValueError for an unknown one)."""
    try:
        return EXPORT_FORMATS[name]
    except KeyError:
        raise ValueError(
            f"unknown export format {name!r}: expected one of {', '.join(FORMATS)}"
        ) from None
