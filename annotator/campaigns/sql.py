"""The campaigns package's raw SQL: portable statements (SQLite and PostgreSQL) where the ORM
would bring every row into Python. tests/campaigns/test_sql.py proves each gives the same rows
as an ORM reading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from django.db import connection

from annotator.models import Label, LabelEvent, Review

# Steps are counted in tenths of a second (rounded) up to PACE_CAP_TENTHS; longer ones (a pause, a
# break) all fall in that last bucket, which no flag threshold reaches.
PACE_CAP_TENTHS = 600

# The label events that count as steps, with their reviewer, by review then time: the gaps
# are taken in numpy (a window function per event made this the slowest figure on SQLite).
PACE = """
SELECT r.reviewer_id, e.review_id, {at}
FROM {event} e JOIN {review} r ON r.id = e.review_id
WHERE r.campaign_id = %s AND r.status = %s
  AND e.undoes_id IS NULL AND e.batch IS NULL
ORDER BY e.review_id, e.created_at, e.id"""


def pace_rows(*, campaign_id: int) -> list[tuple[int, int, int]]:
    """The steps of the campaign's submitted reviews, from their label history: per reviewer
    and time between a label and the one before it in the same review, in tenths of a
    second (rounded half up) (capped at PACE_CAP_TENTHS), how many: ``(reviewer_id, tenths,
    steps)``. Undo events and labels set together (accepting every suggestion) are no steps.
    Queries: 1."""
    with connection.cursor() as cursor:
        cursor.execute(
            _statement(PACE, "e.created_at"), [campaign_id, Review.Status.SUBMITTED.value]
        )
        rows = cursor.fetchall()
    events = np.fromiter(chain.from_iterable(rows), np.int64, 3 * len(rows)).reshape(-1, 3)
    same_review = events[1:, 1] == events[:-1, 1]
    gaps = (events[1:, 2] - events[:-1, 2])[same_review]
    tenths = np.minimum((gaps + 50_000) // 100_000, PACE_CAP_TENTHS)
    reviewers = events[1:, 0][same_review]
    keys, counts = np.unique(reviewers * (PACE_CAP_TENTHS + 1) + tenths, return_counts=True)
    return [
        (int(key // (PACE_CAP_TENTHS + 1)), int(key % (PACE_CAP_TENTHS + 1)), int(count))
        for key, count in zip(keys, counts, strict=True)
    ]


# The progress page's reads: one row per review of the campaign (any status) with its label
# count, and every label change of those reviews as two integers, in order, so the time rule
# (campaigns.selectors.review_times) runs over arrays instead of a Python object per change.
# Moments come back in whole microseconds since the epoch: exact on both databases.
REVIEWS = """
SELECT r.id, r.reviewer_id, r.article_id, r.status, {started},
       (SELECT COUNT(*) FROM {label} l WHERE l.review_id = r.id)
FROM {review} r WHERE r.campaign_id = %s
ORDER BY r.id"""

CHANGES = """
SELECT e.review_id, {at}
FROM {event} e JOIN {review} r ON r.id = e.review_id
WHERE r.campaign_id = %s
ORDER BY e.review_id, e.created_at"""

MICROSECONDS = {
    "postgresql": "CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)",
    # Stored as text, "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: whole seconds, then the digits
    # after the point (none: 0). julianday() would round to the millisecond.
    "sqlite": (
        "(CAST(strftime('%%s', {column}) AS INTEGER) * 1000000"
        " + CAST(substr({column} || '.000000', 21, 6) AS INTEGER))"
    ),
}

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def moment(microseconds: int) -> datetime:
    """The moment a number of MICROSECONDS stands for."""
    return EPOCH + timedelta(microseconds=int(microseconds))


class ReviewRow(NamedTuple):
    id: int
    reviewer_id: int
    article_id: int
    status: str
    # Microseconds since the epoch.
    started: int
    labels: int


def _statement(template: str, column: str) -> str:
    quote = connection.ops.quote_name
    return template.format(
        started=MICROSECONDS[connection.vendor].format(column="r.started_at"),
        at=MICROSECONDS[connection.vendor].format(column=column),
        review=quote(Review._meta.db_table),
        label=quote(Label._meta.db_table),
        event=quote(LabelEvent._meta.db_table),
    )


def progress_rows(*, campaign_id: int) -> tuple[list[ReviewRow], npt.NDArray[np.int64]]:
    """Every review of the campaign by id, with its labels counted; and an n × 2 array of its
    label changes (review id, moment in microseconds), by review then time. Queries: 2."""
    with connection.cursor() as cursor:
        cursor.execute(_statement(REVIEWS, "e.created_at"), [campaign_id])
        reviews = [
            ReviewRow(int(i), int(reviewer), int(article), status, int(started), int(labels))
            for i, reviewer, article, status, started, labels in cursor.fetchall()
        ]
        cursor.execute(_statement(CHANGES, "e.created_at"), [campaign_id])
        rows = cursor.fetchall()
    changes = np.fromiter(chain.from_iterable(rows), np.int64, 2 * len(rows))
    return reviews, changes.reshape(len(rows), 2)
