"""The campaigns package's raw SQL: portable statements (SQLite and PostgreSQL) where the ORM
would bring every row into Python. tests/campaigns/test_sql.py proves each gives the same rows
as an ORM reading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

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


# Per review of the campaign: its labels, the time spent on it and its latest label change, so
# the progress page reads one row per review instead of every label and history event. The
# time is campaigns.selectors' rule: each change's gap since the later of the review's start and
# the change before it, counted when over 0 and at most the idle limit (longer is a break).
# Both come back in whole microseconds (since the epoch, for the change), so sums are exact.
REVIEW_TIMES = """
WITH reviews AS (
    SELECT id, reviewer_id, article_id, status, {started} AS started
    FROM {review} WHERE campaign_id = %s
), labels AS (
    SELECT l.review_id, COUNT(*) AS n
    FROM {label} l JOIN reviews r ON r.id = l.review_id
    GROUP BY l.review_id
), moments AS (  -- each change's moment worked out once
    SELECT e.review_id, e.created_at, {at} AS at, r.started
    FROM {event} e JOIN reviews r ON r.id = e.review_id
), steps AS (
    SELECT review_id, at, started,
           LAG(at) OVER (PARTITION BY review_id ORDER BY created_at) AS before
    FROM moments
), gaps AS (
    SELECT review_id, at,
           at - CASE WHEN before IS NULL OR before < started THEN started ELSE before END AS gap
    FROM steps
), times AS (
    SELECT review_id,
           SUM(CASE WHEN gap > {zero} AND gap <= {idle} THEN gap ELSE {zero} END) AS active,
           MAX(at) AS last
    FROM gaps GROUP BY review_id
)
SELECT r.id, r.reviewer_id, r.article_id, r.status, {started_out}, COALESCE(labels.n, 0),
       {active}, {last}
FROM reviews r
LEFT JOIN labels ON labels.review_id = r.id
LEFT JOIN times ON times.review_id = r.id
ORDER BY r.id"""

# PostgreSQL subtracts timestamps into exact intervals and turns only each review's sums into
# microseconds. SQLite stores text, "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC: each moment becomes
# whole seconds plus the digits after the point (none: 0); julianday() would round to the
# millisecond.
SQLITE_MICROSECONDS = (
    "(CAST(strftime('%%s', {column}) AS INTEGER) * 1000000"
    " + CAST(substr({column} || '.000000', 21, 6) AS INTEGER))"
)
TIME_SQL = {
    "postgresql": {
        "started": "started_at",
        "at": "e.created_at",
        "started_out": "CAST(EXTRACT(EPOCH FROM r.started) * 1000000 AS BIGINT)",
        "zero": "INTERVAL '0 seconds'",
        "idle": "INTERVAL '{microseconds} microseconds'",
        "active": "CAST(EXTRACT(EPOCH FROM COALESCE(times.active, INTERVAL '0 seconds'))"
        " * 1000000 AS BIGINT)",
        "last": "CAST(EXTRACT(EPOCH FROM times.last) * 1000000 AS BIGINT)",
    },
    "sqlite": {
        "started": SQLITE_MICROSECONDS.format(column="started_at"),
        "at": SQLITE_MICROSECONDS.format(column="e.created_at"),
        "started_out": "r.started",
        "zero": "0",
        "idle": "{microseconds}",
        "active": "COALESCE(times.active, 0)",
        "last": "times.last",
    },
}

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ReviewTime(NamedTuple):
    """One review of a campaign as the progress page counts it."""

    id: int
    reviewer_id: int
    article_id: int
    status: str
    started_at: datetime
    labels: int
    # The gaps between its start and its changes over 0 and at most the idle limit.
    active_seconds: float
    last_change: datetime | None


def _moment(microseconds: Any) -> datetime:
    return EPOCH + timedelta(microseconds=int(microseconds))


def review_times(*, campaign_id: int, idle: timedelta) -> list[ReviewTime]:
    """Every review of the campaign (any status), by id, with its labels, active time and
    latest label change. Queries: 1."""
    quote = connection.ops.quote_name
    parts = dict(TIME_SQL[connection.vendor])
    parts["idle"] = parts["idle"].format(microseconds=idle // timedelta(microseconds=1))
    sql = REVIEW_TIMES.format(
        **parts,
        review=quote(Review._meta.db_table),
        label=quote(Label._meta.db_table),
        event=quote(LabelEvent._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign_id])
        return [
            ReviewTime(
                id=int(review_id),
                reviewer_id=int(reviewer_id),
                article_id=int(article_id),
                status=status,
                started_at=_moment(started),
                labels=int(labels),
                active_seconds=int(active) / 1_000_000,
                last_change=None if last is None else _moment(last),
            )
            for review_id, reviewer_id, article_id, status, started, labels, active, last in (
                cursor.fetchall()
            )
        ]
