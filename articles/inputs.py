"""An import's inputs: the files, pasted text and fetched page of a web or API import, stored
under MEDIA_ROOT/imports/<folder>/ until the import runs, and read back as parsed sources.
They are deleted once their batch is done or discarded; a failed batch's (kept for a retry)
and an unconfirmed preview's once IMPORT_SOURCE_RETENTION_HOURS have passed
(``inputs_sweep``, run by the task worker)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename

from articles.ingest.drafts import Parsed
from articles.ingest.errors import IngestError
from articles.ingest.fetch import fetch_url
from articles.ingest.sources import MEDIA_FORMATS, parse_bytes
from articles.models import ImportBatch

LEFT_OUT_IN_PREVIEW = "left out in the preview"
# A stored input's ``utf8`` once its bytes were found valid UTF-8 (``inputs_glance``).
VALID_UTF8 = "valid"
# An admin's choices for a previewed import, by input index ("0", "1", …): the dropped lines
# to keep and the title lines of the text-page articles to leave out.
Choices = dict[str, dict[str, list[int]]]


def inputs_store(
    *,
    folder: str,
    files: Sequence[UploadedFile],
    pasted: str,
    url: str,
    fmt: str | None,
    encoding: str | None = None,
) -> list[dict[str, str]]:
    """Save the uploaded files, the pasted text and the page fetched from ``url`` under
    ``folder``; returns each input as ``{"name", "path", "format", …}``. Raises IngestError
    for a file over INGEST_MAX_BYTES, a page that cannot be fetched, or nothing to import."""
    # A given encoding is for the bytes of files and fetched pages; pasted text is already text.
    given = {"encoding": encoding} if encoding else {}
    inputs: list[dict[str, str]] = []
    for upload in files:
        name = upload.name or "upload"
        if upload.size and upload.size > settings.INGEST_MAX_BYTES:
            raise IngestError(
                f"file is {upload.size:,} bytes, over the limit of {settings.INGEST_MAX_BYTES:,}",
                source=name,
            )
        path = default_storage.save(f"{folder}/{get_valid_filename(name)}", upload)
        inputs.append({"name": name, "path": path, "format": fmt or "", **given})
    if pasted.strip():
        path = default_storage.save(f"{folder}/pasted.txt", ContentFile(pasted.encode()))
        inputs.append({"name": "pasted text", "path": path, "format": fmt or ""})
    if url.strip():
        page = fetch_url(url.strip())
        path = default_storage.save(f"{folder}/fetched", ContentFile(page.content))
        inputs.append(
            {
                "name": url.strip(),
                "path": path,
                "format": fmt or MEDIA_FORMATS.get(page.content_type, ""),
                "charset": page.charset or "",
                "url": page.url,
                **given,
            }
        )
    if not inputs:
        raise IngestError(
            "nothing to import: upload a file, paste text or give a URL", source="form"
        )
    return inputs


def chosen_lines(choices: Choices | None, index: int) -> tuple[frozenset[int], frozenset[int]]:
    """The lines kept and the article title lines left out in input ``index``."""
    chosen = (choices or {}).get(str(index), {})
    return frozenset(chosen.get("keep", ())), frozenset(chosen.get("leave_out", ()))


def inputs_parse(inputs: list[dict[str, str]], *, choices: Choices | None = None) -> list[Parsed]:
    """The stored inputs read back, unsegmented, with an admin's ``choices`` applied."""
    parsed = []
    for index, item in enumerate(inputs):
        with default_storage.open(item["path"], "rb") as handle:
            data = handle.read()
        keep, leave_out = chosen_lines(choices, index)
        parsed.append(
            parse_bytes(
                data,
                name=item["name"],
                fmt=item.get("format") or None,
                charset=item.get("charset") or None,
                encoding=item.get("encoding") or None,
                url=item.get("url", ""),
                segment=False,
                keep=keep,
                leave_out=leave_out,
                left_out_reason=LEFT_OUT_IN_PREVIEW,
                utf8_checked=item.get("utf8") == VALID_UTF8,
            )
        )
    return parsed


def inputs_format_and_encodings(
    inputs: list[dict[str, str]], parsed: list[Parsed]
) -> tuple[str, dict[str, str]]:
    """A batch's format (one input's, "url" for a fetched page, else mixed) and the encodings
    its inputs were read in, where worth recording."""
    formats = {
        "url" if item.get("url") else p.format for item, p in zip(inputs, parsed, strict=True)
    }
    encodings = {
        item["name"]: p.encoding for item, p in zip(inputs, parsed, strict=True) if p.encoding
    }
    return formats.pop() if len(formats) == 1 else ImportBatch.Format.MIXED, encodings


def inputs_glance(inputs: list[dict[str, str]]) -> tuple[str, dict[str, str], int]:
    """The batch format, the encodings and about how many articles stored inputs hold, read
    no further than each one's first article (a lazy source, JSONL or CSV, reads nothing until
    asked: its first article is read so that a wrong format or header is refused now).
    Raises IngestError for an input that cannot be read. An input found valid UTF-8 is marked
    so (its ``utf8``), and not checked again when it is imported."""
    parsed = inputs_parse(inputs)
    for item, source in zip(inputs, parsed, strict=True):
        next(iter(source.drafts), None)
        if source.utf8:
            item["utf8"] = VALID_UTF8
    source_format, encodings = inputs_format_and_encodings(inputs, parsed)
    return source_format, encodings, sum(p.estimated for p in parsed)


def inputs_delete(folder: str) -> None:
    """Delete the inputs stored under ``folder``, if any."""
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")


def inputs_remove(batch: ImportBatch) -> None:
    """Delete a batch's stored inputs and forget them (it can no longer be retried).
    Queries: 1."""
    folders = {item["path"].rpartition("/")[0] for item in batch.inputs}
    for item in batch.inputs:
        default_storage.delete(item["path"])
    for folder in folders:
        # Only a storage on the local disk has folders (and one not emptied is kept).
        with contextlib.suppress(NotImplementedError, OSError):
            os.rmdir(default_storage.path(folder))
    ImportBatch.objects.filter(pk=batch.pk).update(inputs=[])
    batch.inputs = []


def inputs_sweep() -> int:
    """Delete the inputs kept past IMPORT_SOURCE_RETENTION_HOURS: a failed batch's (not
    retried meanwhile), and an unconfirmed preview's, which fails saying so. Returns how many
    batches lost their inputs. Queries: 2, and 1 per batch swept."""
    now = timezone.now()
    cutoff = now - timedelta(hours=settings.IMPORT_SOURCE_RETENTION_HOURS)
    expired = (
        f"the preview waited over {settings.IMPORT_SOURCE_RETENTION_HOURS:g} hours unconfirmed "
        "and its uploaded files were deleted: import them again"
    )
    previews = ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEW, created_at__lt=cutoff)
    # Read first: on SQLite even an UPDATE of no row waits for a running import's write lock.
    if previews.exists():
        previews.update(status=ImportBatch.Status.FAILED, error=expired, finished_at=now)
    swept = list(
        ImportBatch.objects.exclude(inputs=[])
        .filter(status=ImportBatch.Status.FAILED)
        .filter(Q(finished_at__lt=cutoff) | Q(created_at__lt=cutoff, error=expired))
    )
    for batch in swept:
        inputs_remove(batch)
    return len(swept)
