"""Background jobs: work a task worker does for a user (an import here, an export in
``annotator.datasets``), with one lifecycle, one progress report and one runner.

A job is a row of a model inheriting ``Job``: queued, then running, then done or failed (with
the message its page shows). ``job_run`` is the runner every task calls: it claims the queued
job, runs the work with a progress callback, and marks the job done, or failed with a clear
message whatever the work raised. Progress lives in the cache (``job_progress_set``,
``job_progress``), and one template shows it: ``templates/articles/job_status.html``.

A running job holds a lease its worker renews (``articles.leases``). ``job_reap`` fails a job
whose lease ran out, with a plain reason (the model's ``stopped_reason``) and its partial
files removed; the worker does it every so often and a job's page or API status whenever it
is viewed. A failed job can be queued again (``job_requeue``) or thrown away
(``job_discard``). Each claim counts an attempt, and a job's outcome is saved only while its
attempt still holds the job: a worker that comes back after its job was reaped stores
nothing (``JobLost``), so a job runs to the end at most once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django.apps import apps
from django.core.cache import cache
from django.db import OperationalError, models
from django.db.models import F
from django.utils import timezone

from articles import leases

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
    A running job holds a lease until ``lease_until``; ``attempts`` counts its claims."""

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
    # While running: until when its worker's lease lasts (see articles.leases).
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    # The reason a job whose worker stopped fails with.
    stopped_reason: ClassVar[str] = "the worker stopped while running this job"
    # Set on the job job_run claimed: its outcome is saved only while the claim holds.
    _claimed = False

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        """Queued or running: its page keeps polling for progress."""
        return self.status in (Job.Status.QUEUED, Job.Status.RUNNING)

    def finish(self) -> None:
        """Mark the job done, saving it with whatever its work set on it. Raises JobLost
        when the job was claimed and its claim is gone (reaped meanwhile)."""
        self.status = Job.Status.DONE
        self.finished_at = timezone.now()
        self._save_outcome()

    def fail(self, message: str) -> None:
        """Mark the job failed with ``message``, saving it (JobLost as for ``finish``)."""
        self.status = Job.Status.FAILED
        self.error = message
        self.finished_at = timezone.now()
        self._save_outcome()

    def _save_outcome(self) -> None:
        self.lease_until = None
        if not self._claimed:
            self.save()
            return
        # One conditional UPDATE: saved only if this attempt still holds the running job.
        fields = [f for f in self._meta.concrete_fields if not f.primary_key]
        saved = (
            type(self)
            ._default_manager.filter(pk=self.pk, status=Job.Status.RUNNING, attempts=self.attempts)
            .update(**{f.attname: getattr(self, f.attname) for f in fields})
        )
        if not saved:
            raise JobLost(f"{self} was taken from this worker (its lease ran out)")

    def finished_progress(self) -> JobProgress | None:
        """The progress a finished job shows whatever the cache holds; None: the cache's."""
        return None

    def partial_files_remove(self) -> None:
        """Remove what the unfinished work left on disk (an export's partial file)."""


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
        if job.status == Job.Status.FAILED:
            return JobProgress(done=0, total=0)  # not the last report of a failed job
    return JobProgress(**(cache.get(_progress_key(job)) or {"done": 0, "total": 0}))


class JobFailed(Exception):
    """A failure the work expects (bad input): its message is what the job's page shows."""


class JobLost(Exception):
    """The job was reaped while this worker ran it: its outcome is not this worker's to save."""


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
    bug never leaves a job running forever; a failed job's partial files are removed. While
    the work runs a heartbeat renews the job's lease. Returns the job. Queries: the claim and
    the load, the work's, then one to save the outcome."""
    claimed = model._default_manager.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, lease_until=leases.lease_end(), attempts=F("attempts") + 1
    )
    job = model._default_manager.get(pk=job_id)
    if not claimed:
        return job
    job._claimed = True

    def report(done: int, total: int) -> None:
        job_progress_set(job=job, done=done, total=total)

    try:
        with leases.heartbeat(job):
            try:
                work(job, report)
            except JobFailed as error:
                job.fail(str(error))
            except JobLost:
                raise
            except Exception as error:
                logger.exception("%s %s stopped on an unexpected error", model.__name__, job_id)
                job.fail(unexpected(error))
            else:
                if job.status != Job.Status.DONE:
                    job.finish()
    except JobLost:
        logger.warning(
            "%s %s was reaped while it ran; its outcome is dropped", model.__name__, job_id
        )
        return job
    if job.status == Job.Status.FAILED:
        job.partial_files_remove()
    return job


def job_reap[J: Job](job: J) -> J:
    """Fail ``job`` if it is running and its lease ran out (its worker stopped), with its
    model's ``stopped_reason``, and remove its partial files. Returns the job as it now is.
    Queries: none for a job that is not running or whose lease holds; else one UPDATE (and
    the reload of a job reaped). On SQLite, a database another job's transaction holds
    locked counts as a living worker: the job is left for the next look."""
    if job.status != Job.Status.RUNNING or leases.lease_held(job):
        return job
    now = timezone.now()
    try:
        reaped = (
            type(job)
            ._default_manager.filter(
                pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts, lease_until__lt=now
            )
            .update(
                status=Job.Status.FAILED,
                error=job.stopped_reason,
                finished_at=now,
                lease_until=None,
            )
        )
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        return job
    job.refresh_from_db()
    if reaped:
        logger.warning("%s: %s", job, job.stopped_reason)
        job.partial_files_remove()
    return job


def job_models() -> list[type[Job]]:
    """Every installed model of a job."""
    return [model for model in apps.get_models() if issubclass(model, Job)]


def jobs_reap() -> int:
    """Reap every running job whose lease ran out (``job_reap``); returns how many. For the
    worker's periodic sweep. Queries: one per job model, and one per job reaped."""
    reaped = 0
    for model in job_models():
        running = model._default_manager.filter(
            status=Job.Status.RUNNING, lease_until__lt=timezone.now()
        )
        for job in running:
            reaped += job_reap(job).status == Job.Status.FAILED
    return reaped


def job_requeue(job: Job) -> bool:
    """Queue a failed job again, its error cleared; False if it was not failed (a double click
    queues it once). The caller enqueues its task. Queries: 1."""
    requeued = (
        type(job)
        ._default_manager.filter(pk=job.pk, status=Job.Status.FAILED)
        .update(status=Job.Status.QUEUED, error="", finished_at=None, lease_until=None)
    )
    if requeued:
        job.status, job.error, job.finished_at = Job.Status.QUEUED, "", None
        cache.delete(_progress_key(job))
    return bool(requeued)


def job_discard(job: Job) -> bool:
    """Delete a failed job and its partial files; False if it was not failed. Queries: 1
    (and those of deleting the rows that point to it)."""
    deleted, _ = type(job)._default_manager.filter(pk=job.pk, status=Job.Status.FAILED).delete()
    if deleted:
        job.partial_files_remove()
        cache.delete(_progress_key(job))
    return bool(deleted)
