"""The background-job pattern every import and export follows (articles/jobs.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from articles.jobs import Job, JobFailed, JobProgress, Report, job_progress, job_run
from articles.models import ImportBatch


def _queued() -> ImportBatch:
    return ImportBatch.objects.create(
        source_name="feed.jsonl", source_format="jsonl", status=ImportBatch.Status.QUEUED
    )


def _unexpected(error: Exception) -> str:
    return f"stopped on {type(error).__name__}"


@pytest.mark.django_db
def test_a_job_runs_with_progress_reports_and_ends_done():
    cache.clear()
    batch = _queued()
    seen: list[JobProgress] = []

    def work(job: ImportBatch, report: Report) -> None:
        seen.append(job_progress(job=job))
        report(3, 10)
        seen.append(job_progress(job=job))
        assert ImportBatch.objects.get(pk=job.pk).status == Job.Status.RUNNING

    done = job_run(ImportBatch, batch.pk, work, unexpected=_unexpected)

    assert seen == [JobProgress(0, 0), JobProgress(3, 10)]
    assert seen[1].percent == 30
    stored = ImportBatch.objects.get(pk=batch.pk)
    assert (done.status, stored.status) == ("done", "done")
    assert stored.finished_at is not None and stored.error == ""


@pytest.mark.django_db
def test_expected_failures_show_their_message_and_bugs_a_clear_one():
    bad_input, bug = _queued(), _queued()

    def refuse(job: ImportBatch, report: Report) -> None:
        raise JobFailed("feed.jsonl:3: field 'text': missing")

    def crash(job: ImportBatch, report: Report) -> None:
        job.article_count = 7
        raise KeyError("oops")

    job_run(ImportBatch, bad_input.pk, refuse, unexpected=_unexpected)
    job_run(ImportBatch, bug.pk, crash, unexpected=_unexpected)

    bad_input.refresh_from_db()
    bug.refresh_from_db()
    assert (bad_input.status, bad_input.errors) == (
        "failed",
        ["feed.jsonl:3: field 'text': missing"],
    )
    assert (bug.status, bug.error, bug.article_count) == ("failed", "stopped on KeyError", 0)
    assert bug.finished_at is not None


@pytest.mark.django_db
def test_a_job_not_queued_is_left_alone():
    batch = _queued()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)

    def work(job: ImportBatch, report: Report) -> None:
        raise AssertionError("a job another worker claimed ran twice")

    assert job_run(ImportBatch, batch.pk, work, unexpected=_unexpected).status == "running"
