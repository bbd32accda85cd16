"""The uncertainty order (issue 15): a campaign may hand out first the articles whose
sentences the model is least sure of; the fair, k-limited queue is otherwise unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from annotator.models import Campaign, Prediction, Review
from annotator.review import queue, services
from articles.models import Article
from tests.factories import CampaignFactory, UserFactory, make_article
from tests.queries import count_queries

T0 = datetime(2025, 3, 1, tzinfo=UTC)


def _scored(campaign: Campaign, article: Article, *scores: float) -> None:
    Prediction.objects.bulk_create(
        Prediction(
            campaign=campaign, sentence=s, value="opinion", score=p, model_name="m", created_at=T0
        )
        for s, p in zip(article.sentences.order_by("position"), scores, strict=False)
    )


def _campaign(order: str, k: int = 1, reviewers: int = 1, name: str = "Story"):
    campaign = CampaignFactory.create(queue_order=order, reviews_per_article=k)
    people = [UserFactory.create() for _ in range(reviewers)]
    campaign.reviewers.add(*people)
    stories = [make_article(sentences=3, title=f"{name} {n}") for n in range(4)]
    campaign.articles.add(*stories)
    sure, unsure, middling, _unscored = stories
    _scored(campaign, sure, 0.99, 0.95, 0.97)
    _scored(campaign, unsure, 0.4, 0.5)  # mean uncertainty 0.55 over its scored sentences
    _scored(campaign, middling, 0.7, 0.9, 0.8)
    return campaign, people, stories


def _order(campaign: Campaign, reviewer) -> list[str]:
    return [a.title for a in queue.queue_articles(campaign=campaign, reviewer=reviewer)]


@pytest.mark.django_db
def test_uncertainty_order_puts_the_least_sure_first_and_unscored_articles_last():
    campaign, (ann,), _ = _campaign("uncertainty")
    assert _order(campaign, ann) == ["Story 1", "Story 2", "Story 0", "Story 3"]
    assert queue.review_next(reviewer=ann).article.title == "Story 1"


@pytest.mark.django_db
def test_import_order_ignores_the_models_scores():
    campaign, (ann,), _ = _campaign("import")
    assert _order(campaign, ann) == ["Story 0", "Story 1", "Story 2", "Story 3"]


@pytest.mark.django_db
def test_uncertainty_order_keeps_the_fair_k_limited_queue():
    _, (ann, ben, cai), _ = _campaign("uncertainty", k=2, reviewers=3)
    first = queue.review_next(reviewer=ann)
    services.review_submit(review=first, actor=ann)
    assert queue.review_next(reviewer=ben).article == first.article  # its second slot
    # The most unsure article has its two reviews: the third reviewer gets the next one.
    assert queue.review_next(reviewer=cai).article.title == "Story 2"
    # Nobody gets an article twice, and no article gets more than k reviews.
    services.review_submit(
        review=Review.objects.get(reviewer=ann, article=first.article), actor=ann
    )
    assert queue.review_next(reviewer=ann).article.title == "Story 2"
    assert Review.objects.filter(article=first.article).count() == 2


@pytest.mark.django_db
def test_a_newer_prediction_reorders_the_queue():
    campaign, (ann,), stories = _campaign("uncertainty")
    # The model retrained: it is now unsure of the article it was surest of.
    Prediction.objects.filter(sentence__article=stories[0]).update(
        score=0.1, created_at=datetime(2025, 4, 1, tzinfo=UTC)
    )
    assert _order(campaign, ann)[0] == "Story 0"


@pytest.mark.django_db
def test_taking_the_next_article_costs_the_same_queries_in_either_order_and_any_size():
    counts = []
    for order in ("import", "uncertainty"):
        campaign, (ann,), _ = _campaign(order, name=order)
        for n in range(6):
            story = make_article(sentences=20, title=f"More {order} {n}")
            campaign.articles.add(story)
            _scored(campaign, story, *[0.5] * 20)
        counts.append(count_queries(lambda ann=ann: queue.review_next(reviewer=ann)))
    assert counts[0] == counts[1]
