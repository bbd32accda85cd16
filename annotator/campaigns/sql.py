"""The campaigns package's raw SQL: one portable statement (SQLite and PostgreSQL) where the
ORM would bring every row into Python. tests/campaigns/test_sql.py proves it gives the same
rows as an ORM reading."""

from __future__ import annotations

from django.db import connection

from annotator.models import LabelEvent, Review

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
