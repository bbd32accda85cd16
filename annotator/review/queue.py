"""The review queue: which article a reviewer gets next, fairly and safely under concurrency.

An article of a campaign needs ``reviews_per_article`` (k) independent reviews. A review holds
one of those slots while it is submitted, or in progress and touched within
``settings.REVIEW_RELEASE_MINUTES``; a review left untouched longer gives its slot back to the
queue but keeps its labels, and its reviewer can still finish it.

Concurrency: taking a slot locks the article row (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
reviewers asking at once take different articles instead of waiting on each other), then
counts the slots again in a fresh statement before creating the review. Under READ COMMITTED
that recount sees every review committed by whoever held the lock before, so two reviewers can
never both take the k-th slot. SQLite serialises writing transactions (they begin IMMEDIATE),
which is enough there.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from annotator.models import Campaign, Review
from annotator.slots import holding_slot
from annotator.suggestions import article_uncertainty
from articles.models import Article


class ArticleFull(Exception):
    """The article already has all the reviews its campaign asks for."""


def slots_taken(campaign: Campaign | OuterRef) -> Coalesce:
    """An expression for an Article queryset: reviews holding a slot in ``campaign``."""
    counted = (
        holding_slot(Review.objects.filter(campaign=campaign, article=OuterRef("pk")))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _queue(
    campaign: Campaign | OuterRef, inner: Campaign | OuterRef, k: int | OuterRef, reviewer: User
) -> QuerySet[Article]:
    # ``inner`` is the campaign as seen from a subquery of Article (the same object, or an
    # OuterRef one level further out when this queryset is itself a subquery).
    mine = Review.objects.filter(campaign=inner, reviewer=reviewer, article=OuterRef("pk"))
    return (
        Article.objects.filter(campaigns=campaign)
        .exclude(Exists(mine))
        .alias(taken=slots_taken(inner))
        .filter(taken__lt=k)
    )


def queue_articles(*, campaign: Campaign, reviewer: User) -> QuerySet[Article]:
    """Articles of the campaign this reviewer may take now, oldest first; with the
    uncertainty order, those the model is least sure of first (``suggestions.
    article_uncertainty``), then the articles it has not scored, oldest first.

    That is: not reviewed by them in this campaign, and with fewer than k slots taken. The
    order changes which article comes first, never who may take it.
    """
    articles = _queue(campaign, campaign, campaign.reviews_per_article, reviewer)
    if campaign.queue_order == Campaign.QueueOrder.UNCERTAINTY:
        return articles.alias(uncertainty=article_uncertainty(campaign=campaign)).order_by(
            F("uncertainty").desc(nulls_last=True), "created_at", "pk"
        )
    return articles.order_by("created_at", "pk")


def queue_size(*, reviewer: User) -> Subquery:
    """An expression for a Campaign queryset: how many articles wait in this reviewer's queue."""
    articles = _queue(
        OuterRef("pk"), OuterRef(OuterRef("pk")), OuterRef("reviews_per_article"), reviewer
    )
    return Subquery(
        articles.order_by().values(n=Func("pk", function="COUNT")), output_field=IntegerField()
    )


def _lock_article(article_id: int) -> None:
    list(Article.objects.select_for_update(of=("self",)).filter(pk=article_id).values_list("pk"))


def _count_slots(campaign: Campaign, article_id: int) -> int:
    return holding_slot(Review.objects.filter(campaign=campaign, article_id=article_id)).count()


def _take(campaign: Campaign, reviewer: User) -> Review | None:
    tried: list[int] = []
    while True:
        candidates = queue_articles(campaign=campaign, reviewer=reviewer).exclude(pk__in=tried)
        # First an article nobody else is taking; if every candidate is being taken right now,
        # wait for the oldest: its taker may leave a slot free.
        article = (
            candidates.select_for_update(skip_locked=True, of=("self",)).only("pk").first()
            or candidates.select_for_update(of=("self",)).only("pk").first()
        )
        if article is None:
            return None
        # A fresh statement: it sees reviews committed since the query above began.
        if _count_slots(campaign, article.pk) < campaign.reviews_per_article:
            return Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
        tried.append(article.pk)


@transaction.atomic
def review_next(*, reviewer: User, campaign: Campaign | None = None) -> Review | None:
    """The reviewer's next article: their oldest unfinished review in an open campaign, else a
    new review of the first article (``queue_articles``' order) in the queue of their oldest
    open campaign that has one.
    With ``campaign``, only that campaign's (the caller has checked it is one of theirs).

    One reviewer's requests run one at a time (their user row is locked), so a double click
    or two tabs cannot take two slots. Returns None when the reviewer's queues are empty.
    Queries: 3, plus 2 or 3 per campaign with articles waiting that is tried (more only when
    another reviewer takes the same last slot at the same instant).
    """
    list(User.objects.select_for_update().filter(pk=reviewer.pk).values_list("pk"))
    mine = Review.objects.filter(
        reviewer=reviewer, status=Review.Status.IN_PROGRESS, campaign__is_open=True
    )
    if campaign is not None:
        mine = mine.filter(campaign=campaign)
    unfinished = mine.order_by("started_at", "pk").first()
    if unfinished is not None:
        return unfinished
    waiting = _queue(
        OuterRef("pk"), OuterRef(OuterRef("pk")), OuterRef("reviews_per_article"), reviewer
    )
    # Campaigns with nothing waiting are left out in this one query (an article being taken
    # by someone else right now still counts as waiting: _take waits for its lock).
    campaigns = Campaign.objects.filter(Exists(waiting), reviewers=reviewer, is_open=True)
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    for campaign in campaigns.order_by("created_at", "pk"):
        review = _take(campaign, reviewer)
        if review is not None:
            return review
    return None


@transaction.atomic
def review_take(*, campaign: Campaign, article: Article, reviewer: User) -> Review:
    """The reviewer's review of this article, starting one if the article has a free slot.

    Raises ArticleFull when it has none (their own existing review is always returned).
    Queries: 1 when the review exists, else 4 or 5.
    """
    mine = Review.objects.filter(campaign=campaign, article=article, reviewer=reviewer)
    existing = mine.first()
    if existing is None:
        _lock_article(article.pk)
        existing = mine.first()  # the same reviewer may have started it in another tab
    if existing is not None:
        return existing
    if _count_slots(campaign, article.pk) >= campaign.reviews_per_article:
        raise ArticleFull(
            f"“{article.title}” already has the {campaign.reviews_per_article} review(s) this "
            "campaign asks for. Open your next article instead."
        )
    return Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
