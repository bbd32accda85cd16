"""``manage.py run_worker`` in real processes against PostgreSQL: it outlives a database
restart, and a job whose worker is killed mid-way is failed with its reason, then retried to
the end by another worker."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from annotator.datasets import tasks as export_tasks
from annotator.datasets.options import ExportOptions
from annotator.models import ExportJob
from articles import tasks
from articles.models import Article, ImportBatch
from tests.processes import (
    CUT_CONNECTIONS,
    POSTGRES_ONLY,
    admin_connection,
    process_env,
    stopped,
    wait_until,
    worker,
)

pytestmark = [POSTGRES_ONLY, pytest.mark.django_db(transaction=True)]

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def shared(settings, tmp_path: Path) -> Path:
    """This process queues tasks in the database and shares uploads with the workers."""
    settings.TASKS = DATABASE_TASKS
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def _status(model: type[ExportJob] | type[ImportBatch], pk: int) -> str:
    return model.objects.values_list("status", flat=True).get(pk=pk)


def _export(curator: object) -> ExportJob:
    return export_tasks.export_queue(kind="jsonl", options=ExportOptions(), created_by=curator)  # type: ignore[arg-type]


def test_the_worker_outlives_a_database_restart(shared: Path, curator):
    log = shared / "worker.log"
    process = worker(process_env(shared), log)
    name = connection.settings_dict["NAME"]
    with stopped([process]):
        first = _export(curator)
        wait_until(lambda: _status(ExportJob, first.pk) == "done", timeout=30, what="a first job")

        # A restart, as the worker sees it: its connections cut, none taken for a while.
        with admin_connection() as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            try:
                with connection.cursor() as cursor:
                    cursor.execute(CUT_CONNECTIONS)
                wait_until(
                    lambda: "database unreachable" in log.read_text(),
                    timeout=15,
                    what="the worker to meet the closed database",
                )
            finally:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')

        after = _export(curator)
        wait_until(lambda: _status(ExportJob, after.pk) == "done", timeout=45, what="a later job")
        assert process.poll() is None


def _other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def _big_feed(articles: int) -> SimpleUploadedFile:
    lines = (
        json.dumps({"title": f"Story {n}", "text": f"Story {n} happened. The mayor spoke {n}."})
        for n in range(articles)
    )
    return SimpleUploadedFile("big.jsonl", "\n".join(lines).encode(), "application/jsonl")


def test_a_killed_workers_import_fails_with_its_reason_and_retry_stores_it(
    shared: Path, curator, admin_client
):
    batch = tasks.import_submit(files=[_big_feed(20_000)], fmt="jsonl", created_by=curator)
    upload = Path(shared / "media" / batch.inputs[0]["path"])
    assert batch.status == "queued" and upload.exists()
    env = process_env(shared)
    doomed = worker(env, shared / "doomed.log")
    with stopped([doomed]):
        wait_until(
            lambda: _status(ImportBatch, batch.pk) == "running", timeout=30, what="the claim"
        )
        time.sleep(1.0)
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
    assert _status(ImportBatch, batch.pk) == "running"  # as the killed worker left it
    # Nothing of it lives on (its segmenting processes neither): its transaction rolls back.
    wait_until(lambda: not _other_backends(), timeout=15, what="the killed worker's connection")

    time.sleep(2.5)  # JOB_LEASE_SECONDS of the workers' environment, and a little
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.JOB_LEASE_SECONDS", 2)
        page = admin_client.get(reverse("import-detail", args=[batch.pk])).text

    batch.refresh_from_db()
    stopped_reason = "the worker stopped while importing; nothing was stored"
    assert (batch.status, batch.error) == ("failed", stopped_reason)
    assert stopped_reason in page and "<progress" not in page
    assert not Article.objects.exists() and upload.exists()

    admin_client.post(reverse("import-retry", args=[batch.pk]))
    second = worker(env, shared / "second.log")
    with stopped([second]):
        wait_until(lambda: _status(ImportBatch, batch.pk) == "done", timeout=50, what="retry")
    batch.refresh_from_db()
    assert (batch.article_count, batch.attempts) == (20_000, 2)
    assert Article.objects.count() == 20_000 and not upload.exists()


def test_an_idle_worker_wakes_as_soon_as_a_task_is_queued(shared: Path, curator):
    # A poll interval far longer than the waits below: only the wake-up can meet them.
    process = worker(process_env(shared), shared / "worker.log", "--interval", "60")
    with stopped([process]):
        first = _export(curator)
        wait_until(lambda: _status(ExportJob, first.pk) == "done", timeout=30, what="a first job")
        time.sleep(0.5)  # the worker has found the queue empty and waits
        second = _export(curator)
        wait_until(lambda: _status(ExportJob, second.pk) == "done", timeout=15, what="a wake-up")
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    # SIGTERM ends the idle wait at once, not at the end of the interval.
    assert time.monotonic() - started < 5
