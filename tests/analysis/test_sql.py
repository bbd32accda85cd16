"""The reports' raw SQL (annotator/analysis/sql.py) gives the same rows as the ORM reading of the
report rules (annotator/analysis/reports.py's docstring), on random campaigns, reviews, labels,
gold and filters."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Min, Q
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from annotator.analysis import sql
from annotator.analysis.reports import LABELS, ReportFilter
from annotator.models import Campaign, GoldLabel, Label, Review
from annotator.vocabulary import LabelValue
from articles.models import Article, Outlet, Sentence
from tests.factories import CampaignFactory, OutletFactory, UserFactory, make_article

SOURCES = ["", "Dr. Marsh", "dr. marsh ", " The Ministry", "the ministry", "   ", "Reuters"]
SUBMITTED = Review.Status.SUBMITTED
SOURCED = LABELS.index(LabelValue.SOURCED)

# (sentence_id, article_id, code, is_gold, campaign_id)
type Unit = tuple[int, int, int | None, int, int]


def _random_data(seed: int) -> None:
    """Three outlets and outletless articles over five months (some undated), three campaigns,
    four reviewers, submitted and unsubmitted reviews labelling some of each article's
    sentences, and gold on some sentences of each campaign."""
    rng = random.Random(seed)
    outlets: list[Outlet | None] = [OutletFactory.create() for _ in range(3)] + [None]
    reviewers = [UserFactory.create() for _ in range(4)]
    campaigns = [CampaignFactory.create() for _ in range(3)]
    articles = []
    for n in range(14):
        published = None
        if rng.random() < 0.85:
            published = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(
                days=rng.randrange(150), hours=rng.randrange(24)
            )
        articles.append(
            make_article(
                sentences=rng.randint(2, 6),
                title=f"Story {n}",
                outlet=rng.choice(outlets),
                published=published,
                url=rng.choice([f"https://example.org/{n}", f"ftp://example.org/{n}", ""]),
            )
        )
    labels, gold = [], []
    for campaign in campaigns:
        for article in rng.sample(articles, 9):
            sentences = list(article.sentences.all())
            for reviewer in rng.sample(reviewers, rng.randint(1, 4)):
                status = SUBMITTED if rng.random() < 0.8 else Review.Status.IN_PROGRESS
                review = Review.objects.create(
                    campaign=campaign,
                    article=article,
                    reviewer=reviewer,
                    status=status,
                    submitted_at=timezone.now() if status == SUBMITTED else None,
                )
                labels += [
                    Label(
                        review=review,
                        sentence=sentence,
                        value=rng.choice(LABELS[:2]) if rng.random() < 0.6 else rng.choice(LABELS),
                        source=rng.choice(SOURCES),
                    )
                    for sentence in sentences
                    if rng.random() < 0.85
                ]
            gold += [
                GoldLabel(
                    campaign=campaign,
                    sentence=sentence,
                    value=rng.choice(LABELS),
                    method=GoldLabel.Method.MAJORITY,
                )
                for sentence in sentences
                if rng.random() < 0.3
            ]
    Label.objects.bulk_create(labels)
    GoldLabel.objects.bulk_create(gold)


def _random_filters(seed: int) -> list[ReportFilter]:
    rng = random.Random(seed)
    campaigns = [None, *Campaign.objects.values_list("pk", flat=True)]
    outlets = list(Outlet.objects.values_list("pk", flat=True))
    filters = [ReportFilter(), ReportFilter(campaign_id=campaigns[1])]
    for _ in range(6):
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(150))
        filters.append(
            ReportFilter(
                campaign_id=rng.choice(campaigns),
                outlet_ids=tuple(sorted(rng.sample(outlets, rng.randint(0, 2)))),
                published_from=start if rng.random() < 0.5 else None,
                published_to=start + timedelta(days=rng.randrange(90))
                if rng.random() < 0.5
                else None,
            )
        )
    return filters


# The ORM reading of the rules ----------------------------------------------------------------


def _articles(report_filter: ReportFilter, article_id: int | None = None) -> Any:
    articles = Article.objects.all()
    if article_id is not None:
        articles = articles.filter(pk=article_id)
    if report_filter.outlet_ids:
        articles = articles.filter(outlet_id__in=report_filter.outlet_ids)
    if report_filter.published_from:
        articles = articles.filter(published__date__gte=report_filter.published_from)
    if report_filter.published_to:
        articles = articles.filter(published__date__lte=report_filter.published_to)
    return articles


def _units(report_filter: ReportFilter, article_id: int | None = None) -> list[Unit]:
    """Every sentence's reported unit: per (campaign, sentence), gold, else the strict majority
    of at least REPORT_MIN_REVIEWS submitted reviews' labels (None without one); then, across
    campaigns, gold over the fallback, resolved over unresolved, the latest campaign over
    earlier ones."""
    articles = _articles(report_filter, article_id)
    golds = GoldLabel.objects.filter(sentence__article__in=articles)
    votes = Label.objects.filter(review__status=SUBMITTED, review__article__in=articles)
    if report_filter.campaign_id is not None:
        golds = golds.filter(campaign_id=report_filter.campaign_id)
        votes = votes.filter(review__campaign_id=report_filter.campaign_id)
    units: dict[tuple[int, int], Unit] = {}
    for campaign, sentence, article, value in golds.values_list(
        "campaign_id", "sentence_id", "sentence__article_id", "value"
    ):
        units[campaign, sentence] = (sentence, article, LABELS.index(value), 1, campaign)
    tallies: dict[tuple[int, int, int], Counter[str]] = defaultdict(Counter)
    for campaign, sentence, article, value in votes.values_list(
        "review__campaign_id", "sentence_id", "review__article_id", "value"
    ):
        tallies[campaign, sentence, article][value] += 1
    for (campaign, sentence, article), tally in tallies.items():
        if (campaign, sentence) in units:
            continue
        value, n = tally.most_common(1)[0]
        enough = tally.total() >= settings.REPORT_MIN_REVIEWS
        code = LABELS.index(value) if enough and 2 * n > tally.total() else None
        units[campaign, sentence] = (sentence, article, code, 0, campaign)
    best: dict[int, Unit] = {}
    for unit in units.values():
        _, _, code, is_gold, campaign = unit
        rank = (is_gold, code is not None, campaign)
        held = best.get(unit[0])
        if held is None or rank > (held[3], held[2] is not None, held[4]):
            best[unit[0]] = unit
    return list(best.values())


def _rollup(units: list[Unit]) -> tuple[int, ...]:
    """Articles with a resolved sentence, one count per label, from gold, fallback,
    unresolved."""
    counts = [sum(1 for u in units if u[2] == n) for n in range(len(LABELS))]
    resolved_articles = {u[1] for u in units if u[2] is not None}
    return (
        len(resolved_articles),
        *counts,
        sum(1 for u in units if u[2] is not None and u[3]),
        sum(1 for u in units if u[2] is not None and not u[3]),
        sum(1 for u in units if u[2] is None),
    )


def _grouped(units: list[Unit], key: Any) -> dict[Any, list[Unit]]:
    articles = Article.objects.select_related("outlet").in_bulk({u[1] for u in units})
    groups: dict[Any, list[Unit]] = defaultdict(list)
    for unit in units:
        groups[key(articles[unit[1]])].append(unit)
    return groups


def _month(article: Article) -> str | None:
    return timezone.localtime(article.published).strftime("%Y-%m") if article.published else None


def _sources(report_filter: ReportFilter, limit: int) -> list[tuple[Any, ...]]:
    sourced = [(u[0], u[4]) for u in _units(report_filter) if u[2] == SOURCED]
    if not sourced:
        return []
    cited = reduce(or_, (Q(sentence_id=s, review__campaign_id=c) for s, c in sourced))
    return list(
        Label.objects.filter(cited, review__status=SUBMITTED, value=LabelValue.SOURCED)
        .exclude(source="")
        .annotate(spelled=Lower(Trim("source")))
        .values("spelled")
        .annotate(one=Min(Trim("source")), cited=Count("sentence_id", distinct=True))
        .order_by("-cited", "spelled")
        .values_list("spelled", "one", "cited")[:limit]
    )


# The comparisons -----------------------------------------------------------------------------


def _plain(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Numbers as ints (PostgreSQL's SUM gives Decimal), sorted with None first."""
    plain = [tuple(int(v) if isinstance(v, int | Decimal) else v for v in row) for row in rows]
    return sorted(plain, key=lambda r: tuple((v is not None, str(v)) for v in r))


@pytest.fixture(params=[1, 2, 3])
def seed(request: pytest.FixtureRequest, db: None) -> int:
    _random_data(request.param)
    return int(request.param)


def test_outlet_rows_are_the_orm_rows_per_outlet(seed):
    for report_filter in _random_filters(seed):
        groups = _grouped(
            _units(report_filter), lambda a: (a.outlet_id, a.outlet and a.outlet.name)
        )
        expected = [(*key, *_rollup(units)) for key, units in groups.items()]
        assert _plain(sql.outlet_rows(report_filter)) == _plain(expected), report_filter


def test_month_rows_are_the_orm_rows_per_month_of_publication(seed):
    for report_filter in _random_filters(seed):
        groups = _grouped(_units(report_filter), _month)
        expected = [(month, *_rollup(units)) for month, units in groups.items()]
        rows = [
            (None if m is None else m.strftime("%Y-%m") if hasattr(m, "strftime") else m[:7], *n)
            for m, *n in sql.month_rows(report_filter)
        ]
        assert _plain(rows) == _plain(expected), report_filter


def test_article_rows_are_the_orm_rows_most_unsourced_first(seed):
    unsourced = LABELS.index(LabelValue.UNSOURCED)
    for report_filter in _random_filters(seed):
        groups = _grouped(_units(report_filter), lambda a: (a.pk, a.title, a.url))
        expected = []
        for key, units in groups.items():
            numbers = _rollup(units)
            resolved = sum(numbers[1 : 1 + len(LABELS)])
            if resolved:
                share = numbers[1 + unsourced] / resolved
                expected.append(((-share, -resolved, key[0]), (*key, *numbers)))
        expected.sort()
        rows = [tuple(int(v) if k >= 3 else v for k, v in enumerate(r))
                for r in sql.article_rows(report_filter, limit=5)]  # fmt: skip
        assert rows == [row for _, row in expected[:5]], report_filter


def test_source_rows_are_the_orm_rows_most_cited_first(seed):
    for report_filter in _random_filters(seed):
        rows = [(s, one, int(n)) for s, one, n in sql.source_rows(report_filter, limit=4)]
        assert rows == _sources(report_filter, 4), report_filter


def test_sentence_rows_are_the_orm_units_of_the_article(seed):
    campaigns = [None, *Campaign.objects.values_list("pk", flat=True)]
    for article_id in Article.objects.values_list("pk", flat=True):
        for campaign in campaigns:
            report_filter = ReportFilter(campaign_id=campaign)
            expected = [(u[0], u[2], u[3], u[4]) for u in _units(report_filter, article_id)]
            rows = sql.sentence_rows(report_filter, article_id=article_id)
            assert _plain(rows) == _plain(expected), (article_id, campaign)


def test_the_random_data_exercises_every_rule(seed):
    """Gold, a fallback and an unresolved sentence; a sentence in several campaigns; sources."""
    units = _units(ReportFilter())
    assert {(u[2] is not None, u[3]) for u in units} == {(True, 1), (True, 0), (False, 0)}
    shared = Label.objects.values("sentence_id").annotate(n=Count("review__campaign", True))
    assert shared.filter(n__gt=1).exists()
    assert _sources(ReportFilter(), 10)
    assert Sentence.objects.exists() and User.objects.count() == 4
