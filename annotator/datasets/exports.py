"""Labelled data out, the walk from the options to the written file: ``selectors.export_rows``
reads the rows in scope (one per sentence and campaign, a chunk of articles at a time, in
constant memory), and the format's writer from the registry (``formats``) writes them.

The command, the export page, the API and the background job all export through ``write``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.utils import timezone
from django.utils.text import slugify

from annotator.datasets.compression import GzipWriter
from annotator.datasets.formats import export_format
from annotator.datasets.jsonl import records
from annotator.datasets.options import ExportOptions
from annotator.datasets.selectors import Row, export_rows
from annotator.models import Campaign


def export_records(options: ExportOptions) -> Iterator[dict[str, Any]]:
    """One dict per sentence of every article in scope (see ``export_rows``)."""
    return records(options, export_rows(options))


def write(
    kind: str, options: ExportOptions, rows: Iterable[Row], out: IO[Any], *, seed: int = 13
) -> int:
    """Write the rows (``export_rows``) in one of FORMATS to ``out`` (binary for a format that
    is not streamed, else text). Returns how many sentence records were written."""
    return export_format(kind).write(options, rows, out, seed)


def write_file(
    kind: str,
    options: ExportOptions,
    rows: Iterable[Row],
    path: Path,
    *,
    seed: int = 13,
    gzip: bool = False,
) -> int:
    """Write the rows in one of FORMATS to the file at ``path``, opened as the format needs
    (UTF-8 text, or binary for a format that is not streamed; a text format gzip-compressed
    with ``gzip``). Returns how many sentence records were written."""
    export = export_format(kind)
    if export.streamed and gzip:
        with (
            path.open("wb") as raw,
            io.TextIOWrapper(
                io.BufferedWriter(GzipWriter(raw)), encoding="utf-8", newline=""
            ) as out,
        ):
            return export.write(options, rows, out, seed)
    if export.streamed:
        with path.open("w", encoding="utf-8", newline="") as out:
            return export.write(options, rows, out, seed)
    with path.open("wb") as binary:
        return export.write(options, rows, binary, seed)


# What the file name says the records hold, after the campaign.
LABELS_IN_NAME = {"both": "gold-and-reviewers", "gold": "gold", "reviewers": "reviewers"}
# A format whose extension does not name it says so in the file name too.
FORMAT_IN_NAME = {"labelstudio": "-labelstudio", "bundle": "-bundle"}
SLUG_MAX_CHARS = 60


def _campaign_slug(options: ExportOptions) -> str:
    if len(options.campaign_ids) != 1:
        return "all-campaigns"
    (pk,) = options.campaign_ids
    name = Campaign.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
    return slugify(name)[:SLUG_MAX_CHARS].strip("-") or f"campaign-{pk}"


def export_filename(kind: str, options: ExportOptions, job_id: int | None = None) -> str:
    """``<campaign>-<labels>[-<format>]-<yyyymmdd-hhmm>[-<job>].<extension>``: the campaign's
    name as a slug ("all-campaigns" unless exactly one is chosen), which labels, the format
    when the extension does not say it, and when (the current time zone). Queries: 0 or 1."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    suffix = f"-{job_id}" if job_id else ""
    labels = LABELS_IN_NAME[options.labels]
    named = FORMAT_IN_NAME.get(kind, "")
    extension = export_format(kind).extension
    return f"{_campaign_slug(options)}-{labels}{named}-{stamp}{suffix}.{extension}"


def per_article(rows: Iterable[Row], started: Callable[[], None]) -> Iterator[Row]:
    """The rows, calling ``started()`` as each article (of each campaign) begins: for
    progress reports."""
    last = None
    for row in rows:
        if row[1] is not last:
            last = row[1]
            started()
        yield row
