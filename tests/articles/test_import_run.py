"""The background import task when something unexpected goes wrong."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles import services, tasks
from articles.models import Article, ImportBatch

FEED = b'{"title": "Harbour tunnel opens", "text": "The tunnel opened on Monday. It was late."}\n'


@pytest.mark.django_db
def test_an_unexpected_error_fails_the_batch_instead_of_leaving_it_running(monkeypatch):
    batch = services.import_prepare(files=[SimpleUploadedFile("feed.jsonl", FEED)])
    assert batch.status == ImportBatch.Status.PREVIEW
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "batch_import", broken)
    batch = tasks.import_run(batch_id=batch.pk)

    assert batch.status == ImportBatch.Status.FAILED
    assert "unexpected error (RuntimeError); nothing was stored" in batch.errors[0]
    assert not Article.objects.exists()
