"""The report charts: intervals that never overlap, text that never runs off the chart, no
trend without dates, and the fallback's votes on the article page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotator.analysis import charts
from annotator.analysis.reports import ShareRow, Trend
from annotator.models import Label, Review
from tests.factories import PASSWORD, CampaignFactory, OutletFactory, UserFactory, make_article

LONG = "A very long article title that would never fit beside its row in the chart"


def _row(name: str, **counts: int) -> ShareRow:
    return ShareRow(key=name, name=name, counts=counts)


def _panels(rows: list[ShareRow]) -> str:
    return str(charts.share_panels(chart_id="c", title="Shares", rows=rows))


def test_each_label_has_its_own_panel_so_intervals_never_overlap():
    svg = _panels([_row("Planet", sourced=3, unsourced=5, opinion=1, no_claim=1)])
    line = r'<path d="M([\d.]+),[\d.]+ H([\d.]+)" class="line-(\w+)"/>'
    spans = {value: (float(x1), float(x2)) for x1, x2, value in re.findall(line, svg)}
    assert set(spans) == {"sourced", "unsourced", "opinion", "no_claim"}
    ordered = sorted(spans.values())
    assert all(left[1] < right[0] for left, right in pairwise(ordered))
    assert "(95% interval" in svg and "<title>Planet: Sourced 30.0%" in svg


def test_a_long_row_name_is_shortened_with_the_whole_name_in_its_title():
    svg = _panels([_row(LONG, sourced=1)])
    label = re.search(r'class="row-label"><title>([^<]+)</title>([^<]+)</text>', svg)
    assert label is not None
    assert label.group(1) == LONG and len(label.group(2)) <= charts.NAME_CHARS
    assert label.group(2).endswith("…")


def test_the_trend_chart_is_not_drawn_without_dated_articles(db):
    admin = UserFactory.create(username="ines", is_staff=True)
    campaign = CampaignFactory.create(reviews_per_article=2)
    outlet = OutletFactory.create(name="Undated Times")
    article = make_article(sentences=3, title="No date", outlet=outlet, published=None)
    campaign.articles.add(article)
    for name in ("rita", "otto"):
        _submitted(campaign, article, UserFactory.create(username=name), ["opinion"] * 3)
    client = Client()
    assert client.login(username=admin.username, password=PASSWORD)
    page = client.get(reverse("report-outlet", args=[outlet.pk])).text
    assert "No trend to draw: none of these articles has a publication date" in page
    assert 'id="trend-chart-title"' not in page
    article.published = datetime(2026, 3, 1, tzinfo=UTC)
    article.save()
    page = client.get(reverse("report-outlet", args=[outlet.pk])).text
    assert 'id="trend-chart-title"' in page and "No trend to draw" not in page
    assert str(charts.trend_lines(chart_id="t", title="T", trend=Trend(months=[], undated=3)))


def _submitted(campaign, article, reviewer, values: list[str]) -> None:
    review = Review.objects.create(
        campaign=campaign, article=article, reviewer=reviewer,
        status=Review.Status.SUBMITTED, submitted_at=timezone.now(),
    )  # fmt: skip
    Label.objects.bulk_create(
        Label(review=review, sentence=sentence, value=value)
        for sentence, value in zip(article.sentences.order_by("position"), values, strict=False)
    )


@pytest.mark.django_db
def test_the_article_page_shows_the_votes_behind_each_fallback_label():
    admin = UserFactory.create(username="ines", is_staff=True)
    campaign = CampaignFactory.create(reviews_per_article=3)
    article = make_article(sentences=2, title="Votes")
    campaign.articles.add(article)
    for name, values in (("a", ["opinion", "sourced"]), ("b", ["opinion", "opinion"]),
                         ("c", ["sourced", "opinion"])):  # fmt: skip
        _submitted(campaign, article, UserFactory.create(username=name), values)
    client = Client()
    assert client.login(username=admin.username, password=PASSWORD)
    page = client.get(reverse("report-article", args=[article.pk]), {"campaign": campaign.pk})
    text = page.text
    assert 'title="Opinion: 2 of 3 submitted reviews"' in text
    assert "majority of submitted reviews: 2 of 3" in text
    assert "when there are at least 2 of them" in text
