"""Reading campaigns: the articles an admin's filter chooses, every campaign's summary, and
one campaign's progress. The adjudication screen's reads are in ``adjudication``, the reviewers'
quality against gold in ``quality``."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from annotator.campaigns import sql
from annotator.models import Campaign, Label, Review
from annotator.slots import holds_slot, release_cutoff
from articles.models import Article

# Gaps longer than this between a reviewer's changes are breaks, not work.
IDLE_GAP = timedelta(minutes=5)


# Choosing articles ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which articles an admin means: every field is optional and they combine with AND."""

    outlet_ids: tuple[int, ...] = ()
    batch_id: int | None = None
    published_from: date | None = None
    published_to: date | None = None
    search: str = ""

    def __bool__(self) -> bool:
        return bool(
            self.outlet_ids
            or self.batch_id
            or self.published_from
            or self.published_to
            or self.search.strip()
        )


def articles_matching(article_filter: ArticleFilter) -> QuerySet[Article]:
    """Articles matching the filter, oldest first. Search is PostgreSQL full-text search over
    title and body (stemmed, web-search syntax); on SQLite, a plain substring match."""
    articles = Article.objects.all()
    if article_filter.outlet_ids:
        articles = articles.filter(outlet_id__in=article_filter.outlet_ids)
    if article_filter.batch_id:
        articles = articles.filter(batch_id=article_filter.batch_id)
    if article_filter.published_from:
        articles = articles.filter(published__date__gte=article_filter.published_from)
    if article_filter.published_to:
        articles = articles.filter(published__date__lte=article_filter.published_to)
    terms = article_filter.search.strip()
    if terms and connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A") + SearchVector("body", weight="B")
        articles = articles.annotate(search=vector).filter(
            search=SearchQuery(terms, search_type="websearch")
        )
    elif terms:
        articles = articles.filter(Q(title__icontains=terms) | Q(body__icontains=terms))
    return articles.order_by("created_at", "pk")


# Progress ---------------------------------------------------------------------------------


@dataclass(slots=True)
class ReviewerProgress:
    reviewer: User
    in_progress: int = 0
    released: int = 0
    submitted: int = 0
    labels: int = 0
    active_seconds: float = 0.0
    seconds_per_sentence: list[float] = field(default_factory=list)

    @property
    def started(self) -> int:
        return self.in_progress + self.released + self.submitted

    @property
    def labels_per_hour(self) -> float | None:
        if self.active_seconds < 1:
            return None
        return self.labels / (self.active_seconds / 3600)

    @property
    def median_seconds_per_sentence(self) -> float | None:
        return statistics.median(self.seconds_per_sentence) if self.seconds_per_sentence else None


@dataclass(frozen=True, slots=True)
class ShortArticle:
    article_id: int
    title: str
    outlet: str
    submitted: int
    in_progress: int


@dataclass(frozen=True, slots=True)
class CampaignProgress:
    articles: int
    reviews_needed: int
    submitted: int
    in_progress: int
    released: int
    complete_articles: int
    reviewers: list[ReviewerProgress]
    short: list[ShortArticle]

    @property
    def percent(self) -> int:
        return _percent_done(self.submitted, self.reviews_needed)


def _percent_done(submitted: int, needed: int) -> int:
    """Submitted reviews as a whole percentage of those needed (extra reviews don't count)."""
    return round(100 * min(submitted, needed) / needed) if needed else 0


def review_times(
    reviews: list[sql.ReviewRow], changes: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Time spent on each review (seconds) and its latest change (microseconds, -1: none), in
    the order of ``reviews`` (by id): the gaps between its start and its changes (``changes``:
    review id and moment, by review then time), each since the later of the start and the
    change before, counted when over 0 and at most IDLE_GAP (longer is a break)."""
    ids = np.fromiter((r.id for r in reviews), np.int64, len(reviews))
    started = np.fromiter((r.started for r in reviews), np.int64, len(reviews))
    review, at = changes[:, 0], changes[:, 1]
    index = np.searchsorted(ids, review)
    previous = started[index]
    follows = np.zeros(len(at), dtype=bool)
    follows[1:] = review[1:] == review[:-1]
    before = np.zeros(len(at), dtype=np.int64)
    before[1:] = at[:-1]
    previous = np.where(follows & (before > previous), before, previous)
    gap = at - previous
    counted = (gap > 0) & (gap <= IDLE_GAP // timedelta(microseconds=1))
    # Seconds as timedelta.total_seconds() gives them, added in time order per review: the
    # same floats as adding them one by one.
    seconds = np.bincount(index[counted], weights=gap[counted] / 1_000_000, minlength=len(reviews))
    last = np.full(len(reviews), -1, dtype=np.int64)
    # Each review's latest change: the row before another review's, and the very last row.
    ends = np.flatnonzero(np.append(~follows[1:], True))[: len(at)]
    last[index[ends]] = at[ends]
    return seconds, last


@dataclass(frozen=True, slots=True)
class ModelAgreement:
    """One reviewer's labels made beside a suggestion (or everyone's: ``reviewer`` None):
    how many equal it, and how many were taken with an accept key."""

    reviewer: str | None
    shown: int
    agreed: int
    accepted: int

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.shown if self.shown else None

    @property
    def acceptance(self) -> float | None:
        return self.accepted / self.shown if self.shown else None


def model_agreement(*, campaign: Campaign) -> list[ModelAgreement]:
    """Reviewers' agreement with the model: per reviewer (by name), then everyone, the labels
    that recorded a suggestion shown beside them, the share equal to it and the share
    accepted with the accept keys (the acceptance rate). Empty when no label was made beside
    a suggestion. Queries: 1."""
    rows = (
        Label.objects.filter(review__campaign=campaign)
        .exclude(suggested_value="")
        .values("review__reviewer__username")
        .annotate(
            shown=Count("pk"),
            agreed=Count("pk", filter=Q(value=F("suggested_value"))),
            accepted=Count("pk", filter=Q(accepted=True)),
        )
        .order_by("review__reviewer__username")
    )
    figures = [
        ModelAgreement(
            reviewer=row["review__reviewer__username"],
            shown=row["shown"],
            agreed=row["agreed"],
            accepted=row["accepted"],
        )
        for row in rows
    ]
    if not figures:
        return []
    everyone = ModelAgreement(
        reviewer=None,
        shown=sum(row.shown for row in figures),
        agreed=sum(row.agreed for row in figures),
        accepted=sum(row.accepted for row in figures),
    )
    return [*figures, everyone]


def campaign_progress(*, campaign: Campaign) -> CampaignProgress:
    """Per campaign and per reviewer: reviews started, in progress, released, submitted; labels
    per hour and median seconds per sentence (from the timing of each reviewer's changes, with
    gaps over five minutes counted as breaks); and the articles still short of k submitted
    reviews, oldest first. Queries: 4 (reviewers, reviews, their label changes as integers,
    articles), whatever the campaign's size."""
    k = campaign.reviews_per_article
    since = timezone.now() - release_cutoff()
    # The campaign's reviewers by name, and anyone taken out of them after reviewing here.
    users = (
        User.objects.filter(
            Q(pk__in=campaign.reviewers.values("pk"))
            | Q(pk__in=Review.objects.filter(campaign=campaign).values("reviewer_id"))
        )
        .annotate(member=Exists(campaign.reviewers.filter(pk=OuterRef("pk"))))
        .order_by("username")
    )
    reviewers: dict[int, ReviewerProgress] = {}
    former: dict[int, User] = {}
    for user in users:
        if user.member:
            reviewers[user.pk] = ReviewerProgress(reviewer=user)
        else:
            former[user.pk] = user

    per_article: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # submitted, holding
    totals = {"submitted": 0, "in_progress": 0, "released": 0}
    reviews, changes = sql.progress_rows(campaign_id=campaign.pk)
    active, last_changes = review_times(reviews, changes)
    for review, seconds, last in zip(reviews, active.tolist(), last_changes.tolist(), strict=True):
        entry = reviewers.get(review.reviewer_id)
        if entry is None:  # reviewed here, then taken out of the campaign's reviewers
            entry = reviewers[review.reviewer_id] = ReviewerProgress(
                reviewer=former[review.reviewer_id]
            )
        labels = review.labels
        entry.labels += labels
        entry.active_seconds += seconds
        if review.status == Review.Status.SUBMITTED:
            state = "submitted"
            per_article[review.article_id][0] += 1
            if labels and seconds:
                entry.seconds_per_sentence.append(seconds / labels)
        elif holds_slot(
            Review(status=review.status, started_at=sql.moment(review.started)),
            last_change=None if last < 0 else sql.moment(last),
            since=since,
        ):
            state = "in_progress"
            per_article[review.article_id][1] += 1
        else:
            state = "released"
        totals[state] += 1
        setattr(entry, state, getattr(entry, state) + 1)

    short: list[ShortArticle] = []
    articles = Article.objects.filter(campaigns=campaign).order_by("created_at", "pk")
    count = 0
    complete = 0
    for article_id, title, outlet in articles.values_list("pk", "title", "outlet__name"):
        count += 1
        submitted, holding = per_article.get(article_id, (0, 0))
        if submitted >= k:
            complete += 1
            continue
        short.append(
            ShortArticle(
                article_id=article_id,
                title=title,
                outlet=outlet or "",
                submitted=submitted,
                in_progress=holding,
            )
        )
    return CampaignProgress(
        articles=count,
        reviews_needed=count * k,
        complete_articles=complete,
        reviewers=list(reviewers.values()),
        short=short,
        **totals,
    )


@dataclass(frozen=True, slots=True)
class CampaignSummary:
    campaign: Campaign
    articles: int
    reviewers: int
    submitted: int

    @property
    def percent(self) -> int:
        return _percent_done(self.submitted, self.articles * self.campaign.reviews_per_article)


def _per_campaign(rows: QuerySet[Any]) -> dict[int, int]:
    return {
        row["campaign_id"]: row["n"] for row in rows.values("campaign_id").annotate(n=Count("pk"))
    }


def campaign_summaries() -> list[CampaignSummary]:
    """Every campaign with its article, reviewer and submitted-review counts. Queries: 4."""
    campaigns = list(Campaign.objects.order_by("-is_open", "-created_at", "pk"))
    ids = [c.pk for c in campaigns]
    articles = _per_campaign(Campaign.articles.through.objects.filter(campaign_id__in=ids))
    reviewers = _per_campaign(Campaign.reviewers.through.objects.filter(campaign_id__in=ids))
    submitted = _per_campaign(
        Review.objects.filter(campaign_id__in=ids, status=Review.Status.SUBMITTED)
    )
    return [
        CampaignSummary(
            campaign=c,
            articles=articles.get(c.pk, 0),
            reviewers=reviewers.get(c.pk, 0),
            submitted=submitted.get(c.pk, 0),
        )
        for c in campaigns
    ]
