"""The raw SQL of exports: the three big reads of a chunk of articles (sentences, labels, gold).

Plain SQL because a million records are read: one fetch of plain tuples costs far less than
the ORM's model-free ``values_list`` batches. Only table names (ours) are formatted in, and
``{ids}`` / ``{statuses}``: a membership test with placeholders (``_member``); values go as
parameters. ``tests/datasets/test_sql.py`` checks each statement against the ORM.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from annotator.models import GoldLabel, Label, Review
from articles.models import Sentence

# Sentences come without their text: it is always body[start:end], and the body is read anyway.
SENTENCES_SQL = (
    'SELECT "id", "article_id", "position", "paragraph", "kind", "start", "end" '  # noqa: S608
    f'FROM "{Sentence._meta.db_table}" '
    'WHERE "article_id" {ids} ORDER BY "article_id", "position"'
)
# One statement, so a review submitted meanwhile is either wholly in or wholly out. Unordered
# (sorting 60,000 labels costs PostgreSQL more than sorting them per sentence in Python).
LABELS_SQL = (
    'SELECT l."sentence_id", r."reviewer_id", l."value", l."source", l."note", r."status", '  # noqa: S608
    'l."suggested_value", l."suggested_score" '
    f'FROM "{Label._meta.db_table}" l '
    f'JOIN "{Review._meta.db_table}" r ON r."id" = l."review_id" '
    'WHERE r."campaign_id" = %s AND r."article_id" {ids} AND r."status" {statuses}'
)
# Gold labels by the id range of the chunk's sentences, read through the (campaign, sentence)
# index (a join on the articles made PostgreSQL scan every gold label of the campaign). When
# the range is dense (articles imported one after another: the usual case) nothing else is
# needed; when it is sparse the join keeps other articles' gold labels out.
GOLD_SQL = (
    'SELECT "sentence_id", "value", "method", "decided_by_id", "source" '  # noqa: S608
    f'FROM "{GoldLabel._meta.db_table}" '
    'WHERE "campaign_id" = %s AND "sentence_id" BETWEEN %s AND %s'
)
GOLD_SPARSE_SQL = (
    'SELECT g."sentence_id", g."value", g."method", g."decided_by_id", g."source" '  # noqa: S608
    f'FROM "{GoldLabel._meta.db_table}" g '
    f'JOIN "{Sentence._meta.db_table}" s ON s."id" = g."sentence_id" '
    'WHERE g."campaign_id" = %s AND g."sentence_id" BETWEEN %s AND %s AND s."article_id" {ids}'
)


def sentences_of(article_ids: list[int]) -> list[tuple[Any, ...]]:
    """(id, article_id, position, paragraph, kind, start, end) of the articles' sentences, in
    article and position order. Queries: 1."""
    in_ids, params = _member(article_ids)
    return _fetch(SENTENCES_SQL.format(ids=in_ids), params)


def labels_of(
    *, campaign_id: int, article_ids: list[int], statuses: list[str]
) -> list[tuple[Any, ...]]:
    """(sentence_id, reviewer_id, value, source, note, review status, suggested_value,
    suggested_score) of the labels of the campaign's reviews of these articles with one of
    ``statuses``, unordered. Queries: 1."""
    in_ids, id_params = _member(article_ids)
    in_statuses, status_params = _member(statuses)
    sql = LABELS_SQL.format(ids=in_ids, statuses=in_statuses)
    return _fetch(sql, [campaign_id, *id_params, *status_params])


def gold_of(
    *, campaign_id: int, article_ids: list[int], sentence_ids: list[int]
) -> list[tuple[Any, ...]]:
    """(sentence_id, value, method, decided_by_id, source) of the campaign's gold labels on the
    articles' sentences, ``sentence_ids`` (not empty), unordered; when their ids are dense,
    other sentences' gold within the range may come too (look rows up by sentence).
    Queries: 1."""
    first, last = min(sentence_ids), max(sentence_ids)
    if last - first < 2 * len(sentence_ids):
        return _fetch(GOLD_SQL, [campaign_id, first, last])
    in_ids, id_params = _member(article_ids)
    return _fetch(GOLD_SPARSE_SQL.format(ids=in_ids), [campaign_id, first, last, *id_params])


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """All rows of a query at once: one chunk's rows fit easily in memory, and a single
    fetch costs far less than the ORM's batches of 100 over 20,000 rows."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _member(values: list[Any]) -> tuple[str, list[Any]]:
    """``= ANY(array)`` on PostgreSQL (one parameter, not 500 placeholders to parse), else
    ``IN (%s, ...)``: SQL for "the column is one of these values", and its parameters."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [values]
    return f"IN ({', '.join(['%s'] * len(values))})", values
