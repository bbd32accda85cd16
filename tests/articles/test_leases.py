"""Jobs that can't get stuck: a running job whose worker stopped (its lease ran out) is failed
with a plain reason when anyone looks, its partial file removed, and its page offers Retry
and Discard; uploaded import files go once they are no longer needed (articles/leases.py,
articles/jobs.py, articles/inputs.py)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from annotator.datasets import tasks as export_tasks
from annotator.datasets.options import ExportOptions
from annotator.models import ExportJob
from articles import leases, services
from articles.inputs import inputs_sweep
from articles.jobs import Job, job_reap, job_run
from articles.models import Article, ImportBatch
from tests.queries import count_queries

STOPPED_IMPORT = "the worker stopped while importing; nothing was stored"
STOPPED_EXPORT = "the worker stopped while exporting; the partial file was removed"
PAST = timedelta(minutes=5)


def _feed(*titles: str) -> SimpleUploadedFile:
    lines = [json.dumps({"title": t, "text": f"{t} happened. People spoke."}) for t in titles]
    return SimpleUploadedFile("feed.jsonl", "\n".join(lines).encode(), "application/jsonl")


def _prepared(curator) -> ImportBatch:
    batch = services.import_prepare(files=[_feed("Harbour", "Bridge")], created_by=curator)
    assert batch.status == "preview" and batch.inputs
    return batch


def _stopped(job: Job) -> None:
    """As a worker killed mid-job leaves it: running, its lease over long ago."""
    type(job)._default_manager.filter(pk=job.pk).update(
        status="running", attempts=1, lease_until=timezone.now() - PAST, finished_at=None
    )


def _stored(batch: ImportBatch) -> Path:
    return Path(default_storage.path(batch.inputs[0]["path"]))


@pytest.mark.django_db
def test_a_stopped_import_fails_with_its_reason_when_its_page_is_viewed(admin_client, curator):
    batch = _prepared(curator)
    _stopped(batch)

    page = admin_client.get(reverse("import-detail", args=[batch.pk])).text

    batch.refresh_from_db()
    assert (batch.status, batch.error) == ("failed", STOPPED_IMPORT)
    assert STOPPED_IMPORT in page and "<progress" not in page and "every 1s" not in page
    assert reverse("import-retry", args=[batch.pk]) in page
    assert reverse("import-discard", args=[batch.pk]) in page
    assert _stored(batch).exists()  # kept for the retry


@pytest.mark.django_db
def test_retry_runs_a_stopped_import_again_and_then_its_files_are_deleted(admin_client, curator):
    batch = _prepared(curator)
    upload = _stored(batch)
    _stopped(batch)
    admin_client.get(reverse("import-detail", args=[batch.pk]))

    response = admin_client.post(reverse("import-retry", args=[batch.pk]))

    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.attempts) == ("done", "", 2)
    assert Article.objects.filter(batch=batch).count() == 2
    assert not upload.exists() and batch.inputs == []
    again = admin_client.get(reverse("import-detail", args=[batch.pk])).text
    assert reverse("import-retry", args=[batch.pk]) not in again


@pytest.mark.django_db
def test_discarding_a_failed_import_deletes_it_and_its_files(admin_client, curator):
    batch = _prepared(curator)
    upload = _stored(batch)
    _stopped(batch)
    admin_client.get(reverse("import-detail", args=[batch.pk]))

    admin_client.post(reverse("import-discard", args=[batch.pk]))

    assert not ImportBatch.objects.filter(pk=batch.pk).exists()
    assert not upload.exists() and not upload.parent.exists()


@pytest.mark.django_db
def test_a_stored_import_deletes_its_uploaded_files(admin_client, curator):
    batch = _prepared(curator)
    upload = _stored(batch)

    admin_client.post(reverse("import-start", args=[batch.pk]))

    batch.refresh_from_db()
    assert batch.status == "done" and not upload.exists() and batch.inputs == []


@pytest.mark.django_db
def test_a_job_whose_worker_still_renews_its_lease_is_left_running(admin_client, curator):
    # On SQLite an import's transaction holds the write lock: its lease lives in the cache.
    batch = _prepared(curator)
    _stopped(batch)
    batch.refresh_from_db()
    leases.lease_renew(batch)

    page = admin_client.get(reverse("import-detail", args=[batch.pk])).text

    assert ImportBatch.objects.get(pk=batch.pk).status == "running"
    assert "every 1s" in page


@pytest.mark.django_db
def test_a_reaped_jobs_worker_that_comes_back_stores_nothing(curator):
    batch = _prepared(curator)
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued")

    def work(job: ImportBatch, report: object) -> None:
        # Cut off longer than its lease: someone looks at the page meanwhile.
        ImportBatch.objects.filter(pk=job.pk).update(lease_until=timezone.now() - PAST)
        assert job_reap(ImportBatch.objects.get(pk=job.pk)).status == "failed"
        job.article_count = 2

    job_run(ImportBatch, batch.pk, work, unexpected=str)

    batch.refresh_from_db()
    assert (batch.status, batch.error, batch.article_count) == ("failed", STOPPED_IMPORT, 0)


@pytest.mark.django_db
def test_reaping_a_viewed_job_costs_one_update_and_a_live_one_nothing(admin_client, curator):
    batch = _prepared(curator)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="running", attempts=1, lease_until=timezone.now() + PAST
    )
    live = ImportBatch.objects.get(pk=batch.pk)
    assert count_queries(lambda: job_reap(live), expect=None) == 0
    _stopped(batch)
    stopped = ImportBatch.objects.get(pk=batch.pk)
    assert count_queries(lambda: job_reap(stopped), expect=None) == 2  # the UPDATE, the reload


@pytest.fixture
def exported(settled, curator, settings) -> ExportJob:
    """A finished background export of the settled campaign."""
    job = export_tasks.export_queue(kind="jsonl", options=ExportOptions(), created_by=curator)
    job.refresh_from_db()
    assert job.status == "done" and job.path
    return job


@pytest.mark.django_db
def test_a_stopped_export_fails_its_partial_file_goes_and_retry_writes_it(admin_client, exported):
    partial = Path(settings.MEDIA_ROOT) / exported.path
    partial.write_text('{"half a record')
    _stopped(exported)

    page = admin_client.get(reverse("export-detail", args=[exported.pk])).text

    exported.refresh_from_db()
    assert (exported.status, exported.error) == ("failed", STOPPED_EXPORT)
    assert STOPPED_EXPORT in page and "<progress" not in page
    assert not partial.exists()
    assert reverse("export-retry", args=[exported.pk]) in page

    admin_client.post(reverse("export-retry", args=[exported.pk]))

    exported.refresh_from_db()
    assert (exported.status, exported.attempts) == ("done", 2)
    download = admin_client.get(reverse("export-download", args=[exported.pk]))
    assert b"".join(download.streaming_content).count(b"\n") == exported.records


@pytest.mark.django_db
def test_the_api_shows_a_stopped_export_failed_and_retries_and_discards_it(admin_client, exported):
    _stopped(exported)
    url = reverse("api-export-job-detail", args=[exported.pk])

    body = admin_client.get(url).json()
    assert (body["status"], body["error"], body["done"]) == ("failed", STOPPED_EXPORT, 0)
    assert admin_client.post(reverse("api-export-job-retry", args=[exported.pk])).status_code == 202
    assert admin_client.delete(url).status_code == 409  # done now: it stays
    _stopped(exported)
    assert admin_client.delete(url).status_code == 204
    assert not ExportJob.objects.filter(pk=exported.pk).exists()


@pytest.mark.django_db
def test_old_uploads_of_failed_imports_and_unconfirmed_previews_are_swept(curator):
    old, recent, preview = _prepared(curator), _prepared(curator), _prepared(curator)
    long_ago = timezone.now() - timedelta(hours=settings.IMPORT_SOURCE_RETENTION_HOURS + 1)
    ImportBatch.objects.filter(pk=old.pk).update(status="failed", finished_at=long_ago)
    ImportBatch.objects.filter(pk=recent.pk).update(status="failed", finished_at=timezone.now())
    ImportBatch.objects.filter(pk=preview.pk).update(created_at=long_ago)
    files = {batch.pk: _stored(batch) for batch in (old, recent, preview)}

    assert inputs_sweep() == 2

    assert not files[old.pk].exists() and not files[preview.pk].exists()
    assert files[recent.pk].exists()
    preview.refresh_from_db()
    assert preview.status == "failed" and "unconfirmed" in preview.error
