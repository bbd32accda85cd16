"""Migration 0007: an import's ``errors`` list becomes its job's ``error``, and back."""

from __future__ import annotations

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0006_batch_encodings_dropped")]
AFTER = [("articles", "0007_importbatch_error")]


def _migrate(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_imports_errors_become_its_error_and_come_back():
    old = _migrate(BEFORE).get_model("articles", "ImportBatch")
    failed = old.objects.create(
        source_name="feed.jsonl", source_format="jsonl", status="failed",
        errors=["feed.jsonl:3: field 'text': missing"],
    )  # fmt: skip
    done = old.objects.create(source_name="a.txt", source_format="text", status="done")

    new = _migrate(AFTER).get_model("articles", "ImportBatch")
    assert new.objects.get(pk=failed.pk).error == "feed.jsonl:3: field 'text': missing"
    assert new.objects.get(pk=failed.pk).status == "failed"
    assert new.objects.get(pk=done.pk).error == ""

    back = _migrate(BEFORE).get_model("articles", "ImportBatch")
    assert back.objects.get(pk=failed.pk).errors == ["feed.jsonl:3: field 'text': missing"]
    assert back.objects.get(pk=done.pk).errors == []
    # Every app's newest migration: going back to 0006 also unapplied the annotator
    # migrations that depend on later articles ones (the next tests need them all).
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
