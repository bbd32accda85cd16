"""The slot rule: when a review holds one of its article's k review slots in a campaign.

A review holds a slot while it is submitted, or in progress and touched within
``settings.REVIEW_RELEASE_MINUTES``. The queue (review/queue.py) hands out slots by this rule
and campaign progress (campaigns/selectors.py) reports by it, so it lives below both.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from annotator.models import LabelEvent, Review


def release_cutoff() -> timedelta:
    return timedelta(minutes=settings.REVIEW_RELEASE_MINUTES)


def holding_slot(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """The reviews that hold a queue slot: submitted, or in progress and recently touched."""
    since = timezone.now() - release_cutoff()
    touched = LabelEvent.objects.filter(review=OuterRef("pk"), created_at__gte=since)
    return reviews.filter(
        Q(status=Review.Status.SUBMITTED) | Q(started_at__gte=since) | Exists(touched)
    )


def holds_slot(review: Review, *, last_change: datetime | None, since: datetime) -> bool:
    """``holding_slot``'s rule for one review already read (``since``: now minus the release
    time; ``last_change``: its latest label change, if any)."""
    return (
        review.status == Review.Status.SUBMITTED
        or review.started_at >= since
        or (last_change is not None and last_change >= since)
    )
