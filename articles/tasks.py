"""Imports run in the background: ``import_start`` queues a previewed web import,
``import_submit`` an API import (or stores a small one at once), and the ``run_import`` task
stores it (a job: see ``articles.jobs``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.tasks import task

from articles import inputs, services
from articles.bulk import copy_available
from articles.ingest.errors import IngestError
from articles.ingest.pipeline import batch_format, segment_stream, to_segment, workers_warm
from articles.jobs import (
    JobFailed,
    Report,
    job_progress,
    job_progress_set,
    job_requeue,
    job_run,
)
from articles.models import ImportBatch


def import_start(*, batch: ImportBatch) -> bool:
    """Queue a previewed import as a background task. Returns False if it was already started
    (a double click queues it once)."""
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
        status=ImportBatch.Status.QUEUED
    )
    if claimed:
        job_progress_set(job=batch, done=0, total=_expected(batch))
        run_import.enqueue(batch.pk)
    return bool(claimed)


def import_submit(
    *,
    files: Sequence[UploadedFile] = (),
    url: str = "",
    fmt: str | None = None,
    encoding: str | None = None,
    outlet_name: str = "",
    created_by: User | None = None,
) -> ImportBatch:
    """An import with no preview to confirm (the API): store the inputs, read each just far
    enough to refuse one that cannot be read (its encoding, its format, its first article) and
    to count its articles (by lines for JSONL and CSV), then store it at once when it holds at
    most INGEST_BACKGROUND_ARTICLES articles, or else queue it for a task worker.

    Either way ``import_run`` reads and checks every record as it stores them, all or nothing,
    as for a confirmed web import; unlike ``services.import_prepare`` the request never reads a
    large input whole, so it is read once, by the worker. Returns the batch: done, failed (its
    ``errors`` name the file, line and field) or queued. Queries: 2 to queue an import (the
    batch, the task); a small one's storing instead costs what ``import_run`` does.
    """
    folder = f"imports/{uuid.uuid4().hex}"
    names = [f.name or "upload" for f in files] + ([url.strip()] if url.strip() else [])
    source_name = ", ".join(names) or "api"
    try:
        stored = inputs.inputs_store(
            folder=folder, files=files, pasted="", url=url, fmt=fmt, encoding=encoding
        )
        source_format, encodings, total = inputs.inputs_glance(stored)
    except IngestError as error:
        inputs.inputs_delete(folder)
        return services.batch_record_failure(
            source_name=source_name, source_format=batch_format(fmt), error=str(error),
            created_by=created_by,
        )  # fmt: skip
    batch = services.batch_of_inputs(
        status=ImportBatch.Status.QUEUED,
        stored=stored,
        source_name=source_name,
        source_format=source_format,
        encodings=encodings,
        outlet_name=outlet_name,
        created_by=created_by,
    )
    job_progress_set(job=batch, done=0, total=total)
    if total <= settings.INGEST_BACKGROUND_ARTICLES:
        return import_run(batch_id=batch.pk)
    run_import.enqueue(batch.pk)
    return batch


def _expected(batch: ImportBatch) -> int:
    """The articles a queued import holds: as previewed, or as counted when it was queued
    with no preview (``import_submit``)."""
    if batch.preview:
        return int(batch.preview.get("article_total", 0))
    return job_progress(job=batch).total


@task
def run_import(batch_id: int) -> None:
    import_run(batch_id=batch_id)


def import_run(*, batch_id: int) -> ImportBatch:
    """Store a queued import, all or nothing, reporting progress as it goes; bad input fails
    the batch with the error naming the file, line and field. A stored import's inputs are
    deleted; a failed one's are kept for a retry (``import_retry``). Returns the batch."""
    batch = job_run(
        ImportBatch,
        batch_id,
        _store,
        unexpected=lambda error: (
            f"the import stopped on an unexpected error ({type(error).__name__}); nothing was "
            "stored. Try again; if it happens again, report it."
        ),
    )
    if batch.status == ImportBatch.Status.DONE and batch.inputs:
        inputs.inputs_remove(batch)
    return batch


def import_retry(*, batch: ImportBatch) -> bool:
    """Queue a failed import again from its stored inputs. False when it is not failed, or its
    inputs are gone (kept IMPORT_SOURCE_RETENTION_HOURS): then it must be imported anew.
    Queries: 2 (the batch, the task)."""
    if not batch.inputs or not job_requeue(batch):
        return False
    job_progress_set(job=batch, done=0, total=_expected(batch))
    run_import.enqueue(batch.pk)
    return True


def _store(batch: ImportBatch, report: Report) -> None:
    total = _expected(batch)
    workers_warm(articles=total)
    try:
        # The admin's choices in the preview apply: the import stores what it showed.
        parsed = inputs.inputs_parse(batch.inputs, choices=(batch.preview or {}).get("choices"))
        drafts = segment_stream(to_segment(parsed), rows=copy_available())
        # batch_import marks the batch done as it saves its counts.
        services.batch_import(
            drafts=drafts,
            source_name=batch.source_name,
            source_format=batch.source_format,
            outlet_name=batch.outlet_name,
            created_by=batch.created_by,
            batch=batch,
            # Text pages are read whole, so their dropped lines are all known by now.
            dropped=[line for p in parsed for line in p.dropped],
            on_progress=lambda done: report(done, total),
        )
    except IngestError as error:
        raise JobFailed(str(error)) from error
