"""The reports' reads: who may read which reports, and each report's rows (their SQL is
``annotator.analysis.sql``; what the rows mean is ``annotator.analysis.reports``); and a
campaign's agreement figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, QuerySet

from annotator.analysis import agreement_sql, sql
from annotator.analysis.agreement import AgreementReport, agreement_report
from annotator.analysis.ratings import CATEGORIES, Groups, Key, Ratings
from annotator.analysis.reports import (
    LABELS,
    NO_OUTLET,
    ArticleReport,
    ReportFilter,
    SentenceReport,
    ShareRow,
    Source,
    SourceCount,
    Trend,
    fill_months,
    sort_rows,
)
from annotator.models import Campaign, Label, Review
from annotator.permissions import is_admin
from annotator.vocabulary import SPEC_BY_VALUE
from articles.models import Article, Outlet, Sentence

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


def report_outlets(*, campaign_id: int | None, admin: bool) -> QuerySet[Outlet]:
    """The outlets reports may name: every outlet for admins; for a reviewer, those with an
    article in the campaign (theirs: the views check it). Unevaluated."""
    outlets = Outlet.objects.all()
    if not admin:
        outlets = outlets.filter(articles__campaigns=campaign_id).distinct()
    return outlets


def report_articles(*, campaign_id: int | None) -> QuerySet[Article]:
    """The articles an article report may show, with their outlet: those in the campaign when
    the report has one. Unevaluated."""
    articles = Article.objects.select_related("outlet")
    if campaign_id is not None:
        articles = articles.filter(campaigns=campaign_id)
    return articles


# The reports -----------------------------------------------------------------------------------


def _row(key: Any, name: str, numbers: Sequence[Any], **extra: Any) -> ShareRow:
    """A ShareRow from the columns ``sql.ROLLUP`` selects."""
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
    rows = [
        _row(outlet_id, name or NO_OUTLET, numbers)
        for outlet_id, name, *numbers in sql.outlet_rows(report_filter)
    ]
    return sort_rows(rows, report_filter)


def outlet_trend(report_filter: ReportFilter, *, outlet_id: int) -> Trend:
    """The outlet's shares per calendar month (in the site's time zone) of the articles'
    publication. Queries: 1."""
    scoped = replace(report_filter, outlet_ids=(outlet_id,))
    months: list[ShareRow] = []
    undated = 0
    for month, *numbers in sql.month_rows(scoped):
        row = _row(None, "", numbers)
        if month is None:
            undated = row.labelled
            continue
        label = month.strftime("%Y-%m") if hasattr(month, "strftime") else str(month)[:7]
        months.append(replace(row, key=label, name=label))
    months.sort(key=lambda row: str(row.key))
    return Trend(months=fill_months(months), undated=undated)


def article_shares(
    report_filter: ReportFilter, *, outlet_id: int, limit: int = 10
) -> list[ShareRow]:
    """The outlet's articles with the highest share of unsourced sentences (more resolved
    sentences first on a tie), at most ``limit``. Queries: 1."""
    scoped = replace(report_filter, outlet_ids=(outlet_id,))
    rows = []
    for article_id, title, url, *numbers in sql.article_rows(scoped, limit=limit):
        link = url if str(url).lower().startswith(("http://", "https://")) else ""
        rows.append(_row(article_id, title, numbers, link=link))
    return rows


def outlet_sources(
    report_filter: ReportFilter, *, outlet_id: int, limit: int = 10
) -> list[SourceCount]:
    """The sources reviewers noted most often on the outlet's sourced claims — sentences the
    report itself counts as sourced — and how many sentences cite each (spellings differing
    only in case or outer spaces are one source). Sources come from the submitted reviews of
    the campaign whose label the report took for the sentence. Queries: 1."""
    scoped = replace(report_filter, outlet_ids=(outlet_id,))
    return [
        SourceCount(source=spelling, sentences=n)
        for _, spelling, n in sql.source_rows(scoped, limit=limit)
    ]


def article_report(report_filter: ReportFilter, *, article: Article) -> ArticleReport:
    """The article's sentences in paragraphs, each with its reported label (and where it came
    from) and, where the submitted reviews disagreed, how many gave each label; and the
    article's shares. The date and outlet filters do not apply: the article is chosen.
    Queries: 3 (reported labels, votes, sentences), whatever the article's length."""
    scoped = replace(report_filter, outlet_ids=(), published_from=None, published_to=None)
    rows = sql.sentence_rows(scoped, article_id=article.pk)
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
        majority = None
        if source == "fallback" and label:
            majority = (tally.get(label, 0), sum(tally.values()))
        if sentence.paragraph != current:
            paragraphs.append([])
            current = sentence.paragraph
        paragraphs[-1].append(
            SentenceReport(
                sentence=sentence,
                value=label,
                source=source,
                votes=spread if len(spread) > 1 else [],
                majority=majority,
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


# Agreement -------------------------------------------------------------------------------------


def campaign_agreement(*, campaign: Campaign) -> AgreementReport:
    """Agreement over the labels of the campaign's submitted reviews, every reviewer included.

    Reviews in progress don't count: a reviewer may still change them. Queries: 3 (the labels
    as integers and their reviews, ``agreement_sql.label_codes``; the reviewers' and outlets'
    names), whatever the number of labels.
    """
    table = agreement_sql.label_codes(campaign_id=campaign.pk, categories=CATEGORIES)
    usernames, outlet_names = agreement_sql.names(campaign_id=campaign.pk)
    reviewer_names: dict[Key, str] = dict(usernames.items())
    ratings = Ratings.from_codes(table[:, 0], table[:, 1], table[:, 2], categories=CATEGORIES)
    # Every label of a sentence names the same outlet, its article's.
    outlet_of_unit = np.zeros(len(ratings.unit_ids), dtype=np.int64)
    outlet_of_unit[ratings.unit] = table[:, 3]
    outlet_ids, codes = np.unique(outlet_of_unit, return_inverse=True)
    keys = tuple(None if key == agreement_sql.NO_OUTLET else key for key in outlet_ids.tolist())
    return agreement_report(
        ratings,
        outlet_of=Groups(codes.astype(np.int64).reshape(-1), keys),
        outlet_names={key: outlet_names.get(key, "") for key in keys if key is not None},
        reviewer_names=reviewer_names,
    )
