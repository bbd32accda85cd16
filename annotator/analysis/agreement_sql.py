"""The agreement page's raw SQL: a campaign's submitted labels as small integers, read straight
into numpy arrays (no model instance, no Python tuple kept per label), their reviews, and the
names of the reviewers and outlets they mention. The statements are portable (SQLite and
PostgreSQL);
tests/analysis/test_agreement_sql.py proves they give the same rows as the ORM reading the
agreement figures were first computed from.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt
from django.contrib.auth.models import User
from django.db import connection

from annotator.models import Label, Review
from articles.models import Article, Outlet

# A column's value when the article has no outlet (ids start at 1 on both databases).
NO_OUTLET = 0

# One row per label of a submitted review in the campaign, two integers: the sentence id and
# the label's index in the vocabulary packed as ``sentence id * (k + 1) + index`` (index k for
# a value outside the vocabulary: broken data ``Ratings`` refuses), and the review id. Half the
# values a row of four would carry, so half the time spent turning them into an array.
LABELS = """
SELECT l.sentence_id * {slots} + CASE l.value {cases} ELSE {outside} END, l.review_id
FROM {label} l JOIN {review} r ON r.id = l.review_id
WHERE r.campaign_id = %s AND r.status = %s"""

# The campaign's submitted reviews: id, reviewer id, the reviewed article's outlet id
# (NO_OUTLET when none).
REVIEWS = """
SELECT r.id, r.reviewer_id, COALESCE(a.outlet_id, {no_outlet})
FROM {review} r JOIN {article} a ON a.id = r.article_id
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


def _array(rows: list[tuple[Any, ...]], columns: int) -> npt.NDArray[np.int64]:
    # One flat pass from the driver's tuples into one array: the per-value cost is the C loop.
    flat = np.fromiter(chain.from_iterable(rows), np.int64, columns * len(rows))
    return flat.reshape(len(rows), columns)


def label_codes(*, campaign_id: int, categories: tuple[str, ...]) -> npt.NDArray[np.int64]:
    """The campaign's submitted labels as an n × 4 integer array, one row per label: sentence
    id, reviewer id, index of its value in ``categories`` (``len(categories)``: none of them),
    outlet id (NO_OUTLET: none). In no particular order. Queries: 2 (the labels, two integers
    each; the reviews)."""
    slots = len(categories) + 1
    cases = " ".join(f"WHEN %s THEN {i}" for i in range(len(categories)))
    tables = _tables()
    submitted = Review.Status.SUBMITTED.value
    with connection.cursor() as cursor:
        cursor.execute(
            LABELS.format(slots=slots, cases=cases, outside=len(categories), **tables),
            [*categories, campaign_id, submitted],
        )
        labels = _array(cursor.fetchall(), 2)
        cursor.execute(REVIEWS.format(no_outlet=NO_OUTLET, **tables), [campaign_id, submitted])
        reviews = _array(cursor.fetchall(), 3)
    reviews = reviews[np.argsort(reviews[:, 0])]
    # Every label's review is among the reviews read (the same filter): its row by id.
    of_label = np.searchsorted(reviews[:, 0], labels[:, 1])
    return np.column_stack(
        [
            labels[:, 0] // slots,
            reviews[of_label, 1],
            labels[:, 0] % slots,
            reviews[of_label, 2],
        ]
    ).astype(np.int64)


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
