"""The agreement page's raw SQL: a campaign's submitted labels as small integers, read straight
into numpy arrays (no model instance, no Python tuple kept per label), and the names of the
reviewers and outlets they mention. Both statements are portable (SQLite and PostgreSQL);
tests/analysis/test_agreement_sql.py proves they give the same rows as the ORM reading the
agreement figures were first computed from.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import numpy.typing as npt
from django.contrib.auth.models import User
from django.db import connection

from annotator.models import Label, Review
from articles.models import Article, Outlet

# A column's value when the article has no outlet (ids start at 1 on both databases).
NO_OUTLET = 0

# One row per label of a submitted review in the campaign: sentence id, reviewer id, the label's
# index in the vocabulary (-1 for a value outside it: broken data ``Ratings`` refuses), and the
# outlet of the reviewed article (NO_OUTLET when none).
LABELS = """
SELECT l.sentence_id, r.reviewer_id, CASE l.value {cases} ELSE -1 END,
       COALESCE(a.outlet_id, {no_outlet})
FROM {label} l
JOIN {review} r ON r.id = l.review_id
JOIN {article} a ON a.id = r.article_id
WHERE r.campaign_id = %s AND r.status = %s"""

# The names those rows need: (1, reviewer id, username) for everyone with a submitted review in
# the campaign, (2, outlet id, name) for the outlet of every article such a review is of.
NAMES = """
SELECT 1, u.id, u.username FROM {user} u
WHERE u.id IN (SELECT r.reviewer_id FROM {review} r WHERE r.campaign_id = %s AND r.status = %s)
UNION ALL
SELECT 2, o.id, o.name FROM {outlet} o
WHERE o.id IN (
    SELECT a.outlet_id FROM {article} a JOIN {review} r ON r.article_id = a.id
    WHERE r.campaign_id = %s AND r.status = %s)"""

REVIEWER, OUTLET = 1, 2


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "label": quote(Label._meta.db_table),
        "review": quote(Review._meta.db_table),
        "article": quote(Article._meta.db_table),
        "outlet": quote(Outlet._meta.db_table),
        "user": quote(User._meta.db_table),
    }


def label_codes(*, campaign_id: int, categories: tuple[str, ...]) -> npt.NDArray[np.int64]:
    """The campaign's submitted labels as an n × 4 integer array, one row per label: sentence
    id, reviewer id, index of its value in ``categories`` (-1: none of them), outlet id
    (NO_OUTLET: none). In no particular order. Queries: 1."""
    cases = " ".join(f"WHEN %s THEN {i}" for i in range(len(categories)))
    sql = LABELS.format(cases=cases, no_outlet=NO_OUTLET, **_tables())
    with connection.cursor() as cursor:
        cursor.execute(sql, [*categories, campaign_id, Review.Status.SUBMITTED.value])
        rows = cursor.fetchall()
    # One flat pass from the driver's tuples into one array: the per-label cost is the C loop.
    flat = np.fromiter(chain.from_iterable(rows), np.int64, 4 * len(rows))
    return flat.reshape(len(rows), 4)


def names(*, campaign_id: int) -> tuple[dict[int, str], dict[int, str]]:
    """(username by reviewer id, name by outlet id) for the campaign's submitted reviews.
    Queries: 1."""
    submitted = Review.Status.SUBMITTED.value
    reviewers: dict[int, str] = {}
    outlets: dict[int, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(NAMES.format(**_tables()), [campaign_id, submitted, campaign_id, submitted])
        for kind, key, name in cursor.fetchall():
            (reviewers if kind == REVIEWER else outlets)[int(key)] = name
    return reviewers, outlets
