from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotator.campaigns import gold, selectors
from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Review
from annotator.review import queue, services
from articles.models import Outlet
from tests.factories import (
    PASSWORD,
    CampaignFactory,
    OutletFactory,
    UserFactory,
    make_article,
    review_submitted,
)
from tests.queries import count_queries


@pytest.fixture
def admin_client(db) -> Client:
    UserFactory.create(username="ada", is_staff=True)
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    return client


def _login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def disputed(db):
    """k = 2: rita and otto review one 4-sentence article, disagreeing on sentences 2 and 4."""
    rita, otto = UserFactory.create(username="rita"), UserFactory.create(username="otto")
    campaign = CampaignFactory.create(name="Autumn audit", reviews_per_article=2)
    campaign.reviewers.add(rita, otto)
    outlet = OutletFactory.create(name="Daily Planet", slug="daily-planet")
    article = make_article(sentences=4, title="Harbour plan", outlet=outlet)
    campaign.articles.add(article)
    review_submitted(campaign, rita, ["sourced", "opinion", "unsourced", "opinion"])
    review_submitted(campaign, otto, ["sourced", "unsourced", "unsourced", "no_claim"])
    return campaign, article, rita, otto


def _admin_urls(campaign: Campaign, sentence_id: int) -> list[tuple[str, str]]:
    c = campaign.pk
    return [
        ("get", reverse("campaigns")),
        ("get", reverse("campaign-create")),
        ("post", reverse("campaign-create")),
        ("get", reverse("campaign", args=[c])),
        ("get", reverse("campaign-edit", args=[c])),
        ("post", reverse("campaign-edit", args=[c])),
        ("post", reverse("campaign-toggle", args=[c])),
        ("get", reverse("campaign-articles", args=[c])),
        ("post", reverse("campaign-articles", args=[c])),
        ("get", reverse("campaign-agreement", args=[c])),
        ("get", reverse("campaign-agreement-json", args=[c])),
        ("get", reverse("campaign-quality", args=[c])),
        ("get", reverse("adjudication", args=[c])),
        ("post", reverse("campaign-settle", args=[c])),
        ("get", reverse("adjudication-item", args=[c, sentence_id])),
        ("post", reverse("adjudication-item", args=[c, sentence_id])),
    ]


def test_a_reviewer_gets_403_on_every_campaign_page_and_changes_nothing(disputed):
    campaign, article, rita, _ = disputed
    client = _login(rita)
    gold_before = list(GoldLabel.objects.values_list("pk", "value"))
    for method, url in _admin_urls(campaign, article.sentences.first().pk):
        response = getattr(client, method)(url, {"value": "opinion", "name": "x", "open": "0"})
        assert response.status_code == 403, url
        assert "otto" not in response.text, url
    campaign.refresh_from_db()
    assert campaign.is_open and campaign.name == "Autumn audit"
    assert list(GoldLabel.objects.values_list("pk", "value")) == gold_before


def test_anonymous_visitors_are_sent_to_log_in(disputed):
    campaign, article, _, _ = disputed
    for method, url in _admin_urls(campaign, article.sentences.first().pk):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_admin_creates_a_campaign_with_reviewers_and_safe_markdown_guidelines(admin_client):
    rita = UserFactory.create(username="rita")
    response = admin_client.post(
        reverse("campaign-create"),
        {
            "name": "Election watch",
            "guidelines": "**Sourced** needs a [named source](https://example.org).\n\n"
            "<script>alert(1)</script> [bad](javascript:alert(1))",
            "reviews_per_article": "3",
            "reviewers": [rita.pk],
            "is_open": "on",
        },
    )
    campaign = Campaign.objects.get(name="Election watch")
    assert response["Location"] == reverse("campaign-articles", args=[campaign.pk])
    assert campaign.reviews_per_article == 3
    assert list(campaign.reviewers.all()) == [rita]

    page = admin_client.get(reverse("campaign", args=[campaign.pk])).text
    assert "<strong>Sourced</strong>" in page
    assert 'href="https://example.org"' in page
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page


def test_campaign_form_explains_a_bad_reviews_per_article(admin_client):
    response = admin_client.post(
        reverse("campaign-create"), {"name": "Too many", "reviews_per_article": "50"}
    )
    assert response.status_code == 400
    assert "Choose between 1 and 20 reviews per article." in response.text
    assert not Campaign.objects.filter(name="Too many").exists()


def test_admin_adds_articles_by_outlet_and_search_and_removal_keeps_reviewed_ones(
    admin_client,
):
    planet = OutletFactory.create(name="Daily Planet", slug="daily-planet")
    bugle = OutletFactory.create(name="Bugle", slug="bugle")
    harbour = make_article(text="The harbour will close.", title="Harbour", outlet=planet)
    make_article(text="The school opened.", title="School", outlet=planet)
    make_article(text="The harbour reopened.", title="Other harbour", outlet=bugle)
    campaign = CampaignFactory.create()
    url = reverse("campaign-articles", args=[campaign.pk])

    preview = admin_client.get(url, {"outlets": [planet.pk], "search": "harbour"})
    assert "1 matching article" in preview.text
    assert "Harbour" in preview.text and "School" not in preview.text

    admin_client.post(url, {"outlets": [planet.pk], "action": "add"})
    assert set(campaign.articles.values_list("title", flat=True)) == {"Harbour", "School"}

    reviewer = UserFactory.create()
    campaign.reviewers.add(reviewer)
    queue.review_take(campaign=campaign, article=harbour, reviewer=reviewer)
    response = admin_client.post(url, {"outlets": [planet.pk], "action": "remove"}, follow=True)
    assert "Removed 1 articles. 1 with reviews stayed in the campaign." in response.text
    assert list(campaign.articles.values_list("title", flat=True)) == ["Harbour"]


def test_adding_articles_needs_a_filter(admin_client):
    make_article(text="Anything at all.", title="Anything")
    campaign = CampaignFactory.create()
    url = reverse("campaign-articles", args=[campaign.pk])
    response = admin_client.post(url, {"action": "add"}, follow=True)
    assert "Choose at least one filter" in response.text
    assert not campaign.articles.exists()


def test_progress_page_shows_each_reviewer_and_articles_short_of_k(admin_client, disputed):
    campaign, _, _, _ = disputed
    waiting = make_article(text="Still waiting for reviews.", title="Waiting story")
    campaign.articles.add(waiting)
    page = admin_client.get(reverse("campaign", args=[campaign.pk])).text
    assert "<strong>2 of 4</strong> reviews submitted" in page
    assert "<strong>1</strong> articles complete" in page
    assert "rita" in page and "otto" in page
    assert "Waiting story" in page
    assert "Harbour plan" not in page.split("short of")[1]


def test_progress_lists_reviewers_by_name_then_those_taken_out_after_reviewing(disputed):
    campaign, _, rita, _ = disputed
    campaign.reviewers.add(UserFactory.create(username="zoe"))  # no review yet
    campaign.reviewers.remove(rita)  # reviewed here, then taken out

    progress = selectors.campaign_progress(campaign=campaign)

    rows = [(row.reviewer.username, row.submitted, row.labels) for row in progress.reviewers]
    assert rows == [("otto", 1, 4), ("zoe", 0, 0), ("rita", 1, 4)]
    assert all(row.active_seconds >= 0 for row in progress.reviewers)
    assert (progress.submitted, progress.complete_articles) == (2, 1)


def test_closing_a_campaign_freezes_it(admin_client, disputed):
    campaign, _, _, _ = disputed
    admin_client.post(reverse("campaign-toggle", args=[campaign.pk]), {"open": "0"})
    campaign.refresh_from_db()
    assert not campaign.is_open
    with pytest.raises(services.ReviewNotEditable, match="closed"):
        services.review_reopen(review=Review.objects.filter(campaign=campaign).first())


def test_unanimous_sentences_become_gold_when_the_article_has_its_k_reviews(disputed):
    campaign, _, _, _ = disputed
    gold = dict(
        GoldLabel.objects.filter(campaign=campaign).values_list("sentence__position", "value")
    )
    assert gold == {0: "sourced", 2: "unsourced"}
    assert set(GoldLabel.objects.values_list("method", flat=True)) == {"unanimous"}


def test_gold_waits_for_k_reviews_and_majority_only_when_the_campaign_accepts_it(db):
    people = [UserFactory.create() for _ in range(3)]
    campaign = CampaignFactory.create(reviews_per_article=3, accept_majority=True)
    campaign.reviewers.add(*people)
    campaign.articles.add(make_article(sentences=1))
    review_submitted(campaign, people[0], ["opinion"])
    review_submitted(campaign, people[1], ["opinion"])
    assert not GoldLabel.objects.exists()  # two of three reviews: not settled yet
    review_submitted(campaign, people[2], ["sourced"])
    assert GoldLabel.objects.get().method == "majority"


def test_recomputing_a_campaigns_gold_costs_the_same_queries_for_1_and_6_articles(db):
    def campaign_of(articles: int) -> Campaign:
        rita, otto = UserFactory.create(), UserFactory.create()
        campaign = CampaignFactory.create(reviews_per_article=2)
        campaign.reviewers.add(rita, otto)
        campaign.articles.add(
            *(make_article(sentences=3, title=f"{campaign.pk}-{n}") for n in range(articles))
        )
        for _ in range(articles):
            review_submitted(campaign, rita, ["sourced", "opinion", "no_claim"])
            review_submitted(campaign, otto, ["sourced", "unsourced", "no_claim"])
        GoldLabel.objects.filter(campaign=campaign).delete()  # as if k had just changed
        return campaign

    small, large = campaign_of(1), campaign_of(6)
    with CaptureQueriesContext(connection) as one:
        assert gold.gold_refresh_campaign(campaign=small) == 2
    with CaptureQueriesContext(connection) as six:
        assert gold.gold_refresh_campaign(campaign=large) == 12
    assert len(six) == len(one)
    assert GoldLabel.objects.filter(campaign=large, method="unanimous").count() == 12


def test_editing_k_on_the_campaign_page_brings_gold_up_to_date(admin_client, disputed):
    campaign, _, rita, otto = disputed
    form = {
        "name": campaign.name, "guidelines": "", "reviewers": [rita.pk, otto.pk],
        "is_open": "on",
    }  # fmt: skip
    page = admin_client.post(
        reverse("campaign-edit", args=[campaign.pk]), {**form, "reviews_per_article": "3"},
        follow=True,
    ).text  # fmt: skip
    assert "Automatic gold labels brought up to date (2 changed)" in page
    assert not GoldLabel.objects.filter(campaign=campaign).exists()  # two of three reviews
    page = admin_client.post(
        reverse("campaign-edit", args=[campaign.pk]), {**form, "reviews_per_article": "3"},
        follow=True,
    ).text  # fmt: skip
    assert "brought up to date" not in page  # nothing gold depends on changed


def test_reopening_a_review_withdraws_automatic_gold_with_history(disputed):
    campaign, _, rita, _ = disputed
    review = Review.objects.get(reviewer=rita)
    services.review_reopen(review=review)
    assert not GoldLabel.objects.filter(campaign=campaign).exists()
    assert GoldLabelEvent.objects.filter(after__isnull=True).count() == 2


def test_adjudication_lists_disagreements_and_filters_by_label_pair(admin_client, disputed):
    campaign, article, _, _ = disputed
    url = reverse("adjudication", args=[campaign.pk])
    page = admin_client.get(url).text
    texts = list(article.sentences.order_by("position").values_list("text", flat=True))
    assert texts[1] in page and texts[3] in page
    assert texts[0] not in page  # unanimous
    narrowed = admin_client.get(url, {"pair": "opinion-no_claim"}).text
    assert texts[3] in narrowed and texts[1] not in narrowed
    other_outlet = Outlet.objects.create(name="Bugle", slug="bugle")
    assert texts[1] not in admin_client.get(url, {"outlet": other_outlet.pk}).text


def test_admin_settles_a_disagreement_and_moves_to_the_next(admin_client, disputed):
    campaign, article, _, _ = disputed
    second, fourth = (
        article.sentences.order_by("position")[1],
        article.sentences.order_by("position")[3],
    )
    url = reverse("adjudication-item", args=[campaign.pk, second.pk])
    page = admin_client.get(url).text
    assert "rita" in page and "otto" in page and second.text in page

    response = admin_client.post(url, {"value": "opinion"})
    assert response["Location"].startswith(
        reverse("adjudication-item", args=[campaign.pk, fourth.pk])
    )
    gold = GoldLabel.objects.get(sentence=second)
    assert (gold.value, gold.method, gold.decided_by.username) == ("opinion", "adjudicated", "ada")

    admin_client.post(url, {"value": "opinion"})  # a double press changes nothing
    assert GoldLabelEvent.objects.filter(sentence=second).count() == 1

    last = admin_client.post(
        reverse("adjudication-item", args=[campaign.pk, fourth.pk]), {"value": "no_claim"}
    )
    assert last["Location"].startswith(reverse("adjudication", args=[campaign.pk]))
    assert "Nothing left to settle" in admin_client.get(last["Location"]).text


def test_automatic_gold_never_overrides_an_adjudicated_label(admin_client, disputed):
    campaign, article, _, _ = disputed
    first = article.sentences.order_by("position")[0]
    admin_client.post(
        reverse("adjudication-item", args=[campaign.pk, first.pk]), {"value": "opinion"}
    )
    admin_client.post(reverse("campaign-settle", args=[campaign.pk]))
    assert GoldLabel.objects.get(sentence=first).value == "opinion"


def test_agreement_page_and_json_show_figures_with_their_basis(admin_client, disputed):
    campaign, _, _, _ = disputed
    page = admin_client.get(reverse("campaign-agreement", args=[campaign.pk])).text
    assert "Krippendorff" in page and "Fleiss" in page and "Confusion matrix" in page
    data = json.loads(admin_client.get(reverse("campaign-agreement-json", args=[campaign.pk])).text)
    assert data["campaign"]["name"] == "Autumn audit"
    assert data["sentences"] == 4
    assert data["percent_agreement"]["value"] == pytest.approx(0.5)
    assert {r["username"] for r in data["reviewers"]} == {"rita", "otto"}


def test_quality_page_compares_each_reviewer_with_gold(admin_client, disputed):
    campaign, article, _, _ = disputed
    second = article.sentences.order_by("position")[1]
    admin_client.post(
        reverse("adjudication-item", args=[campaign.pk, second.pk]), {"value": "opinion"}
    )
    page = admin_client.get(reverse("campaign-quality", args=[campaign.pk])).text
    # rita agrees with all 3 gold labels, otto with 2 of 3; on the adjudicated one 100% vs 0%.
    assert '<td>rita</td>\n      <td class="num">3</td>\n      <td class="num">100%</td>' in page
    assert '<td>otto</td>\n      <td class="num">3</td>\n      <td class="num">67%</td>' in page


def test_campaign_pages_cost_the_same_queries_as_the_campaign_grows(admin_client, disputed):
    campaign, _, rita, otto = disputed
    sentence = campaign.articles.get().sentences.order_by("position")[1]
    pages = [
        reverse("campaigns"),
        reverse("campaign", args=[campaign.pk]),
        reverse("campaign-edit", args=[campaign.pk]),
        reverse("campaign-articles", args=[campaign.pk]) + "?search=harbour",
        reverse("campaign-agreement", args=[campaign.pk]),
        reverse("campaign-agreement-json", args=[campaign.pk]),
        reverse("campaign-quality", args=[campaign.pk]),
        reverse("adjudication", args=[campaign.pk]),
        reverse("adjudication-item", args=[campaign.pk, sentence.pk]),
    ]
    before = [count_queries(lambda url=url: admin_client.get(url), expect=None) for url in pages]
    for n in range(3):
        outlet = OutletFactory.create()
        campaign.articles.add(make_article(sentences=6, title=f"More {n}", outlet=outlet))
        review_submitted(campaign, rita, ["opinion"] * 6)
        review_submitted(campaign, otto, ["sourced", "opinion"] * 3)
    CampaignFactory.create().reviewers.add(rita)
    after = [count_queries(lambda url=url: admin_client.get(url), expect=None) for url in pages]
    assert after == before
