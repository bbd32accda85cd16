"""Background work of the corpus: large imports run here, not in the request."""

from __future__ import annotations

from django.tasks import task

from articles import services


@task
def run_import(batch_id: int) -> None:
    services.import_run(batch_id=batch_id)
