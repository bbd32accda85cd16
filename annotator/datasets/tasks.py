"""Background work of the review workflow: large exports run here, not in the request."""

from __future__ import annotations

from django.tasks import task

from annotator.datasets import exports


@task
def run_export(job_id: int) -> None:
    exports.export_run(job_id=job_id)
