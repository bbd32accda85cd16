"""What an admin's home shows: what needs attention across the instance, and the first-run
path. Every read here costs a fixed number of queries, whatever the data's size."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from annotator.models import Campaign, ExportJob, GoldLabel, Label, Review
from articles import leases
from articles.jobs import Job
from articles.models import Article, ImportBatch

# How many items of each kind the home lists (the pages behind them list the rest).
LISTED = 20


@dataclass(frozen=True, slots=True)
class CampaignAttention:
    campaign: Campaign
    short: int  # articles with fewer than k submitted reviews (open campaigns only)
    disagreements: int  # sentences whose submitted labels differ, with no gold yet


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    done: bool


@dataclass(frozen=True, slots=True)
class Attention:
    previews: Sequence[ImportBatch]  # imports awaiting confirmation
    imports: Sequence[ImportBatch]  # failed, or running with no worker left
    exports: Sequence[ExportJob]  # the same for exports
    campaigns: Sequence[CampaignAttention]
    steps: Sequence[Step]

    @property
    def quiet(self) -> bool:
        return not (self.previews or self.imports or self.exports or self.campaigns)

    @property
    def first_run(self) -> bool:
        return not all(step.done for step in self.steps)


def _troubled[J: Job](jobs: Sequence[J]) -> list[J]:
    """Failed jobs, and running ones whose lease ran out in the database and in the cache
    (the worker stopped: opening the job's page marks it failed). No query."""
    return [job for job in jobs if job.status == Job.Status.FAILED or not leases.lease_held(job)]


def _jobs_troubled[J: Job](model: type[J], *, fields: tuple[str, ...]) -> list[J]:
    rows = (
        model._default_manager.filter(
            Q(status=Job.Status.FAILED)
            | Q(status=Job.Status.RUNNING, lease_until__lt=timezone.now())
        )
        .only("pk", "status", "created_at", "error", "lease_until", "attempts", *fields)
        .order_by("-created_at")[:LISTED]
    )
    return _troubled(list(rows))


def short_of_reviews() -> dict[int, int]:
    """For each open campaign, how many of its articles have fewer than its k submitted
    reviews. Queries: 1."""
    submitted = (
        Review.objects.filter(
            campaign_id=OuterRef("campaign_id"),
            article_id=OuterRef("article_id"),
            status=Review.Status.SUBMITTED,
        )
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    through: Any = Campaign.articles.through.objects.filter(campaign__is_open=True)
    rows = (
        through.annotate(submitted=Coalesce(Subquery(submitted, output_field=IntegerField()), 0))
        .filter(submitted__lt=F("campaign__reviews_per_article"))
        .order_by()
        .values("campaign_id")
        .annotate(short=Count("pk"))
    )
    return {row["campaign_id"]: row["short"] for row in rows}


def unsettled_disagreements() -> dict[int, int]:
    """For each campaign, how many sentences its submitted reviews label differently and no
    gold settles yet (what its adjudication queue holds). Queries: 1."""
    gold = GoldLabel.objects.filter(
        campaign_id=OuterRef("review__campaign_id"), sentence_id=OuterRef("sentence_id")
    )
    rows = (
        Label.objects.filter(review__status=Review.Status.SUBMITTED)
        .exclude(Exists(gold))
        .order_by()
        .values("review__campaign_id", "sentence_id")
        .annotate(kinds=Count("value", distinct=True))
        .filter(kinds__gt=1)
        .values_list("review__campaign_id", flat=True)
    )
    return dict(Counter(rows))


def attention() -> Attention:
    """Everything the admin home shows. Queries: 7, whatever the data's size."""
    previews = list(
        ImportBatch.objects.filter(status=ImportBatch.Status.PREVIEW)
        .only("pk", "status", "created_at", "source_name", "preview")
        .order_by("-created_at")[:LISTED]
    )
    imports = _jobs_troubled(ImportBatch, fields=("source_name",))
    exports = _jobs_troubled(ExportJob, fields=("format",))
    reviewers = Campaign.reviewers.through.objects.filter(campaign_id=OuterRef("pk"))
    campaigns = list(
        Campaign.objects.annotate(
            has_reviewers=Exists(reviewers),
            has_submitted=Exists(
                Review.objects.filter(campaign_id=OuterRef("pk"), status=Review.Status.SUBMITTED)
            ),
        ).order_by("-is_open", "-created_at", "pk")
    )
    short = short_of_reviews()
    disagreements = unsettled_disagreements()
    needing = [
        CampaignAttention(
            campaign=c, short=short.get(c.pk, 0), disagreements=disagreements.get(c.pk, 0)
        )
        for c in campaigns
        if short.get(c.pk) or disagreements.get(c.pk)
    ]
    steps = [
        Step("import", Article.objects.exists()),
        Step("campaign", bool(campaigns)),
        Step("reviewers", any(c.has_reviewers for c in campaigns)),
        Step("progress", any(c.has_submitted for c in campaigns)),
    ]
    return Attention(
        previews=previews, imports=imports, exports=exports, campaigns=needing, steps=steps
    )
