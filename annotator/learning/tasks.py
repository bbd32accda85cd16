"""Training in the background: an admin asks (``model_training_queue``), or the campaign's
gold has changed MODEL_RETRAIN_EVERY times since the last training (``model_retrain_if_due``,
checked once a submitted review's gold is committed); the ``run_model_training`` task trains
a version (a job: see ``articles.jobs``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.tasks import task

from annotator.learning import linear, services
from annotator.models import Campaign, GoldLabelEvent, ModelTraining
from articles.jobs import Job, JobFailed, Report, job_run

PENDING = (Job.Status.QUEUED, Job.Status.RUNNING)


def model_training_queue(
    *, campaign: Campaign, requested_by: User | None = None
) -> tuple[ModelTraining, bool]:
    """Ask for a training of the campaign's model, run once this transaction commits;
    returns the job and whether it is new (a training already queued or running is returned
    instead of a second). Queries: 2 (3 with a new job)."""
    pending = ModelTraining.objects.filter(campaign=campaign, status__in=PENDING).first()
    if pending is not None:
        return pending, False
    job = ModelTraining.objects.create(
        campaign=campaign,
        requested_by=requested_by,
        gold_events=GoldLabelEvent.objects.filter(campaign=campaign).count(),
    )
    transaction.on_commit(lambda: run_model_training.enqueue(job.pk))
    return job, True


def model_retrain_if_due(*, campaign: Campaign) -> ModelTraining | None:
    """Queue a training if the campaign's gold changed MODEL_RETRAIN_EVERY times or more
    since the last one was asked for (never with 0); returns the new job. Queries: 2, and
    those of ``model_training_queue`` when due."""
    every = settings.MODEL_RETRAIN_EVERY
    if every <= 0:
        return None
    changes = GoldLabelEvent.objects.filter(campaign=campaign).count()
    last = (
        ModelTraining.objects.filter(campaign=campaign)
        .values_list("gold_events", flat=True)
        .first()
    )
    if changes - (last or 0) < every:
        return None
    job, new = model_training_queue(campaign=campaign)
    return job if new else None


def model_retrain_after_commit(*, campaign: Campaign) -> None:
    """Check ``model_retrain_if_due`` once the current transaction commits (a submitted
    review's gold is then visible); no query before that."""
    transaction.on_commit(lambda: model_retrain_if_due(campaign=campaign))


@task
def run_model_training(job_id: int) -> None:
    model_training_run(job_id=job_id)


def model_training_run(*, job_id: int) -> ModelTraining:
    """Train the queued job's campaign model (see ``services.model_version_train``)."""
    return job_run(
        ModelTraining, job_id, _train, unexpected=lambda error: str(error) or type(error).__name__
    )


def _train(job: ModelTraining, report: Report) -> None:
    report(0, 1)
    try:
        job.version = services.model_version_train(campaign=job.campaign)
    except linear.TooFewLabels as error:
        raise JobFailed(f"not trained: {error} (the campaign's gold so far)") from error
    report(1, 1)
