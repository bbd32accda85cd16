"""Exports prepared in the background: ``export_queue`` asks for one, the ``run_export`` task
writes its file under MEDIA_ROOT/exports/ (a job: see ``articles.jobs``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.tasks import task

from annotator.datasets import exports, formats, selectors
from annotator.datasets.options import ExportOptions
from annotator.models import ExportJob
from articles.jobs import Report, job_discard, job_progress_set, job_requeue, job_run

# Progress is reported every this many articles.
REPORT_EVERY = 50


def export_queue(
    *, kind: str, options: ExportOptions, created_by: User, seed: int = 13
) -> ExportJob:
    """Queue an export as a background task; returns its job (progress:
    ``articles.jobs.job_progress``). Queries: 2 (the job, the task)."""
    if kind not in formats.FORMATS:
        raise ValueError(f"unknown export format {kind!r}")
    job = ExportJob.objects.create(
        format=kind, options={**options.as_dict(), "seed": seed}, created_by=created_by
    )
    job_progress_set(job=job, done=0, total=0)
    run_export.enqueue(job.pk)
    return job


def export_retry(*, job: ExportJob) -> bool:
    """Queue a failed export again; False if it is not failed. Queries: 2 (the job, the
    task)."""
    if not job_requeue(job):
        return False
    job_progress_set(job=job, done=0, total=0)
    run_export.enqueue(job.pk)
    return True


def export_discard(*, job: ExportJob) -> bool:
    """Delete a failed export and whatever it left of its file; False if it is not failed."""
    return job_discard(job)


@task
def run_export(job_id: int) -> None:
    export_run(job_id=job_id)


def export_run(*, job_id: int) -> ExportJob:
    """Write a queued export's file, reporting progress per article; a failure is recorded on
    the job with its reason (the log keeps the traceback)."""
    return job_run(
        ExportJob, job_id, _write_file, unexpected=lambda error: str(error) or type(error).__name__
    )


def _write_file(job: ExportJob, report: Report) -> None:
    options = ExportOptions.from_dict(job.options)
    relative = f"exports/{exports.export_filename(job.format, options, job.pk)}"
    # Recorded before the file exists: if this worker stops, the reaper removes what it wrote.
    ExportJob.objects.filter(pk=job.pk).update(path=relative)
    job.path = relative
    total = selectors.export_size(options)
    report(0, total)
    (Path(settings.MEDIA_ROOT) / "exports").mkdir(parents=True, exist_ok=True)
    target = Path(settings.MEDIA_ROOT) / relative
    rows = exports.per_article(selectors.export_rows(options), _every_few(report, total))
    count = exports.write_file(job.format, options, rows, target, seed=job.options.get("seed", 13))
    job.records = count
    report(total, total)


def _every_few(report: Report, total: int) -> Callable[[], None]:
    """A callback for each article begun that reports every REPORT_EVERY of them."""
    done = -1

    def started() -> None:
        nonlocal done
        done += 1
        if done and done % REPORT_EVERY == 0:
            report(done, total)

    return started
