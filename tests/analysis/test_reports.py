"""Outlet and article reports: shares, Wilson intervals, the fallback, charts, permissions."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from functools import partial

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotator.analysis import reports, selectors
from annotator.analysis.reports import ReportFilter
from annotator.models import Campaign, GoldLabel, Label, Review
from articles.models import Article, Outlet
from tests.factories import PASSWORD, CampaignFactory, OutletFactory, UserFactory, make_article
from tests.queries import count_queries

SO, UN, OP, NC = "sourced", "unsourced", "opinion", "no_claim"


def _submitted(campaign: Campaign, article: Article, reviewer, values: list[str], **labels):
    """A submitted review labelling the article's sentences in order (``sources`` by index)."""
    review = Review.objects.create(
        campaign=campaign,
        article=article,
        reviewer=reviewer,
        status=Review.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    sources = labels.get("sources", {})
    Label.objects.bulk_create(
        Label(review=review, sentence=sentence, value=value, source=sources.get(i, ""))
        for i, (sentence, value) in enumerate(
            zip(article.sentences.order_by("position"), values, strict=True)
        )
    )
    return review


def _gold(campaign: Campaign, article: Article, values: list[str]) -> None:
    GoldLabel.objects.bulk_create(
        GoldLabel(campaign=campaign, sentence=sentence, value=value, method="adjudicated")
        for sentence, value in zip(article.sentences.order_by("position"), values, strict=True)
        if value
    )


@pytest.fixture
def people(db):
    return [UserFactory.create(username=name) for name in ("rita", "otto", "ines", "paul")]


@pytest.fixture
def study(people):
    """Campaign "Spring study", closed, three reviews per article:

    - Daily Planet, "Harbour plan" (10 sentences), gold on all of them: 3 sourced,
      2 unsourced, 1 opinion, 4 no claim (published March 2026);
    - Bugle, "Bridge closes" (4 sentences), no gold: three submitted reviews, a strict majority
      on three sentences (sourced, unsourced, no claim), none on the third; and a fourth
      review still in progress that must not count (published April 2026).
    """
    rita, otto, ines, paul = people
    campaign = CampaignFactory.create(name="Spring study", reviews_per_article=3, is_open=False)
    campaign.reviewers.add(rita, otto, ines, paul)
    planet = OutletFactory.create(name="Daily Planet", slug="daily-planet")
    bugle = OutletFactory.create(name="Bugle", slug="bugle")
    harbour = make_article(
        sentences=10,
        title="Harbour plan",
        outlet=planet,
        url="https://planet.example/harbour",
        published=datetime(2026, 3, 14, 12, tzinfo=UTC),
    )
    bridge = make_article(
        sentences=4,
        title="Bridge closes",
        outlet=bugle,
        published=datetime(2026, 4, 2, 8, tzinfo=UTC),
    )
    campaign.articles.add(harbour, bridge)
    harbour_gold = [SO, SO, SO, UN, UN, OP, NC, NC, NC, NC]
    for person in (rita, otto, ines):
        _submitted(
            campaign, harbour, person, harbour_gold, sources={0: "Dr. Marsh", 1: "dr. marsh "}
        )
    _gold(campaign, harbour, harbour_gold)
    _submitted(campaign, bridge, rita, [SO, UN, OP, NC])
    _submitted(campaign, bridge, otto, [SO, UN, SO, NC])
    _submitted(campaign, bridge, ines, [UN, UN, NC, OP])
    Review.objects.create(campaign=campaign, article=bridge, reviewer=paul)  # in progress
    Label.objects.bulk_create(
        Label(review=Review.objects.get(reviewer=paul), sentence=sentence, value=OP)
        for sentence in bridge.sentences.all()
    )
    return campaign, planet, bugle, harbour, bridge


def _by_name(rows: list[reports.ShareRow]) -> dict[str, reports.ShareRow]:
    return {row.name: row for row in rows}


# Intervals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "total", "low", "high"),
    [
        # By hand: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964.
        (3, 10, 0.1078, 0.6032),
        (1, 4, 0.0456, 0.6994),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (1, 3, 0.0615, 0.7923),
    ],
)
def test_wilson_interval_matches_the_hand_computed_figure(count, total, low, high):
    (interval,) = reports.wilson_intervals([count], total)
    assert interval == pytest.approx((low, high), abs=1e-4)


def test_no_sentences_means_no_share_and_no_interval():
    row = reports.ShareRow(key=1, name="Empty", counts={})
    assert row.sentences == 0
    assert all(share.value is None and share.low is None for share in row.shares)


# Shares --------------------------------------------------------------------------------------


def test_outlet_shares_come_from_gold_with_hand_computed_intervals(study):
    campaign, *_ = study
    rows = selectors.outlet_shares(ReportFilter(campaign_id=campaign.pk))
    planet = _by_name(rows)["Daily Planet"]
    assert (planet.articles, planet.sentences, planet.from_gold, planet.from_fallback) == (
        1,
        10,
        10,
        0,
    )
    figures = {s.spec.value.value: (s.count, s.value, s.low, s.high) for s in planet.shares}
    assert figures[SO] == pytest.approx((3, 0.3, 0.1078, 0.6032), abs=1e-4)
    assert figures[UN] == pytest.approx((2, 0.2, 0.0567, 0.5098), abs=1e-4)
    assert figures[OP] == pytest.approx((1, 0.1, 0.0179, 0.4042), abs=1e-4)
    assert figures[NC] == pytest.approx((4, 0.4, 0.1682, 0.6873), abs=1e-4)


def test_without_gold_the_strict_majority_of_submitted_reviews_is_the_fallback(study):
    campaign, *_ = study
    bugle = _by_name(selectors.outlet_shares(ReportFilter(campaign_id=campaign.pk)))["Bugle"]
    # Three sentences have a strict majority; the third (opinion, sourced, no claim) has none.
    # The review in progress (opinion everywhere) counts for nothing.
    assert (bugle.from_gold, bugle.from_fallback, bugle.unresolved) == (0, 3, 1)
    assert bugle.counts == {SO: 1, UN: 1, OP: 0, NC: 1}
    share = bugle.share(SO)
    assert (share.count, share.total) == (1, 3)
    assert (share.low, share.high) == pytest.approx((0.0615, 0.7923), abs=1e-4)


def test_gold_wins_over_the_fallback_sentence_by_sentence(study, people):
    campaign, _, _, _, bridge = study
    first = bridge.sentences.get(position=0)
    GoldLabel.objects.create(campaign=campaign, sentence=first, value=OP, method="adjudicated")
    bugle = _by_name(selectors.outlet_shares(ReportFilter(campaign_id=campaign.pk)))["Bugle"]
    assert (bugle.from_gold, bugle.from_fallback, bugle.unresolved) == (1, 2, 1)
    assert bugle.counts == {SO: 0, UN: 1, OP: 1, NC: 1}


def test_a_sentence_in_two_campaigns_counts_once_preferring_gold(study, people):
    _, _, _, harbour, _ = study
    later = CampaignFactory.create(name="Second look", reviews_per_article=2)
    _submitted(later, harbour, people[3], [OP] * 10)  # fallback opinion on every sentence
    _submitted(later, harbour, people[0], [OP] * 10)
    rows = _by_name(selectors.outlet_shares(ReportFilter()))
    assert rows["Daily Planet"].sentences == 10
    assert rows["Daily Planet"].from_gold == 10
    only_later = _by_name(selectors.outlet_shares(ReportFilter(campaign_id=later.pk)))
    assert only_later["Daily Planet"].counts[OP] == 10
    assert only_later["Daily Planet"].from_fallback == 10


def test_the_fallback_needs_two_submitted_reviews_or_the_setting(study, people, settings):
    _, _, _, harbour, _ = study
    later = CampaignFactory.create(name="Second look", reviews_per_article=1)
    _submitted(later, harbour, people[3], [OP] * 10)
    only_later = ReportFilter(campaign_id=later.pk)
    row = _by_name(selectors.outlet_shares(only_later))["Daily Planet"]
    assert (row.counts[OP], row.from_fallback, row.unresolved) == (0, 0, 10)
    settings.REPORT_MIN_REVIEWS = 1
    row = _by_name(selectors.outlet_shares(only_later))["Daily Planet"]
    assert (row.counts[OP], row.from_fallback, row.unresolved) == (10, 10, 0)


def test_date_range_and_outlet_filters(study):
    _, planet, *_ = study
    march = ReportFilter.parse({"from": "2026-03-01", "to": "2026-03-31"})
    assert [row.name for row in selectors.outlet_shares(march)] == ["Daily Planet"]
    april = ReportFilter.parse({"from": "2026-04-01"})
    assert [row.name for row in selectors.outlet_shares(april)] == ["Bugle"]
    only = ReportFilter.parse({"outlet": str(planet.pk)})
    assert [row.name for row in selectors.outlet_shares(only)] == ["Daily Planet"]


def test_sorting_by_a_share_and_by_name(study):
    rows = selectors.outlet_shares(ReportFilter.parse({"sort": "sourced"}))
    assert [row.name for row in rows] == ["Bugle", "Daily Planet"]  # 0.33 before 0.30
    rows = selectors.outlet_shares(ReportFilter.parse({"sort": "sourced", "order": "asc"}))
    assert [row.name for row in rows] == ["Daily Planet", "Bugle"]
    rows = selectors.outlet_shares(ReportFilter.parse({"sort": "name", "order": "asc"}))
    assert [row.name for row in rows] == ["Bugle", "Daily Planet"]


def test_malformed_filter_parameters_are_ignored():
    parsed = ReportFilter.parse(
        {"campaign": "x", "from": "2026-13-01", "sort": "'; drop", "outlet": "-3", "trend": "0"}
    )
    assert parsed == ReportFilter()


def test_trend_counts_by_month_and_fills_empty_months(study):
    campaign, planet, *_ = study
    later = make_article(
        sentences=2, title="Later", outlet=planet, published=datetime(2026, 5, 20, tzinfo=UTC)
    )
    undated = make_article(sentences=3, title="Undated", outlet=planet)
    campaign.articles.add(later, undated)
    _gold(campaign, later, [UN, UN])
    _gold(campaign, undated, [SO, SO, SO])
    trend = selectors.outlet_trend(ReportFilter(campaign_id=campaign.pk), outlet_id=planet.pk)
    assert [(m.name, m.sentences) for m in trend.months] == [
        ("2026-03", 10),
        ("2026-04", 0),
        ("2026-05", 2),
    ]
    assert trend.months[2].share(UN).value == 1.0
    assert trend.undated == 3


def test_articles_with_the_highest_share_of_unsourced_claims(study, people):
    campaign, planet, *_ = study
    worse = make_article(sentences=3, title="All unsourced", outlet=planet)
    campaign.articles.add(worse)
    _gold(campaign, worse, [UN, UN, SO])
    rows = selectors.article_shares(ReportFilter(campaign_id=campaign.pk), outlet_id=planet.pk)
    assert [(row.name, row.counts[UN], row.sentences) for row in rows] == [
        ("All unsourced", 2, 3),
        ("Harbour plan", 2, 10),
    ]
    assert rows[1].link == "https://planet.example/harbour"


def test_most_cited_sources_merge_spellings_and_leave_out_overruled_claims(study):
    campaign, planet, _, harbour, _ = study
    sources = selectors.outlet_sources(ReportFilter(campaign_id=campaign.pk), outlet_id=planet.pk)
    assert [(s.source.casefold(), s.sentences) for s in sources] == [("dr. marsh", 2)]
    second = harbour.sentences.get(position=1)
    GoldLabel.objects.filter(sentence=second).update(value=UN)
    sources = selectors.outlet_sources(ReportFilter(campaign_id=campaign.pk), outlet_id=planet.pk)
    assert [s.sentences for s in sources] == [1]


def test_sources_count_only_claims_the_report_calls_sourced(study, people):
    # Bugle's first sentence: sourced by a strict majority, so its source counts. A minority
    # reviewer's source on a claim the majority calls unsourced is not a sourced claim.
    campaign, _, bugle, _, _ = study
    rita, otto, ines, _ = people
    contested = make_article(sentences=1, title="Contested", outlet=bugle)
    campaign.articles.add(contested)
    _submitted(campaign, contested, rita, [SO], sources={0: "The mayor"})
    _submitted(campaign, contested, otto, [UN])
    _submitted(campaign, contested, ines, [UN])
    assert selectors.outlet_sources(ReportFilter(), outlet_id=bugle.pk) == []
    # The majority flips: two of three now say sourced.
    Label.objects.filter(review__reviewer=otto, sentence__article=contested).update(
        value=SO, source="the mayor "
    )
    assert selectors.outlet_sources(ReportFilter(), outlet_id=bugle.pk) == [
        reports.SourceCount(source="The mayor", sentences=1)
    ]


def test_article_report_across_campaigns_shows_the_votes_of_the_campaign_it_reports(study, people):
    # Unanimous in the study (and gold there); a later one-review campaign said opinion.
    # Across campaigns the gold label is reported and nobody disagreed with it.
    _, _, _, harbour, _ = study
    rita, *_ = people
    retest = CampaignFactory.create(name="Retest", reviews_per_article=1)
    retest.articles.add(harbour)
    _submitted(retest, harbour, rita, [OP] * 10)
    report = selectors.article_report(ReportFilter(), article=harbour)
    assert report.disputed == []
    assert report.paragraphs[0][0].value == SO


def test_a_reviewer_narrowing_the_dates_on_their_outlet_gets_an_empty_report(study, people):
    campaign, planet, *_ = study
    campaign.reports_visible_to_reviewers = True
    campaign.save()
    url = reverse("report-outlet", args=[planet.pk])
    rita = _login(people[0])
    assert rita.get(url).status_code == 200
    assert rita.get(f"{url}?from=2030-01-01").status_code == 200
    elsewhere = OutletFactory.create(name="Elsewhere", slug="elsewhere")
    assert rita.get(reverse("report-outlet", args=[elsewhere.pk])).status_code == 404


@pytest.mark.parametrize(
    "query",
    ["campaign=%C2%B2", "outlet=%C2%B2", "trend=%C2%B2", "campaign=" + "9" * 5000,
     "to=9999-12-31", "from=9999-12-31", "from=0001-01-01"],
)  # fmt: skip
def test_odd_parameters_never_break_a_report(admin_client, study, query):
    _, planet, *_ = study
    for url in (
        reverse("report-comparison"),
        reverse("report-comparison-csv"),
        reverse("report-outlet", args=[planet.pk]),
    ):
        assert admin_client.get(f"{url}?{query}").status_code == 200


def test_article_report_marks_where_each_label_came_from_and_the_disagreements(study):
    campaign, _, _, _, bridge = study
    report = selectors.article_report(ReportFilter(campaign_id=campaign.pk), article=bridge)
    rows = [row for paragraph in report.paragraphs for row in paragraph]
    assert [(row.value, row.source) for row in rows] == [
        (SO, "fallback"),
        (UN, "fallback"),
        (None, "unresolved"),
        (NC, "fallback"),
    ]
    assert [row.sentence.position for row in report.disputed] == [0, 2, 3]
    assert [(spec.value.value, n) for spec, n in rows[2].votes] == [(SO, 1), (OP, 1), (NC, 1)]
    # The same figures as the outlet's, which come from the aggregate query.
    bugle = _by_name(selectors.outlet_shares(ReportFilter(campaign_id=campaign.pk)))["Bugle"]
    assert report.shares.counts == {k: v for k, v in bugle.counts.items() if v}
    assert (report.shares.from_fallback, report.shares.unresolved) == (3, 1)


# Pages -----------------------------------------------------------------------------------------


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def admin_client(db) -> Client:
    return _login(UserFactory.create(username="ada", is_staff=True))


def _report_urls(campaign: Campaign, outlet: Outlet, article: Article) -> list[str]:
    query = f"?campaign={campaign.pk}"
    return [
        reverse("report-comparison") + query,
        reverse("report-comparison-csv") + query,
        reverse("report-outlet", args=[outlet.pk]) + query,
        reverse("report-outlet-csv", args=[outlet.pk]) + query,
        reverse("report-trend-csv", args=[outlet.pk]) + query,
        reverse("report-article", args=[article.pk]) + query,
        reverse("report-article-csv", args=[article.pk]) + query,
    ]


def test_comparison_page_shows_the_chart_its_text_alternative_and_csv(admin_client, study):
    campaign, *_ = study
    page = admin_client.get(reverse("report-comparison"), {"campaign": campaign.pk}).text
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert "Daily Planet: sourced 30.0% (95% interval 10.8–60.3%)" in page
    assert 'class="panel-title">Sourced</text>' in page  # one panel per label
    assert reverse("report-comparison-csv") in page
    assert "/trend.csv" in page and "by month of publication" in page  # the trend's figure
    # The fallback is said, per row.
    assert "3 from the fallback" in page


def test_comparison_csv_has_the_numbers_behind_the_chart(admin_client, study):
    campaign, *_ = study
    response = admin_client.get(reverse("report-comparison-csv"), {"campaign": campaign.pk})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    bugle = next(row for row in rows if row["outlet"] == "Bugle")
    assert bugle["sentences"] == "3"
    assert bugle["from_gold"] == "0" and bugle["from_fallback"] == "3"
    assert bugle["unresolved"] == "1"
    assert float(bugle["sourced_share"]) == pytest.approx(1 / 3)
    assert float(bugle["sourced_low"]) == pytest.approx(0.0615, abs=1e-4)
    assert float(bugle["sourced_high"]) == pytest.approx(0.7923, abs=1e-4)


def test_csv_neutralises_formula_cells(admin_client, study):
    campaign, planet, *_ = study
    planet.name = "=HYPERLINK(1)"
    planet.save()
    body = admin_client.get(reverse("report-comparison-csv"), {"campaign": campaign.pk})
    assert "'=HYPERLINK(1)" in body.content.decode()


def test_outlet_report_shows_trend_sources_and_the_most_unsourced_articles(admin_client, study):
    campaign, planet, _, harbour, _ = study
    page = admin_client.get(
        reverse("report-outlet", args=[planet.pk]), {"campaign": campaign.pk}
    ).text
    assert "Dr. Marsh" in page or "dr. marsh" in page
    assert reverse("report-article", args=[harbour.pk]) in page
    assert "2026-03" in page
    assert reverse("report-trend-csv", args=[planet.pk]) in page


def test_trend_csv_has_one_row_per_month(admin_client, study):
    campaign, planet, *_ = study
    response = admin_client.get(
        reverse("report-trend-csv", args=[planet.pk]), {"campaign": campaign.pk}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["month"], row["sentences"]) for row in rows] == [("2026-03", "10")]


def test_article_report_colours_sentences_and_labels_the_fallback(admin_client, study):
    campaign, _, _, _, bridge = study
    page = admin_client.get(
        reverse("report-article", args=[bridge.pk]), {"campaign": campaign.pk}
    ).text
    assert "label-sourced" in page and "label-no-claim" in page
    assert "majority of submitted reviews" in page
    assert "No gold label and no strict majority" in page
    assert "rita" not in page  # disagreements are counts, never names


def test_imported_text_is_escaped_in_pages_and_charts(admin_client, study):
    campaign, planet, *_ = study
    planet.name = "<script>alert(1)</script>"
    planet.save()
    page = admin_client.get(reverse("report-comparison"), {"campaign": campaign.pk}).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_campaign_form_offers_the_reviewer_setting(admin_client, study):
    campaign, *_ = study
    page = admin_client.get(reverse("campaign-edit", args=[campaign.pk])).text
    assert 'name="reports_visible_to_reviewers"' in page


# Who may read reports ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(study):
    campaign, planet, _, harbour, _ = study
    for url in _report_urls(campaign, planet, harbour):
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_reviewers_cannot_read_reports_unless_the_closed_campaign_opts_in(study, people):
    campaign, planet, _, harbour, _ = study
    client = _login(people[0])
    for url in _report_urls(campaign, planet, harbour):
        assert client.get(url).status_code == 403, url
    assert "Reports" not in client.get(reverse("home")).text

    campaign.reports_visible_to_reviewers = True
    campaign.save()
    for url in _report_urls(campaign, planet, harbour):
        assert client.get(url).status_code == 200, url
    assert reverse("report-comparison") in client.get(reverse("home")).text

    campaign.is_open = True  # reopened: the reports are admin-only again
    campaign.save()
    for url in _report_urls(campaign, planet, harbour):
        assert client.get(url).status_code == 403, url


def test_a_reviewer_sees_only_their_own_opted_in_campaigns(study, people):
    campaign, planet, _, harbour, _ = study
    campaign.reports_visible_to_reviewers = True
    campaign.save()
    other = CampaignFactory.create(
        name="Elsewhere", is_open=False, reports_visible_to_reviewers=True
    )
    other.articles.add(harbour)
    admin_only = CampaignFactory.create(name="Admins only", is_open=False)
    admin_only.reviewers.add(people[0])
    client = _login(people[0])
    for hidden in (other, admin_only):
        for url in _report_urls(hidden, planet, harbour):
            assert client.get(url).status_code == 404, url
    # Without a campaign a reviewer gets their own, never every campaign.
    page = client.get(reverse("report-comparison")).text
    assert "Spring study" in page and "Elsewhere" not in page and "All campaigns" not in page
    # An article outside the campaign is not there to see.
    outside = make_article(sentences=2, title="Outside")
    url = reverse("report-article", args=[outside.pk]) + f"?campaign={campaign.pk}"
    assert client.get(url).status_code == 404


def test_a_reviewer_not_in_the_campaign_cannot_read_it(study):
    campaign, planet, _, harbour, _ = study
    campaign.reports_visible_to_reviewers = True
    campaign.save()
    client = _login(UserFactory.create(username="stranger"))
    for url in _report_urls(campaign, planet, harbour):
        assert client.get(url).status_code == 403, url


# Queries ---------------------------------------------------------------------------------------


def _grow(campaign: Campaign, reviewer, outlets: int) -> None:
    """More outlets, articles and labelled sentences in the campaign."""
    for n in range(outlets):
        outlet = OutletFactory.create(name=f"Grown {n}", slug=f"grown-{n}")
        for m in range(2):
            article = make_article(
                sentences=6,
                title=f"Grown {n}.{m}",
                outlet=outlet,
                published=datetime(2026, 1 + m, 1, tzinfo=UTC),
            )
            campaign.articles.add(article)
            _submitted(campaign, article, reviewer, [SO, UN, OP, NC, SO, UN], sources={0: f"S{n}"})
            _gold(campaign, article, [SO, UN, OP, NC, "", ""])


def test_every_report_page_costs_the_same_queries_as_rows_grow(admin_client, study, people):
    campaign, planet, _, harbour, _ = study
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "trend"}
    trend_fragment = reverse("report-comparison") + f"?campaign={campaign.pk}&trend={planet.pk}"

    def measure() -> list[int]:
        counts = [
            count_queries(partial(admin_client.get, url))
            for url in _report_urls(campaign, planet, harbour)
        ]
        counts.append(count_queries(lambda: admin_client.get(trend_fragment, **htmx)))
        counts.append(count_queries(lambda: admin_client.get(reverse("report-comparison"))))
        return counts

    before = measure()
    _grow(campaign, people[3], outlets=6)
    long = make_article(sentences=30, title="Long", outlet=planet)
    campaign.articles.add(long)
    _submitted(campaign, long, people[3], [SO, UN, OP] * 10, sources={0: "Mayor"})
    _gold(campaign, long, [UN] * 30)
    after = measure()
    assert after == before
    # comparison, its CSV, outlet, its CSV, trend CSV, article, its CSV, trend fragment, and the
    # comparison across every campaign
    assert before == [5, 3, 7, 4, 5, 6, 6, 4, 5]


def test_the_trend_fragment_is_only_the_trend(admin_client, study):
    campaign, planet, *_ = study
    response = admin_client.get(
        reverse("report-comparison"),
        {"campaign": campaign.pk, "trend": planet.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="trend",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="trend"' in response.text and "2026-03" in response.text
