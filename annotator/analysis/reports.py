"""Outlet and article reports: how each outlet sources its claims, with 95% intervals.

Every sentence counts once, with one label, its *reported label*:

1. its **gold label** where the campaign has one (unanimous, majority or adjudicated);
2. otherwise the **fallback**: the label a strict majority (more than half) of the campaign's
   submitted reviews gave it, when there are at least ``REPORT_MIN_REVIEWS`` (2) of them: one
   review is no majority. Submitted reviews label every sentence (untagged ones become no
   claim on submit), so the majority is over all of them;
3. otherwise (no gold, no strict majority: one review each way, or a single review) it is
   **unresolved**: counted and shown, but left out of the shares.

A sentence labelled in several campaigns counts once: gold before fallback, and among equals
the latest campaign's. Every row says how many of its sentences came from gold, how many from
the fallback and how many were unresolved.

A share is (sentences with that label) ÷ (resolved sentences), with a 95% Wilson score
interval. The four shares of a row add up to one.

This module holds what a report is: its filter, its rows and shares, and their order. The
selectors (``annotator.analysis.selectors``) fill them; each aggregate is one SQL statement
(``annotator.analysis.sql``) grouped by outlet, by outlet and month, or by article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

import numpy as np

from annotator.analysis import statistics
from annotator.ids import parse_id
from annotator.vocabulary import SPEC_BY_VALUE, VOCABULARY, LabelSpec
from articles.models import Article, Sentence

LABELS: tuple[str, ...] = tuple(spec.value.value for spec in VOCABULARY)
CONFIDENCE = 0.95
NO_OUTLET = "No outlet"
FALLBACK = "majority of submitted reviews"

type Source = Literal["gold", "fallback", "unresolved", "unlabelled"]


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
    low, high = statistics.wilson_interval(counts, total, confidence=CONFIDENCE)
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


def fill_months(months: list[ShareRow]) -> list[ShareRow]:
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


@dataclass(frozen=True, slots=True)
class SourceCount:
    source: str
    sentences: int


# The article report --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceReport:
    sentence: Sentence
    value: str | None
    source: Source
    # How many submitted reviews gave each label, where they did not all agree.
    votes: list[tuple[LabelSpec, int]]
    # For a label from the fallback: how many submitted reviews gave it, of how many.
    majority: tuple[int, int] | None = None

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
