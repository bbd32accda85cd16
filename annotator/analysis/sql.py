"""The reports' raw SQL: every report aggregate is one portable statement (SQLite and
PostgreSQL), composed from named pieces.

Each statement starts with the same chain of common table expressions, ``WITH votes, units,
resolved, per_article``, and ends in a SELECT over ``per_article`` (or ``resolved``):

- ``votes``: per (campaign, sentence) without gold there, how many submitted reviews gave each
  label;
- ``units``: per (campaign, sentence), its gold label, or else the label a strict majority of
  those reviews gave, when there are at least ``REPORT_MIN_REVIEWS`` of them (NULL when
  none has one);
- ``resolved``: per sentence, the one unit the report counts: gold first, then a resolved
  fallback, then the latest campaign's;
- ``per_article``: per article, one count per label, and how many came from gold, from the
  fallback, or are unresolved.

The rules are in the docstring of ``annotator.analysis.reports``. tests/analysis/test_sql.py
proves that every statement here gives the same rows as an ORM reading of those rules, on
random data.

Templates hold no values: each ``{slot}`` is filled by ``compose`` with fixed text (a table
name, a list of columns) or a ``Statement`` carrying its own parameters.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from annotator.analysis.reports import LABELS, ReportFilter
from annotator.models import GoldLabel, Label, Review
from annotator.vocabulary import LabelValue
from articles.models import Article, Outlet, Sentence

type Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    """SQL text and its parameters, in the order of their placeholders."""

    sql: str
    params: tuple[Any, ...] = ()


def compose(template: str, **slots: Statement | str) -> Statement:
    """The template with each ``{name}`` filled from ``slots`` (text as it is, a statement's
    SQL with its parameters), the parameters in the order of the slots. A literal ``%`` in a
    template is written ``%%``, as the database driver wants it."""
    text: list[str] = []
    params: list[Any] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        text.append(literal)
        if name is None:
            continue
        slot = slots[name]
        if isinstance(slot, Statement):
            text.append(slot.sql)
            params += slot.params
        else:
            text.append(slot)
    return Statement("".join(text), tuple(params))


def value(param: Any) -> Statement:
    """One parameter."""
    return Statement("%s", (param,))


def join(separator: str, statements: Iterable[Statement]) -> Statement:
    parts = list(statements)
    return Statement(
        separator.join(part.sql for part in parts),
        tuple(param for part in parts for param in part.params),
    )


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _moment(day: date) -> Any:
    """Midnight at the start of ``day`` in the current time zone, as the database wants it."""
    moment = timezone.make_aware(datetime.combine(day, time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def _each_label(template: str, separator: str = ", ") -> str:
    """``template`` once per label, ``{n}`` its index in LABELS: ``v_0, v_1, …``."""
    return separator.join(template.format(n=n) for n in range(len(LABELS)))


# The filter: which campaign and which articles ------------------------------------------------

CHOSEN_ARTICLES = "{column} IN (SELECT fa.id FROM {article} fa WHERE {conditions})"


def _in_scope(
    report_filter: ReportFilter, article_id: int | None, *, campaign: str, article: str
) -> Statement:
    """`` AND …`` conditions putting the ``campaign`` and ``article`` columns in the filter's
    scope: its campaign, and the articles its outlets and dates (or ``article_id``) choose.
    Nothing when the filter takes everything."""
    chosen: list[Statement] = []
    if article_id is not None:
        chosen.append(compose("fa.id = {id}", id=value(article_id)))
    if report_filter.outlet_ids:
        outlets = join(", ", (value(pk) for pk in report_filter.outlet_ids))
        chosen.append(compose("fa.outlet_id IN ({outlets})", outlets=outlets))
    if report_filter.published_from:
        start = _moment(report_filter.published_from)
        chosen.append(compose("fa.published >= {start}", start=value(start)))
    if report_filter.published_to:
        end = _moment(report_filter.published_to + timedelta(days=1))
        chosen.append(compose("fa.published < {end}", end=value(end)))
    conditions: list[Statement] = []
    if report_filter.campaign_id is not None:
        conditions.append(compose(campaign + " = {id}", id=value(report_filter.campaign_id)))
    if chosen:
        conditions.append(
            compose(
                CHOSEN_ARTICLES,
                column=article,
                article=_table(Article),
                conditions=join(" AND ", chosen),
            )
        )
    return join("", (compose(" AND {condition}", condition=c) for c in conditions))


# The common table expressions ----------------------------------------------------------------

VOTES = """
    SELECT r.campaign_id AS campaign_id, l.sentence_id AS sentence_id,
           r.article_id AS article_id, COUNT(*) AS total, {tallies}
    FROM {label} l JOIN {review} r ON r.id = l.review_id
    WHERE r.status = {submitted}{in_scope}
      AND NOT EXISTS (
          SELECT 1 FROM {gold} x
          WHERE x.campaign_id = r.campaign_id AND x.sentence_id = l.sentence_id)
    GROUP BY r.campaign_id, l.sentence_id, r.article_id"""

UNITS = """
    SELECT g.campaign_id AS campaign_id, g.sentence_id AS sentence_id,
           gs.article_id AS article_id, {gold_code} AS code, 1 AS is_gold
    FROM {gold} g JOIN {sentence} gs ON gs.id = g.sentence_id
    WHERE 1 = 1{in_scope}
    UNION ALL
    SELECT campaign_id, sentence_id, article_id, {majority_code} AS code, 0 AS is_gold
    FROM votes"""

# In one campaign a sentence has at most one unit: nothing to choose between.
RESOLVED_IN_ONE_CAMPAIGN = "SELECT sentence_id, article_id, code, is_gold, campaign_id FROM units"

# Across campaigns, a sentence's best unit is packed into one integer so that a plain GROUP BY
# (no window, no sort) picks it: rank (gold 2, else 0; plus 1 when resolved) × PICK, then the
# latest campaign (× 10), then the label's code (9 for unresolved).
PICK = 10**12
RESOLVED_ACROSS_CAMPAIGNS = """
    SELECT sentence_id, article_id,
           CASE WHEN best %% 10 = 9 THEN NULL ELSE best %% 10 END AS code,
           CASE WHEN best >= {gold_rank} THEN 1 ELSE 0 END AS is_gold,
           (best %% {pick}) / 10 AS campaign_id
    FROM (
        SELECT sentence_id, MAX(article_id) AS article_id,
               MAX((is_gold * 2 + CASE WHEN code IS NULL THEN 0 ELSE 1 END) * {pick}
                   + campaign_id * 10 + COALESCE(code, 9)) AS best
        FROM units GROUP BY sentence_id
    ) picked"""

PER_ARTICLE = """
    SELECT article_id, {per_label},
           SUM(CASE WHEN code IS NOT NULL AND is_gold = 1 THEN 1 ELSE 0 END) AS from_gold,
           SUM(CASE WHEN code IS NOT NULL AND is_gold = 0 THEN 1 ELSE 0 END) AS from_fallback,
           SUM(CASE WHEN code IS NULL THEN 1 ELSE 0 END) AS unresolved
    FROM resolved GROUP BY article_id"""

CHAIN = """WITH votes AS ({votes}),
units AS ({units}),
resolved AS ({resolved}),
per_article AS ({per_article})
"""


def _chain(report_filter: ReportFilter, *, article_id: int | None = None) -> Statement:
    """``WITH votes AS (…), units AS (…), resolved AS (…), per_article AS (…)`` for the
    filter (narrowed to one article when ``article_id`` is given)."""
    label_codes = Statement(_each_label("WHEN %s THEN {n}", " "), LABELS)
    votes = compose(
        VOTES,
        tallies=Statement(
            _each_label("SUM(CASE WHEN l.value = %s THEN 1 ELSE 0 END) AS v_{n}"), LABELS
        ),
        label=_table(Label),
        review=_table(Review),
        submitted=value(Review.Status.SUBMITTED.value),
        in_scope=_in_scope(
            report_filter, article_id, campaign="r.campaign_id", article="r.article_id"
        ),
        gold=_table(GoldLabel),
    )
    units = compose(
        UNITS,
        gold_code=compose("CASE g.value {whens} END", whens=label_codes),
        gold=_table(GoldLabel),
        sentence=_table(Sentence),
        in_scope=_in_scope(
            report_filter, article_id, campaign="g.campaign_id", article="gs.article_id"
        ),
        majority_code=compose(
            "CASE WHEN total >= {least} THEN CASE {whens} END END",
            least=value(settings.REPORT_MIN_REVIEWS),
            whens=_each_label("WHEN 2 * v_{n} > total THEN {n}", " "),
        ),
    )
    if report_filter.campaign_id is not None:
        resolved = Statement(RESOLVED_IN_ONE_CAMPAIGN)
    else:
        resolved = compose(RESOLVED_ACROSS_CAMPAIGNS, gold_rank=str(2 * PICK), pick=str(PICK))
    per_article = compose(
        PER_ARTICLE, per_label=_each_label("SUM(CASE WHEN code = {n} THEN 1 ELSE 0 END) AS n_{n}")
    )
    return compose(CHAIN, votes=votes, units=units, resolved=resolved, per_article=per_article)


# What a report row adds up, over ``per_article p`` (``selectors._row`` reads it back): the
# articles with a resolved sentence, one count per label, from gold, from the fallback,
# unresolved.
RESOLVED_COUNT = _each_label("p.n_{n}", " + ")
ROLLUP = (
    f"SUM(CASE WHEN {RESOLVED_COUNT} > 0 THEN 1 ELSE 0 END), {_each_label('SUM(p.n_{n})')}, "
    "SUM(p.from_gold), SUM(p.from_fallback), SUM(p.unresolved)"
)


def _fetch(statement: Statement) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, statement.params)
        return list(cursor.fetchall())


# The statements ------------------------------------------------------------------------------

BY_OUTLET = """{chain}
SELECT a.outlet_id, o.name, {rollup}
FROM per_article p
JOIN {article} a ON a.id = p.article_id
LEFT JOIN {outlet} o ON o.id = a.outlet_id
GROUP BY a.outlet_id, o.name"""


def outlet_rows(report_filter: ReportFilter) -> list[Row]:
    """Per outlet (articles without one together, as NULL): ``(outlet_id, name, *ROLLUP)``,
    in no particular order. Queries: 1."""
    return _fetch(
        compose(
            BY_OUTLET,
            chain=_chain(report_filter),
            rollup=ROLLUP,
            article=_table(Article),
            outlet=_table(Outlet),
        )
    )


# Grouped by position: the month expression may carry parameters of its own.
BY_MONTH = """{chain}
SELECT {month} AS month, {rollup}
FROM per_article p
JOIN {article} a ON a.id = p.article_id
GROUP BY 1"""


def month_rows(report_filter: ReportFilter) -> list[Row]:
    """Per calendar month of publication in the current time zone (NULL for undated
    articles): ``(month, *ROLLUP)``, in no particular order. ``month`` is the month's first
    moment (text on SQLite). Queries: 1."""
    # (sql, params) since Django 4.2; django-stubs still says str.
    trunc: Any = connection.ops.datetime_trunc_sql(
        "month", "a.published", [], timezone.get_current_timezone_name()
    )
    month_sql, month_params = trunc
    return _fetch(
        compose(
            BY_MONTH,
            chain=_chain(report_filter),
            month=Statement(month_sql, tuple(month_params)),
            rollup=ROLLUP,
            article=_table(Article),
        )
    )


BY_ARTICLE = """{chain}
SELECT a.id, a.title, a.url, {rollup}
FROM per_article p
JOIN {article} a ON a.id = p.article_id
WHERE {resolved} > 0
GROUP BY a.id, a.title, a.url
ORDER BY SUM(p.n_{unsourced}) * 1.0 / SUM({resolved}) DESC, SUM({resolved}) DESC, a.id
LIMIT {limit}"""


def article_rows(report_filter: ReportFilter, *, limit: int) -> list[Row]:
    """Per article with a resolved sentence: ``(article_id, title, url, *ROLLUP)``, the highest
    share of unsourced sentences first, then more resolved sentences, then by id; at most
    ``limit``. Queries: 1."""
    return _fetch(
        compose(
            BY_ARTICLE,
            chain=_chain(report_filter),
            rollup=ROLLUP,
            article=_table(Article),
            resolved=RESOLVED_COUNT,
            unsourced=str(LABELS.index(LabelValue.UNSOURCED.value)),
            limit=value(limit),
        )
    )


BY_SOURCE = """{chain}
SELECT LOWER(TRIM(l.source)) AS spelled, MIN(TRIM(l.source)),
       COUNT(DISTINCT l.sentence_id) AS cited
FROM resolved rs
JOIN {label} l ON l.sentence_id = rs.sentence_id
JOIN {review} r ON r.id = l.review_id AND r.campaign_id = rs.campaign_id
WHERE rs.code = {sourced_code} AND r.status = {submitted} AND l.value = {sourced}
  AND l.source <> ''
GROUP BY LOWER(TRIM(l.source))
ORDER BY cited DESC, spelled
LIMIT {limit}"""


def source_rows(report_filter: ReportFilter, *, limit: int) -> list[Row]:
    """The sources noted on sentences the report counts as sourced, by the submitted reviews
    of the campaign whose label it counts: ``(lower-cased trimmed spelling, one trimmed
    spelling, sentences citing it)``, most cited first, then by spelling; at most ``limit``.
    Queries: 1."""
    return _fetch(
        compose(
            BY_SOURCE,
            chain=_chain(report_filter),
            label=_table(Label),
            review=_table(Review),
            sourced_code=value(LABELS.index(LabelValue.SOURCED)),
            submitted=value(Review.Status.SUBMITTED.value),
            sourced=value(LabelValue.SOURCED.value),
            limit=value(limit),
        )
    )


BY_SENTENCE = """{chain}
SELECT sentence_id, code, is_gold, campaign_id FROM resolved"""


def sentence_rows(report_filter: ReportFilter, *, article_id: int) -> list[Row]:
    """Per labelled sentence of the article, in the filter's campaign (or any):
    ``(sentence_id, code, is_gold, campaign_id)``, ``code`` indexing LABELS (NULL when
    unresolved), ``is_gold`` 1 or 0. The caller clears the filter's outlets and dates.
    Queries: 1."""
    return _fetch(compose(BY_SENTENCE, chain=_chain(report_filter, article_id=article_id)))
