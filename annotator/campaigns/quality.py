"""Reviewer quality: how each reviewer's submitted labels compare with the gold labels.

A reviewer who reads the guidelines differently shows up as low agreement with gold on one
label: low recall (they miss what gold calls sourced) or low precision (they call sourced
what gold does not).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, FilteredRelation, Q

from annotator.campaigns.sql import PACE_CAP_TENTHS, pace_rows
from annotator.models import Campaign, GoldLabel, Label, Review
from annotator.vocabulary import LabelValue


@dataclass(frozen=True, slots=True)
class LabelQuality:
    value: str
    # Of the sentences gold gives this label, the share the reviewer gave it too.
    recall: float | None
    # Of the sentences the reviewer gave this label, the share gold agrees with.
    precision: float | None
    gold_count: int
    reviewer_count: int


@dataclass(slots=True)
class ReviewerQuality:
    reviewer_id: int
    username: str
    sentences: int = 0
    agreed: int = 0
    adjudicated: int = 0
    agreed_adjudicated: int = 0
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.sentences if self.sentences else None

    @property
    def agreement_adjudicated(self) -> float | None:
        """On the sentences an admin had to decide: the honest test (unanimous gold includes
        the reviewer's own label)."""
        return self.agreed_adjudicated / self.adjudicated if self.adjudicated else None

    @property
    def per_label(self) -> list[LabelQuality]:
        rows = []
        for value in LabelValue.values:
            gold_count = sum(n for (mine, gold), n in self.pairs.items() if gold == value)
            mine_count = sum(n for (mine, gold), n in self.pairs.items() if mine == value)
            both = self.pairs[(value, value)]
            rows.append(
                LabelQuality(
                    value=value,
                    recall=both / gold_count if gold_count else None,
                    precision=both / mine_count if mine_count else None,
                    gold_count=gold_count,
                    reviewer_count=mine_count,
                )
            )
        return rows


def reviewer_quality(*, campaign: Campaign) -> list[ReviewerQuality]:
    """Each reviewer's submitted labels against gold, overall and per label, for sentences
    that have gold. Queries: 2, whatever the number of labels (the database counts each
    reviewer's (label, gold label, gold method) combinations; a few dozen rows come back)."""
    rows = (
        Label.objects.filter(review__campaign=campaign, review__status=Review.Status.SUBMITTED)
        .annotate(
            gold=FilteredRelation(
                "sentence__gold_labels", condition=Q(sentence__gold_labels__campaign=campaign)
            )
        )
        .filter(gold__isnull=False)
        .values_list("review__reviewer_id", "value", "gold__value", "gold__method")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_reviewer: dict[int, ReviewerQuality] = {}
    for reviewer_id, value, gold_value, method, n in rows:
        entry = by_reviewer.get(reviewer_id)
        if entry is None:
            entry = by_reviewer[reviewer_id] = ReviewerQuality(reviewer_id=reviewer_id, username="")
        agreed = n if value == gold_value else 0
        entry.sentences += n
        entry.agreed += agreed
        entry.pairs[(value, gold_value)] += n
        if method == GoldLabel.Method.ADJUDICATED:
            entry.adjudicated += n
            entry.agreed_adjudicated += agreed
    names = dict(get_user_model().objects.filter(pk__in=by_reviewer).values_list("pk", "username"))
    for entry in by_reviewer.values():
        entry.username = names.get(entry.reviewer_id, "")
    return sorted(by_reviewer.values(), key=lambda entry: entry.username)


# Under this many timed steps a reviewer's median says too little to flag them.
PACE_MIN_STEPS = 20


@dataclass(frozen=True, slots=True)
class ReviewerPace:
    """How fast a reviewer labels: the median time between two labels of one review."""

    reviewer_id: int
    username: str
    steps: int
    # To a tenth of a second; None past the cap (a minute), "over a minute".
    median_seconds: float | None
    # Steps quicker than the flag's threshold.
    fast_steps: int
    too_fast: bool


def _median_tenths(buckets: dict[int, int], steps: int) -> int:
    """The lower median of the steps, from their counts per tenth of a second."""
    seen = 0
    for tenths in sorted(buckets):
        seen += buckets[tenths]
        if 2 * seen >= steps:
            return tenths
    return PACE_CAP_TENTHS


def reviewer_pace(*, campaign: Campaign) -> list[ReviewerPace]:
    """Each reviewer's pace over the campaign's submitted reviews, from their label history,
    flagged ``too_fast`` when the median step is under ``REVIEW_FAST_SECONDS`` over at least
    PACE_MIN_STEPS steps; by username. Queries: 2."""
    threshold = settings.REVIEW_FAST_SECONDS
    by_reviewer: dict[int, dict[int, int]] = {}
    for reviewer_id, tenths, steps in pace_rows(campaign_id=campaign.pk):
        by_reviewer.setdefault(reviewer_id, {})[tenths] = steps
    names = dict(get_user_model().objects.filter(pk__in=by_reviewer).values_list("pk", "username"))
    rows = []
    for reviewer_id, buckets in by_reviewer.items():
        steps = sum(buckets.values())
        median = _median_tenths(buckets, steps)
        seconds = None if median >= PACE_CAP_TENTHS else median / 10
        rows.append(
            ReviewerPace(
                reviewer_id=reviewer_id,
                username=names.get(reviewer_id, ""),
                steps=steps,
                median_seconds=seconds,
                fast_steps=sum(n for t, n in buckets.items() if t < threshold * 10),
                too_fast=steps >= PACE_MIN_STEPS and seconds is not None and seconds < threshold,
            )
        )
    return sorted(rows, key=lambda row: row.username)
