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

PACE = """
SELECT reviewer_id, CASE WHEN tenths > {cap} THEN {cap} ELSE tenths END AS bucket, COUNT(*)
FROM (
    SELECT reviewer_id, CAST(ROUND({seconds} * 10) AS INTEGER) AS tenths
    FROM (
        SELECT r.reviewer_id AS reviewer_id, e.created_at AS created_at,
               LAG(e.created_at) OVER (
                   PARTITION BY e.review_id ORDER BY e.created_at, e.id) AS previous
        FROM {event} e JOIN {review} r ON r.id = e.review_id
        WHERE r.campaign_id = %s AND r.status = %s
          AND e.undoes_id IS NULL AND e.batch IS NULL
    ) steps
    WHERE previous IS NOT NULL
) timed
GROUP BY 1, 2"""

SECONDS = {
    "postgresql": "EXTRACT(EPOCH FROM (created_at - previous))",
    "sqlite": "((julianday(created_at) - julianday(previous)) * 86400.0)",
}


def pace_rows(*, campaign_id: int) -> list[tuple[int, int, int]]:
    """The steps of the campaign's submitted reviews, from their label history: per reviewer
    and time between a label and the one before it in the same review, in tenths of a
    second (rounded) (capped at PACE_CAP_TENTHS), how many: ``(reviewer_id, tenths, steps)``. Undo
    events and labels set together (accepting every suggestion) are no steps. Queries: 1."""
    quote = connection.ops.quote_name
    sql = PACE.format(
        cap=PACE_CAP_TENTHS,
        seconds=SECONDS[connection.vendor],
        event=quote(LabelEvent._meta.db_table),
        review=quote(Review._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign_id, Review.Status.SUBMITTED.value])
        return [(int(r), int(b), int(n)) for r, b, n in cursor.fetchall()]


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
