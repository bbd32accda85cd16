"""The campaigns' raw SQL (annotator/campaigns/sql.py) gives the same rows as an ORM reading,
on random label histories: the reviewers' pace, and each review's labels and time for the
progress page."""

from __future__ import annotations

import math
import random
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from annotator.campaigns import sql
from annotator.campaigns.selectors import IDLE_GAP, review_times
from annotator.models import Campaign, Label, LabelEvent, Review
from tests.factories import CampaignFactory, ReviewFactory, UserFactory, make_article


def _random_history(seed: int) -> Campaign:
    """Four reviewers' reviews, submitted or not, in two campaigns, each a run of label events
    some tenths of a second or minutes apart, with undos and accepted batches among them."""
    rng = random.Random(seed)
    reviewers = [UserFactory.create() for _ in range(4)]
    campaign, other = CampaignFactory.create(), CampaignFactory.create()
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    for n in range(10):
        article = make_article(sentences=3, title=f"History {seed}-{n}")
        sentence = article.sentences.get(position=0)
        submitted = rng.random() < 0.75
        review = ReviewFactory.create(
            campaign=rng.choice([campaign, campaign, other]),
            article=article,
            reviewer=rng.choice(reviewers),
            status=Review.Status.SUBMITTED if submitted else Review.Status.IN_PROGRESS,
            submitted_at=start if submitted else None,
        )
        moment = start + timedelta(hours=n)
        previous = None
        for _ in range(rng.randrange(1, 25)):
            # Whole tenths ± 30 ms, never a tie at .05, so rounding has one answer.
            step = rng.choice([rng.randrange(0, 40), rng.randrange(500, 900)]) / 10
            moment += timedelta(seconds=step + rng.uniform(-0.03, 0.03) if step else 0)
            roll = rng.random()
            event = LabelEvent.objects.create(
                review=review,
                sentence=sentence,
                undoes=previous if roll < 0.1 else None,
                batch=uuid.uuid4() if 0.1 <= roll < 0.2 else None,
            )
            LabelEvent.objects.filter(pk=event.pk).update(created_at=moment)
            previous = None if roll < 0.1 else event
    return campaign


def _orm_pace(campaign: Campaign) -> Counter[tuple[int, int]]:
    steps: Counter[tuple[int, int]] = Counter()
    for review in Review.objects.filter(campaign=campaign, status=Review.Status.SUBMITTED):
        times = list(
            LabelEvent.objects.filter(review=review, undoes__isnull=True, batch__isnull=True)
            .order_by("created_at", "pk")
            .values_list("created_at", flat=True)
        )
        for earlier, later in pairwise(times):
            tenths = math.floor((later - earlier).total_seconds() * 10 + 0.5)
            steps[(review.reviewer_id, min(tenths, sql.PACE_CAP_TENTHS))] += 1
    return steps


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pace_rows_count_the_steps_the_orm_reading_counts(db, seed):
    campaign = _random_history(seed)
    rows = sql.pace_rows(campaign_id=campaign.pk)
    assert Counter({(r, t): n for r, t, n in rows}) == _orm_pace(campaign)
    assert len(rows) == len({(r, t) for r, t, _ in rows})


def _orm_active_seconds(started: datetime, moments: list[datetime]) -> float:
    """The progress page's rule as campaign_progress applied it in Python before review_times."""
    total, previous = 0.0, started
    for moment in moments:
        gap = moment - previous
        if timedelta(0) < gap <= IDLE_GAP:
            total += gap.total_seconds()
        previous = max(previous, moment)
    return total


def _random_times(seed: int) -> Campaign:
    """Reviews of two campaigns, any status, each started at some moment and changed at random
    steps: ties, microseconds, exactly the idle limit and a microsecond over it, breaks, and
    changes dated before the review's start."""
    rng = random.Random(seed)
    reviewers = [UserFactory.create() for _ in range(3)]
    campaign, other = CampaignFactory.create(), CampaignFactory.create()
    start = datetime(2025, 3, 1, 9, tzinfo=UTC)
    steps = [
        timedelta(0),
        IDLE_GAP,
        IDLE_GAP + timedelta(microseconds=1),
        timedelta(hours=2),
        timedelta(seconds=-30),
    ]
    for n in range(12):
        article = make_article(sentences=3, title=f"Times {seed}-{n}")
        sentences = list(article.sentences.all())
        status = rng.choice(list(Review.Status))
        review = ReviewFactory.create(
            campaign=rng.choice([campaign, campaign, other]),
            article=article,
            reviewer=rng.choice(reviewers),
            status=status,
            submitted_at=start if status == Review.Status.SUBMITTED else None,
        )
        started = start + timedelta(hours=n, microseconds=rng.randrange(1_000_000))
        Review.objects.filter(pk=review.pk).update(started_at=started)
        for sentence in sentences[: rng.randrange(4)]:
            Label.objects.create(review=review, sentence=sentence, value="opinion")
        moment = started
        for _ in range(rng.randrange(0, 15)):
            if rng.random() < 0.3:
                moment += rng.choice(steps)
            else:
                moment += timedelta(microseconds=rng.randrange(1, 90_000_000))
            event = LabelEvent.objects.create(review=review, sentence=sentences[0])
            LabelEvent.objects.filter(pk=event.pk).update(created_at=moment)
    return campaign


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_progress_rows_are_the_orm_rows_and_the_time_rule_adds_up_as_python_did(db, seed):
    campaign = _random_times(seed)
    orm_reviews = list(Review.objects.filter(campaign=campaign).order_by("pk"))
    orm_changes = list(
        LabelEvent.objects.filter(review__campaign=campaign)
        .order_by("review_id", "created_at")
        .values_list("review_id", "created_at")
    )

    reviews, changes = sql.progress_rows(campaign_id=campaign.pk)
    seconds, last = review_times(reviews, changes)

    read = [(r.id, r.reviewer_id, r.article_id, r.status, sql.moment(r.started)) for r in reviews]
    assert read == [
        (r.pk, r.reviewer_id, r.article_id, r.status, r.started_at) for r in orm_reviews
    ]
    assert [r.labels for r in reviews] == [r.labels.count() for r in orm_reviews]
    assert [(int(i), sql.moment(at)) for i, at in changes.tolist()] == orm_changes
    for n, review in enumerate(orm_reviews):
        moments = [at for i, at in orm_changes if i == review.pk]
        # The same floats, added in the same order.
        assert seconds[n] == _orm_active_seconds(review.started_at, moments)
        assert (sql.moment(last[n]) if last[n] >= 0 else None) == (moments[-1] if moments else None)
    assert seconds.any()
