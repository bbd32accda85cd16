"""Background jobs: work a task worker does for a user (an import here, an export in
``annotator.datasets``), with one lifecycle, one progress report and one runner.

A job is a row of a model inheriting ``Job``: queued, then running, then done or failed (with
the message its page shows). ``job_run`` is the runner every task calls: it claims the queued
job, runs the work with a progress callback, and marks the job done, or failed with a clear
message whatever the work raised. Progress lives in the cache (``job_progress_set``,
``job_progress``), and one template shows it: ``templates/articles/job_status.html``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)

# How long a job's progress stays readable after its last report.
PROGRESS_KEPT = 24 * 3600


@dataclass(frozen=True, slots=True)
class JobProgress:
    done: int
    total: int  # 0 while not known

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


class Job(models.Model):
    """Work a task worker does: its status, when it was asked for and finished, and why it
    failed. A model may add states before ``queued`` (an import awaiting confirmation).
    What every job will need later (a lease on a running job, retries) belongs here, and in
    ``job_run``'s claim: the one place a job starts."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Why the job failed, as its page shows it.
    error = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        """Queued or running: its page keeps polling for progress."""
        return self.status in (Job.Status.QUEUED, Job.Status.RUNNING)

    def finish(self) -> None:
        """Mark the job done, saving it with whatever its work set on it."""
        self.status = Job.Status.DONE
        self.finished_at = timezone.now()
        self.save()

    def fail(self, message: str) -> None:
        """Mark the job failed with ``message``, saving it."""
        self.status = Job.Status.FAILED
        self.error = message
        self.finished_at = timezone.now()
        self.save()

    def finished_progress(self) -> JobProgress | None:
        """The progress a finished job shows whatever the cache holds; None: the cache's."""
        return None


def _progress_key(job: Job) -> str:
    return f"job-progress:{job._meta.label_lower}:{job.pk}"


def job_progress_set(*, job: Job, done: int, total: int) -> None:
    """Record how far a job has got: ``done`` of ``total`` (0 while not known). Kept in the
    cache, not the database: a job's own transaction (an import is one) hides its rows from
    every other connection until it commits."""
    cache.set(_progress_key(job), {"done": done, "total": total}, timeout=PROGRESS_KEPT)


def job_progress(*, job: Job) -> JobProgress:
    """How far the job has got (no query)."""
    if job.status in (Job.Status.DONE, Job.Status.FAILED):
        finished = job.finished_progress()
        if finished is not None:
            return finished
    return JobProgress(**(cache.get(_progress_key(job)) or {"done": 0, "total": 0}))


class JobFailed(Exception):
    """A failure the work expects (bad input): its message is what the job's page shows."""


Report = Callable[[int, int], None]  # (done, total)


def job_run[J: Job](
    model: type[J],
    job_id: int,
    work: Callable[[J, Report], None],
    *,
    unexpected: Callable[[Exception], str],
) -> J:
    """The runner of every background job: claim the queued job (a job claimed by another
    worker, or not queued at all, is returned as it is), run ``work(job, report)``, then mark
    the job done (unless the work did) or failed. ``JobFailed`` fails it with its message;
    any other error is logged with its traceback and fails it with ``unexpected(error)``, so a
    bug never leaves a job running forever. Returns the job. Queries: the claim and the load,
    the work's, then one to save the outcome."""
    claimed = model._default_manager.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING
    )
    job = model._default_manager.get(pk=job_id)
    if not claimed:
        return job

    def report(done: int, total: int) -> None:
        job_progress_set(job=job, done=done, total=total)

    try:
        work(job, report)
    except JobFailed as error:
        job.fail(str(error))
    except Exception as error:
        logger.exception("%s %s stopped on an unexpected error", model.__name__, job_id)
        job.fail(unexpected(error))
    else:
        if job.status != Job.Status.DONE:
            job.finish()
    return job
