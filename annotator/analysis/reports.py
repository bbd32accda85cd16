"""Outlet and article reports: how each outlet sources its claims, with 95% intervals.

Every sentence counts once, with one label, its *reported label*:

1. its **gold label** where the campaign has one (unanimous, majority or adjudicated);
2. otherwise the **fallback**: the label a strict majority (more than half) of the campaign's
   submitted reviews gave it. Submitted reviews label every sentence (untagged ones become
   no claim on submit), so the majority is over all of them;
3. otherwise (no gold, no strict majority: e.g. one review each way) it is **unresolved**:
   counted and shown, but left out of the shares.

A sentence labelled in several campaigns counts once: gold before fallback, and among equals
the latest campaign's. Every row says how many of its sentences came from gold, how many from
the fallback and how many were unresolved.

A share is (sentences with that label) ÷ (resolved sentences), with a 95% Wilson score
interval. The four shares of a row add up to one.

Each aggregate is one SQL query (portable: SQLite and PostgreSQL), built in ``_resolved_sql``
and grouped by outlet, by outlet and month, or by article.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import timezone

from annotator.ids import parse_id
from annotator.models import Campaign, GoldLabel, Label, Review
from annotator.permissions import is_admin
from annotator.vocabulary import SPEC_BY_VALUE, VOCABULARY, LabelSpec, LabelValue
from articles.models import Article, Outlet, Sentence

LABELS: tuple[str, ...] = tuple(spec.value.value for spec in VOCABULARY)
CONFIDENCE = 0.95
NO_OUTLET = "No outlet"
FALLBACK = "majority of submitted reviews"

type Source = Literal["gold", "fallback", "unresolved", "unlabelled"]


# Who may read which reports ------------------------------------------------------------------


def campaigns_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Campaign]:
    """The campaigns whose reports this user may read: every campaign for admins; for a
    reviewer, the closed campaigns they review in that show reports to their reviewers."""
    if is_admin(user):
        return Campaign.objects.all()
    if not user.is_authenticated:
        return Campaign.objects.none()
    return Campaign.objects.filter(
        reviewers=user,  # type: ignore[misc]
        is_open=False,
        reports_visible_to_reviewers=True,
    )


def reports_visible(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user may read any report at all. Queries: 0 for admins, else 1."""
    return is_admin(user) or campaigns_visible_to(user).exists()


# What a report covers ------------------------------------------------------------------------

SORTS = ("name", "sentences", *LABELS)


@dataclass(frozen=True, slots=True)
class ReportFilter:
    """Which labelled sentences a report covers; every field is optional and they combine with
    AND. No campaign means every campaign (for admins only: views enforce it)."""

    campaign_id: int | None = None
    outlet_ids: tuple[int, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    sort: str = "unsourced"
    descending: bool = True
    # The outlet whose monthly trend the comparison page shows.
    trend_outlet_id: int | None = None

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> ReportFilter:
        """From query parameters (a QueryDict or a dict); anything malformed is ignored."""
        getlist = getattr(params, "getlist", None)
        raw_outlets = getlist("outlet") if getlist else params.get("outlet", [])
        if isinstance(raw_outlets, str):
            raw_outlets = [raw_outlets]
        outlets = tuple(
            sorted({pk for pk in (parse_id(value) for value in raw_outlets) if pk is not None})
        )
        sort = params.get("sort", "")
        start, end = _date(params.get("from")), _date(params.get("to"))
        if start and end and start > end:
            start, end = end, start
        return cls(
            campaign_id=parse_id(params.get("campaign")),
            outlet_ids=outlets,
            published_from=start,
            published_to=end,
            sort=sort if sort in SORTS else "unsourced",
            descending=params.get("order", "desc") != "asc",
            trend_outlet_id=parse_id(params.get("trend")),
        )

    def query(self, **changes: Any) -> list[tuple[str, str]]:
        """The filter as query parameters (with ``changes`` applied), for links and forms."""
        current = replace(self, **changes) if changes else self
        params: list[tuple[str, str]] = []
        if current.campaign_id:
            params.append(("campaign", str(current.campaign_id)))
        params += [("outlet", str(pk)) for pk in current.outlet_ids]
        if current.published_from:
            params.append(("from", current.published_from.isoformat()))
        if current.published_to:
            params.append(("to", current.published_to.isoformat()))
        if current.sort != "unsourced":
            params.append(("sort", current.sort))
        if not current.descending:
            params.append(("order", "asc"))
        if current.trend_outlet_id:
            params.append(("trend", str(current.trend_outlet_id)))
        return params


def _date(raw: Any) -> date | None:
    try:
        day = date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None
    # The last day there is bounds nothing (and its next day, the query's bound, overflows).
    return None if day == date.max else day


# Shares and their intervals ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    """One label's share of a row's resolved sentences, with its 95% Wilson interval
    (``low`` and ``high`` are None when there is nothing to share)."""

    spec: LabelSpec
    count: int
    total: int
    low: float | None
    high: float | None

    @property
    def value(self) -> float | None:
        return self.count / self.total if self.total else None


def wilson_intervals(counts: Sequence[int], total: int) -> list[tuple[float, float] | None]:
    """The 95% Wilson score interval of each count out of ``total`` (None when total is 0)."""
    if total <= 0:
        return [None for _ in counts]
    # Imported here: statsmodels (with scipy) takes a second to import, which every process
    # that loads the URLs (each management command's checks) would otherwise pay.
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(
        np.asarray(counts, dtype=float), total, alpha=1 - CONFIDENCE, method="wilson"
    )
    return [
        (max(0.0, float(lo)), min(1.0, float(hi)))
        for lo, hi in zip(np.atleast_1d(low), np.atleast_1d(high), strict=True)
    ]


@dataclass(frozen=True, slots=True)
class ShareRow:
    """The reported labels of a group of sentences (an outlet, a month, an article)."""

    key: int | str | None
    name: str
    counts: dict[str, int]
    articles: int = 0
    from_gold: int = 0
    from_fallback: int = 0
    unresolved: int = 0
    # Set for article rows: the article's outlet and original link.
    outlet: str = ""
    link: str = ""
    shares: tuple[Share, ...] = field(init=False)

    def __post_init__(self) -> None:
        total = self.sentences
        counts = [self.counts.get(value, 0) for value in LABELS]
        intervals = wilson_intervals(counts, total)
        shares = tuple(
            Share(
                spec=SPEC_BY_VALUE[value],
                count=count,
                total=total,
                low=interval[0] if interval else None,
                high=interval[1] if interval else None,
            )
            for value, count, interval in zip(LABELS, counts, intervals, strict=True)
        )
        object.__setattr__(self, "shares", shares)

    @property
    def sentences(self) -> int:
        """Resolved sentences: the denominator of every share."""
        return sum(self.counts.values())

    @property
    def labelled(self) -> int:
        return self.sentences + self.unresolved

    def share(self, value: str) -> Share:
        return self.shares[LABELS.index(value)]

    def sort_key(self, sort: str) -> tuple[Any, ...]:
        if sort == "name":
            return (self.name.casefold(),)
        if sort == "sentences":
            return (self.sentences, self.name.casefold())
        share = self.share(sort).value
        return (-1.0 if share is None else share, self.sentences)


# The one query -------------------------------------------------------------------------------


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _moment(day: date) -> Any:
    """Midnight at the start of ``day`` in the current time zone, as the database wants it."""
    moment = timezone.make_aware(datetime.combine(day, time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def _article_conditions(
    report_filter: ReportFilter, *, article_id: int | None, alias: str
) -> tuple[list[str], list[Any]]:
    """Conditions on the article table (``alias``) for the filter's outlets and dates."""
    conditions: list[str] = []
    params: list[Any] = []
    if article_id is not None:
        conditions.append(f"{alias}.id = %s")
        params.append(article_id)
    if report_filter.outlet_ids:
        sql, values = _in(f"{alias}.outlet_id", report_filter.outlet_ids)
        conditions.append(sql)
        params += values
    if report_filter.published_from:
        conditions.append(f"{alias}.published >= %s")
        params.append(_moment(report_filter.published_from))
    if report_filter.published_to:
        conditions.append(f"{alias}.published < %s")
        params.append(_moment(report_filter.published_to + timedelta(days=1)))
    return conditions, params


def _code(column: str) -> tuple[str, list[Any]]:
    """SQL mapping a label column to its index in LABELS (the cheaper thing to aggregate)."""
    whens = " ".join(f"WHEN %s THEN {n}" for n in range(len(LABELS)))
    return f"CASE {column} {whens} END", list(LABELS)


# A sentence's best unit across campaigns: gold first, then a resolved fallback, then the
# latest campaign. Packed into one integer so that a plain GROUP BY (no sort) picks it.
_PICK = 10**12


def _resolved_sql(
    report_filter: ReportFilter, *, article_id: int | None = None
) -> tuple[str, list[Any]]:
    """SQL (with its parameters) of a CTE chain ending in two tables:

    - ``resolved``: one row per labelled sentence in the filter, ``(sentence_id, article_id,
      code, is_gold, campaign_id)``: ``code`` indexes LABELS and is NULL when unresolved;
      ``is_gold`` is 1 for gold, 0 for the fallback; ``campaign_id`` is the campaign whose
      unit was picked;
    - ``per_article``: per article, ``n_0`` … ``n_3`` (one per label), ``from_gold``,
      ``from_fallback``, ``unresolved``.

    The fallback needs no window or sort: each (campaign, sentence) group of submitted labels
    counts every label at once, and a label with more than half of the group's labels wins.
    """
    label, review, gold = _table(Label), _table(Review), _table(GoldLabel)
    sentence, article = _table(Sentence), _table(Article)
    one_campaign = report_filter.campaign_id is not None
    campaign_params = [report_filter.campaign_id] if one_campaign else []
    conditions, article_params = _article_conditions(
        report_filter, article_id=article_id, alias="fa"
    )
    articles = ""
    if conditions:
        where = " AND ".join(conditions)
        articles = f" IN (SELECT fa.id FROM {article} fa WHERE {where})"  # noqa: S608
    tallies = ", ".join(
        f"SUM(CASE WHEN l.value = %s THEN 1 ELSE 0 END) AS v_{n}" for n in range(len(LABELS))
    )
    majority = " ".join(f"WHEN 2 * v_{n} > total THEN {n}" for n in range(len(LABELS)))
    gold_code, gold_code_params = _code("g.value")
    if one_campaign:
        # A sentence has at most one unit in one campaign: nothing to choose between.
        resolved = "SELECT sentence_id, article_id, code, is_gold, campaign_id FROM units"
    else:
        resolved = f"""
        SELECT sentence_id, article_id,
               CASE WHEN best %% 10 = 9 THEN NULL ELSE best %% 10 END AS code,
               CASE WHEN best >= {2 * _PICK} THEN 1 ELSE 0 END AS is_gold,
               (best %% {_PICK}) / 10 AS campaign_id
        FROM (
            SELECT sentence_id, MAX(article_id) AS article_id,
                   MAX((is_gold * 2 + CASE WHEN code IS NULL THEN 0 ELSE 1 END) * {_PICK}
                       + campaign_id * 10 + COALESCE(code, 9)) AS best
            FROM units GROUP BY sentence_id
        ) picked"""  # noqa: S608 -- units is our CTE; no values
    per_label = ", ".join(
        f"SUM(CASE WHEN code = {n} THEN 1 ELSE 0 END) AS n_{n}" for n in range(len(LABELS))
    )
    sql = f"""
    WITH votes AS (
        SELECT r.campaign_id AS campaign_id, l.sentence_id AS sentence_id,
               r.article_id AS article_id, COUNT(*) AS total, {tallies}
        FROM {label} l JOIN {review} r ON r.id = l.review_id
        WHERE r.status = %s{" AND r.campaign_id = %s" if one_campaign else ""}{
        f" AND r.article_id{articles}" if articles else ""
    }
          AND NOT EXISTS (
              SELECT 1 FROM {gold} x
              WHERE x.campaign_id = r.campaign_id AND x.sentence_id = l.sentence_id)
        GROUP BY r.campaign_id, l.sentence_id, r.article_id
    ),
    units AS (
        SELECT g.campaign_id AS campaign_id, g.sentence_id AS sentence_id,
               gs.article_id AS article_id, {gold_code} AS code, 1 AS is_gold
        FROM {gold} g JOIN {sentence} gs ON gs.id = g.sentence_id
        WHERE 1 = 1{" AND g.campaign_id = %s" if one_campaign else ""}{
        f" AND gs.article_id{articles}" if articles else ""
    }
        UNION ALL
        SELECT campaign_id, sentence_id, article_id, CASE {majority} END AS code, 0 AS is_gold
        FROM votes
    ),
    resolved AS ({resolved}),
    per_article AS (
        SELECT article_id, {per_label},
               SUM(CASE WHEN code IS NOT NULL AND is_gold = 1 THEN 1 ELSE 0 END) AS from_gold,
               SUM(CASE WHEN code IS NOT NULL AND is_gold = 0 THEN 1 ELSE 0 END)
                   AS from_fallback,
               SUM(CASE WHEN code IS NULL THEN 1 ELSE 0 END) AS unresolved
        FROM resolved GROUP BY article_id
    )
    """  # noqa: S608 -- table names and fixed fragments; values are parameters
    params: list[Any] = [*LABELS, Review.Status.SUBMITTED.value, *campaign_params]
    params += article_params
    params += [*gold_code_params, *campaign_params, *article_params]
    return sql, params


def _rollup_sql() -> str:
    """Aggregate columns over ``per_article p``: articles with a resolved sentence, one count
    per label, from gold, from the fallback, unresolved."""
    resolved = " + ".join(f"p.n_{n}" for n in range(len(LABELS)))
    per_label = ", ".join(f"SUM(p.n_{n})" for n in range(len(LABELS)))
    return (
        f"SUM(CASE WHEN {resolved} > 0 THEN 1 ELSE 0 END), {per_label}, "
        "SUM(p.from_gold), SUM(p.from_fallback), SUM(p.unresolved)"
    )


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _row(key: Any, name: str, numbers: Sequence[Any], **extra: Any) -> ShareRow:
    """A ShareRow from the columns ``_rollup_sql`` selects."""
    articles, *rest = (int(n or 0) for n in numbers)
    counts = dict(zip(LABELS, rest[: len(LABELS)], strict=True))
    from_gold, from_fallback, unresolved = rest[len(LABELS) :]
    return ShareRow(
        key=key,
        name=name,
        counts=counts,
        articles=articles,
        from_gold=from_gold,
        from_fallback=from_fallback,
        unresolved=unresolved,
        **extra,
    )


def outlet_shares(report_filter: ReportFilter) -> list[ShareRow]:
    """One row per outlet with labelled sentences (articles without an outlet together, as
    "No outlet"), sorted as the filter asks. Queries: 1."""
    resolved, params = _resolved_sql(report_filter)
    sql = f"""{resolved}
    SELECT a.outlet_id, o.name, {_rollup_sql()}
    FROM per_article p
    JOIN {_table(Article)} a ON a.id = p.article_id
    LEFT JOIN {_table(Outlet)} o ON o.id = a.outlet_id
    GROUP BY a.outlet_id, o.name
    """  # noqa: S608 -- table names and fixed fragments; values are parameters
    rows = [
        _row(outlet_id, name or NO_OUTLET, numbers)
        for outlet_id, name, *numbers in _fetch(sql, params)
    ]
    return sort_rows(rows, report_filter)


def sort_rows(rows: list[ShareRow], report_filter: ReportFilter) -> list[ShareRow]:
    """Rows in the filter's order; ties keep alphabetical order."""
    by_name = sorted(rows, key=lambda row: row.name.casefold())
    if report_filter.sort == "name":
        return by_name[::-1] if report_filter.descending else by_name
    return sorted(
        by_name,
        key=lambda row: row.sort_key(report_filter.sort),
        reverse=report_filter.descending,
    )


@dataclass(frozen=True, slots=True)
class Trend:
    """An outlet's reported labels by month of publication, oldest first; sentences of
    articles without a publication date are counted apart (``undated``)."""

    months: list[ShareRow]
    undated: int


def outlet_trend(report_filter: ReportFilter, *, outlet_id: int) -> Trend:
    """The outlet's shares per calendar month (in the site's time zone) of the articles'
    publication. Queries: 1."""
    scoped = replace(report_filter, outlet_ids=(outlet_id,))
    resolved, params = _resolved_sql(scoped)
    # (sql, params) since Django 4.2; django-stubs still says str.
    trunc: Any = connection.ops.datetime_trunc_sql(
        "month", "a.published", [], timezone.get_current_timezone_name()
    )
    month_sql, month_params = trunc
    # Grouped by position: the month expression may carry parameters of its own.
    sql = f"""{resolved}
    SELECT {month_sql} AS month, {_rollup_sql()}
    FROM per_article p
    JOIN {_table(Article)} a ON a.id = p.article_id
    GROUP BY 1
    """  # noqa: S608 -- table names and fixed fragments; values are parameters
    months: list[ShareRow] = []
    undated = 0
    for month, *numbers in _fetch(sql, [*params, *month_params]):
        row = _row(None, "", numbers)
        if month is None:
            undated = row.labelled
            continue
        label = month.strftime("%Y-%m") if hasattr(month, "strftime") else str(month)[:7]
        months.append(replace(row, key=label, name=label))
    months.sort(key=lambda row: str(row.key))
    return Trend(months=_fill_months(months), undated=undated)


def _fill_months(months: list[ShareRow]) -> list[ShareRow]:
    """Every month from the first to the last, empty months included (a gap is data too)."""
    if not months:
        return []
    by_key = {row.key: row for row in months}
    year, month = (int(part) for part in str(months[0].key).split("-"))
    last = str(months[-1].key)
    filled = []
    while True:
        key = f"{year:04d}-{month:02d}"
        filled.append(by_key.get(key) or ShareRow(key=key, name=key, counts={}))
        if key >= last:
            return filled
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def article_shares(
    report_filter: ReportFilter, *, outlet_id: int, limit: int = 10
) -> list[ShareRow]:
    """The outlet's articles with the highest share of unsourced sentences (more resolved
    sentences first on a tie), at most ``limit``. Queries: 1."""
    scoped = replace(report_filter, outlet_ids=(outlet_id,))
    resolved, params = _resolved_sql(scoped)
    unsourced = LABELS.index(LabelValue.UNSOURCED.value)
    total = " + ".join(f"p.n_{n}" for n in range(len(LABELS)))
    sql = f"""{resolved}
    SELECT a.id, a.title, a.url, {_rollup_sql()}
    FROM per_article p
    JOIN {_table(Article)} a ON a.id = p.article_id
    WHERE {total} > 0
    GROUP BY a.id, a.title, a.url
    ORDER BY SUM(p.n_{unsourced}) * 1.0 / SUM({total}) DESC, SUM({total}) DESC, a.id
    LIMIT %s
    """  # noqa: S608 -- table names and fixed fragments; values are parameters
    rows = []
    for article_id, title, url, *numbers in _fetch(sql, [*params, limit]):
        link = url if str(url).lower().startswith(("http://", "https://")) else ""
        rows.append(_row(article_id, title, numbers, link=link))
    return rows


@dataclass(frozen=True, slots=True)
class SourceCount:
    source: str
    sentences: int


def outlet_sources(
    report_filter: ReportFilter, *, outlet_id: int, limit: int = 10
) -> list[SourceCount]:
    """The sources reviewers noted most often on the outlet's sourced claims — sentences the
    report itself counts as sourced — and how many sentences cite each (spellings differing
    only in case or outer spaces are one source). Sources come from the submitted reviews of
    the campaign whose label the report took for the sentence. Queries: 1."""
    scoped = replace(report_filter, outlet_ids=(outlet_id,))
    resolved, params = _resolved_sql(scoped)
    sql = f"""{resolved}
    SELECT LOWER(TRIM(l.source)) AS spelled, MIN(TRIM(l.source)),
           COUNT(DISTINCT l.sentence_id) AS cited
    FROM resolved rs
    JOIN {_table(Label)} l ON l.sentence_id = rs.sentence_id
    JOIN {_table(Review)} r ON r.id = l.review_id AND r.campaign_id = rs.campaign_id
    WHERE rs.code = %s AND r.status = %s AND l.value = %s AND l.source <> ''
    GROUP BY LOWER(TRIM(l.source))
    ORDER BY cited DESC, spelled
    LIMIT %s
    """  # noqa: S608 -- table names and fixed fragments; values are parameters
    params += [
        LABELS.index(LabelValue.SOURCED), Review.Status.SUBMITTED.value, LabelValue.SOURCED.value,
        limit,
    ]  # fmt: skip
    return [SourceCount(source=spelling, sentences=n) for _, spelling, n in _fetch(sql, params)]


# The article report --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceReport:
    sentence: Sentence
    value: str | None
    source: Source
    # How many submitted reviews gave each label, where they did not all agree.
    votes: list[tuple[LabelSpec, int]]

    @property
    def spec(self) -> LabelSpec | None:
        return SPEC_BY_VALUE[self.value] if self.value else None

    @property
    def disputed(self) -> bool:
        return len(self.votes) > 1


@dataclass(frozen=True, slots=True)
class ArticleReport:
    article: Article
    shares: ShareRow
    paragraphs: list[list[SentenceReport]]

    @property
    def disputed(self) -> list[SentenceReport]:
        return [row for paragraph in self.paragraphs for row in paragraph if row.disputed]


def article_report(report_filter: ReportFilter, *, article: Article) -> ArticleReport:
    """The article's sentences in paragraphs, each with its reported label (and where it came
    from) and, where the submitted reviews disagreed, how many gave each label; and the
    article's shares. The date and outlet filters do not apply: the article is chosen.
    Queries: 3 (reported labels, votes, sentences), whatever the article's length."""
    scoped = replace(report_filter, outlet_ids=(), published_from=None, published_to=None)
    resolved, params = _resolved_sql(scoped, article_id=article.pk)
    rows = _fetch(
        f"{resolved} SELECT sentence_id, code, is_gold, campaign_id FROM resolved",  # noqa: S608
        params,
    )
    reported: dict[int, tuple[str | None, Source]] = {}
    picked: set[tuple[int, int]] = set()  # (campaign, sentence) of each reported label
    for sentence_id, code, is_gold, campaign_id in rows:
        reported[sentence_id] = (
            None if code is None else LABELS[code],
            "gold" if is_gold else "fallback" if code is not None else "unresolved",
        )
        picked.add((int(campaign_id), sentence_id))
    # The votes of the campaign the reported label comes from: adding up several campaigns'
    # reviews would show disagreement no campaign's reviewers had.
    votes_by_sentence: dict[int, dict[str, int]] = defaultdict(dict)
    votes = Label.objects.filter(
        review__article_id=article.pk, review__status=Review.Status.SUBMITTED
    )
    if report_filter.campaign_id is not None:
        votes = votes.filter(review__campaign_id=report_filter.campaign_id)
    for campaign_id, sentence_id, value, n in (
        votes.values("review__campaign_id", "sentence_id", "value")
        .annotate(n=Count("pk"))
        .values_list("review__campaign_id", "sentence_id", "value", "n")
    ):
        if (campaign_id, sentence_id) in picked:
            votes_by_sentence[sentence_id][value] = n
    counts: dict[str, int] = defaultdict(int)
    sources: dict[str, int] = defaultdict(int)
    paragraphs: list[list[SentenceReport]] = []
    current = -1
    for sentence in Sentence.objects.filter(article_id=article.pk).order_by("position"):
        label, source = reported.get(sentence.pk, (None, "unlabelled"))
        sources[source] += 1
        if label:
            counts[label] += 1
        tally = votes_by_sentence.get(sentence.pk, {})
        spread = [(SPEC_BY_VALUE[v], tally[v]) for v in LABELS if tally.get(v)]
        if sentence.paragraph != current:
            paragraphs.append([])
            current = sentence.paragraph
        paragraphs[-1].append(
            SentenceReport(
                sentence=sentence,
                value=label,
                source=source,
                votes=spread if len(spread) > 1 else [],
            )
        )
    shares = ShareRow(
        key=article.pk,
        name=article.title,
        counts=dict(counts),
        articles=1 if counts else 0,
        from_gold=sources["gold"],
        from_fallback=sources["fallback"],
        unresolved=sources["unresolved"],
        link=article.link,
    )
    return ArticleReport(article=article, shares=shares, paragraphs=paragraphs)
