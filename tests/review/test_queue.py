from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.db.models import Count
from django.utils import timezone

from annotator.campaigns import selectors as campaigns
from annotator.models import Review
from annotator.review import queue, services
from tests.factories import CampaignFactory, UserFactory, make_article
from tests.queries import count_queries


def _campaign(*, k: int, articles: int, reviewers: int):
    campaign = CampaignFactory.create(reviews_per_article=k)
    people = [UserFactory.create() for _ in range(reviewers)]
    campaign.reviewers.add(*people)
    stories = [
        make_article(text=f"Story {n} happened.", title=f"Story {n}") for n in range(articles)
    ]
    campaign.articles.add(*stories)
    return campaign, people, stories


@pytest.mark.django_db
def test_next_gives_the_oldest_article_still_short_of_k_reviews():
    _, (ann, ben, cai), stories = _campaign(k=2, articles=3, reviewers=3)
    assert queue.review_next(reviewer=ann).article == stories[0]
    services.review_submit(review=Review.objects.get(reviewer=ann), actor=ann)
    assert queue.review_next(reviewer=ben).article == stories[0]
    # The first story has its two reviews: the third reviewer starts on the second.
    assert queue.review_next(reviewer=cai).article == stories[1]


@pytest.mark.django_db
def test_next_returns_my_unfinished_review_before_a_new_one():
    _, (ann,), _ = _campaign(k=1, articles=2, reviewers=1)
    first = queue.review_next(reviewer=ann)
    assert queue.review_next(reviewer=ann) == first
    assert Review.objects.count() == 1


@pytest.mark.django_db
def test_next_never_gives_an_article_i_reviewed_and_ends_when_my_queue_is_empty():
    _, (ann,), stories = _campaign(k=3, articles=2, reviewers=1)
    for story in stories:
        review = queue.review_next(reviewer=ann)
        assert review.article == story
        services.review_submit(review=review, actor=ann)
    assert queue.review_next(reviewer=ann) is None


@pytest.mark.django_db
def test_closed_campaigns_and_campaigns_i_am_not_in_give_nothing():
    campaign, (ann,), _ = _campaign(k=1, articles=1, reviewers=1)
    outsider = UserFactory.create()
    assert queue.review_next(reviewer=outsider) is None
    campaign.is_open = False
    campaign.save()
    assert queue.review_next(reviewer=ann) is None


@pytest.mark.django_db
def test_empty_campaigns_cost_no_query_each_when_looking_for_the_next_article():
    ann = UserFactory.create()

    def nothing_next() -> None:
        assert queue.review_next(reviewer=ann) is None

    def queries() -> int:
        return count_queries(nothing_next)

    CampaignFactory.create().reviewers.add(ann)
    one = queries()
    for _ in range(7):
        CampaignFactory.create().reviewers.add(ann)  # open campaigns without articles
    assert queries() == one
    campaign, _, (story,) = _campaign(k=1, articles=1, reviewers=0)
    campaign.reviewers.add(ann)
    assert queue.review_next(reviewer=ann).article == story  # the one with an article


@pytest.mark.django_db
def test_a_stale_review_is_released_but_keeps_its_labels_for_its_reviewer(settings):
    settings.REVIEW_RELEASE_MINUTES = 30
    campaign, (ann, ben), (story,) = _campaign(k=1, articles=1, reviewers=2)
    mine = queue.review_next(reviewer=ann)
    sentence = story.sentences.first()
    hour_ago = timezone.now() - timedelta(hours=1)
    Review.objects.filter(pk=mine.pk).update(started_at=hour_ago)
    services.label_set(review=mine, sentence=sentence, value="opinion", actor=ann)
    assert queue.review_next(reviewer=ben) is None  # the only slot is held: a recent change
    progress = campaigns.campaign_progress(campaign=campaign)
    assert (progress.in_progress, progress.released) == (1, 0)

    mine.label_events.update(created_at=hour_ago)
    progress = campaigns.campaign_progress(campaign=campaign)
    assert (progress.in_progress, progress.released) == (0, 1)  # the progress page agrees

    theirs = queue.review_next(reviewer=ben)
    assert theirs is not None and theirs.article == story
    # Ann comes back: her review and its label are still hers to finish.
    assert queue.review_next(reviewer=ann) == mine
    assert mine.labels.get().value == "opinion"


@pytest.mark.django_db
def test_taking_a_full_article_by_hand_is_refused_but_my_own_review_is_returned():
    campaign, (ann, ben), (story,) = _campaign(k=1, articles=1, reviewers=2)
    mine = queue.review_take(campaign=campaign, article=story, reviewer=ann)
    assert queue.review_take(campaign=campaign, article=story, reviewer=ann) == mine
    with pytest.raises(queue.ArticleFull, match="already has the 1 review"):
        queue.review_take(campaign=campaign, article=story, reviewer=ben)


@pytest.mark.django_db(transaction=True)
def test_twenty_reviewers_asking_at_once_never_overfill_an_article():
    """k = 2, 10 articles, 20 reviewers in 20 threads: every slot is taken exactly once."""
    _, people, _ = _campaign(k=2, articles=10, reviewers=20)
    barrier = threading.Barrier(len(people))
    results: dict[int, int | None] = {}
    errors: list[BaseException] = []

    def ask(person) -> None:
        try:
            barrier.wait()
            review = queue.review_next(reviewer=person)
            results[person.pk] = review.article_id if review else None
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    per_article = dict(
        Review.objects.values("article").annotate(n=Count("pk")).values_list("article", "n")
    )
    assert max(per_article.values()) <= 2
    assert all(article is not None for article in results.values())
    assert sorted(per_article.values()) == [2] * 10
    assert len(results) == 20
