"""The corpus pages: browsing and filtering articles, one article with its sentences and where
it is used, setting the outlet of ticked or matching articles, and the outlets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from annotator.analysis.reports import ReportFilter
from annotator.analysis.selectors import outlet_shares
from annotator.models import GoldLabel, Review
from articles.models import Article, ImportBatch, Outlet
from tests.factories import PASSWORD, CampaignFactory, OutletFactory, UserFactory, make_article
from tests.queries import count_queries

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def curator(db) -> User:
    return UserFactory.create(username="ada", is_staff=True)


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    return client


@pytest.fixture
def batch(db) -> ImportBatch:
    return ImportBatch.objects.create(
        source_name="feed.jsonl", source_format="jsonl", status="done"
    )


def _titles(response) -> list[str]:
    return [a.title for a in response.context["page"].articles]


def test_articles_filter_by_outlet_batch_language_dates_and_title(curator_client, batch):
    herald = OutletFactory.create(name="Herald", slug="herald")
    make_article(title="Harbour tunnel opens", outlet=herald, batch=batch,
                 published=datetime(2026, 3, 2, tzinfo=UTC))  # fmt: skip
    make_article(title="Tunnel budget doubles", language="de",
                 published=datetime(2025, 1, 5, tzinfo=UTC))  # fmt: skip
    make_article(title="Bakery wins prize", outlet=herald)
    url = reverse("corpus")

    assert len(_titles(curator_client.get(url))) == 3
    assert _titles(curator_client.get(url, {"outlet": herald.pk})) == [
        "Bakery wins prize", "Harbour tunnel opens"]  # fmt: skip
    assert _titles(curator_client.get(url, {"outlet": "none"})) == ["Tunnel budget doubles"]
    assert _titles(curator_client.get(url, {"batch": batch.pk})) == ["Harbour tunnel opens"]
    assert _titles(curator_client.get(url, {"language": "de"})) == ["Tunnel budget doubles"]
    assert _titles(curator_client.get(url, {"title": "TUNNEL"})) == [
        "Tunnel budget doubles", "Harbour tunnel opens"]  # fmt: skip
    dated = curator_client.get(url, {"published_from": "2026-01-01", "published_to": "2026-12-31"})
    assert _titles(dated) == ["Harbour tunnel opens"]
    backwards = curator_client.get(
        url, {"published_from": "2026-01-01", "published_to": "2025-01-01"}
    )
    assert backwards.status_code == 400 and "is after" in backwards.text


def test_articles_are_paged_keeping_the_filter(curator_client):
    for n in range(55):
        make_article(title=f"Story {n}", sentences=1, text=f"Story {n} happened.")
    first = curator_client.get(reverse("corpus"), {"title": "story"})
    assert len(first.context["page"].articles) == 50
    assert "title=story&amp;page=2" in first.text
    second = curator_client.get(reverse("corpus"), {"title": "story", "page": 2})
    assert len(second.context["page"].articles) == 5


def test_imported_text_is_escaped_on_every_corpus_page(curator_client, batch):
    outlet = OutletFactory.create(name=HOSTILE, slug="hostile", domain="<b>x</b>")
    article = make_article(title=HOSTILE, outlet=outlet, batch=batch, text=f"{HOSTILE} said so.",
                           author=HOSTILE, url="javascript:alert(1)")  # fmt: skip
    campaign = CampaignFactory.create(name=HOSTILE)
    campaign.articles.add(article)
    pages = [
        reverse("corpus"),
        reverse("corpus-article", args=[article.pk]),
        reverse("outlets"),
        reverse("outlet-edit", args=[outlet.pk]),
    ]
    for url in pages:
        page = curator_client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;" in page, url
    assert 'href="javascript:' not in curator_client.get(pages[1]).text


def test_an_article_shows_its_sentences_and_where_it_is_used(curator_client):
    article = make_article(sentences=6, title="Council votes")
    campaign = CampaignFactory.create(name="Spring audit", reviews_per_article=2)
    campaign.articles.add(article)
    CampaignFactory.create(name="Unrelated")
    for name, submitted in (("rita", datetime(2026, 3, 1, tzinfo=UTC)), ("otto", None)):
        Review.objects.create(
            campaign=campaign,
            article=article,
            reviewer=UserFactory.create(username=name),
            status="submitted" if submitted else "in_progress",
            submitted_at=submitted,
        )
    sentence = article.sentences.order_by("position").first()
    GoldLabel.objects.create(campaign=campaign, sentence=sentence, value="opinion")

    response = curator_client.get(reverse("corpus-article", args=[article.pk]))
    page = response.text
    [use] = response.context["uses"]
    assert (use.campaign.name, use.submitted, use.in_progress, use.gold) == (
        "Spring audit",
        1,
        1,
        1,
    )
    assert "Unrelated" not in page
    assert [len(p) for p in response.context["paragraphs"]] == [4, 2]
    assert page.count('class="sentence"') == 6
    assert "Sentence number 6 says the council spent 6 dollars." in page


def test_the_outlet_of_ticked_articles_is_set_and_shows_in_reports(curator_client):
    chosen = [
        make_article(title=f"Chosen {n}", sentences=2, text=f"Chosen {n}. Yes.") for n in range(2)
    ]
    other = make_article(title="Other", sentences=2, text="Other one. Yes.")
    response = curator_client.post(
        reverse("corpus-outlet"),
        {"outlet": "Harbour Herald", "scope": "chosen", "articles": [a.pk for a in chosen],
         "filter-title": "chosen", "page": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('corpus')}?title=chosen&page=1"
    herald = Outlet.objects.get(name="Harbour Herald")
    assert set(herald.articles.all()) == set(chosen)
    assert Article.objects.get(pk=other.pk).outlet is None
    page = curator_client.get(response["Location"]).text
    assert "Set the outlet of 2 articles to “Harbour Herald”." in page

    campaign = CampaignFactory.create()
    campaign.articles.add(*chosen)
    for article in chosen:
        for sentence in article.sentences.all():
            GoldLabel.objects.create(campaign=campaign, sentence=sentence, value="opinion")
    shares = outlet_shares(ReportFilter(campaign_id=campaign.pk))
    assert [row.name for row in shares] == ["Harbour Herald"]


def test_the_outlet_of_a_whole_batch_is_set_in_one_action(curator_client, batch):
    stored = [make_article(title=f"Story {n}", batch=batch, sentences=1, text=f"Story {n}.")
              for n in range(60)]  # fmt: skip
    loose = make_article(title="Loose", sentences=1, text="Loose one.")
    page = curator_client.get(reverse("corpus"), {"batch": batch.pk}).text
    assert "Set the outlet of all 60 matching articles" in page

    def post(outlet: str, chosen: ImportBatch) -> int:
        data = {"outlet": outlet, "scope": "matching", "filter-batch": chosen.pk}
        return count_queries(
            lambda: curator_client.post(reverse("corpus-outlet"), data), expect=302
        )

    small = ImportBatch.objects.create(source_name="one.csv", source_format="csv", status="done")
    make_article(title="Single", batch=small, sentences=1, text="Single one.")
    assert post("Metro", batch) == post("Courier", small)  # however many articles
    assert Article.objects.filter(outlet__name="Metro").count() == len(stored)
    assert Article.objects.get(pk=loose.pk).outlet is None


def test_matching_everything_or_ticking_nothing_is_refused(curator_client):
    article = make_article(title="Alone")
    everything = curator_client.post(reverse("corpus-outlet"), {"outlet": "X", "scope": "matching"})
    assert everything.status_code == 400 and "Choose a filter first" in everything.text
    nothing = curator_client.post(reverse("corpus-outlet"), {"outlet": "X", "scope": "chosen"})
    assert nothing.status_code == 400 and "Tick at least one article." in nothing.text
    assert Article.objects.get(pk=article.pk).outlet is None
    assert not Outlet.objects.exists()


def test_outlets_list_counts_and_edit(curator_client):
    herald = OutletFactory.create(name="Herald", slug="herald")
    OutletFactory.create(name="Courier", slug="courier")
    make_article(title="One", outlet=herald)
    make_article(title="Two")
    response = curator_client.get(reverse("outlets"))
    counts = {o.name: o.article_count for o in response.context["outlets"]}
    assert counts == {"Courier": 0, "Herald": 1}
    assert "1 article</a> has no outlet" in response.text

    url = reverse("outlet-edit", args=[herald.pk])
    taken = curator_client.post(url, {"name": "Herald", "slug": "courier", "domain": ""})
    assert taken.status_code == 400 and "Another outlet has the slug “courier”." in taken.text
    saved = curator_client.post(
        url, {"name": " The  Herald ", "slug": "the-herald", "domain": "herald.example"}
    )
    assert saved.status_code == 302
    herald.refresh_from_db()
    assert (herald.name, herald.slug, herald.domain) == (
        "The Herald",
        "the-herald",
        "herald.example",
    )


def test_every_corpus_page_costs_the_same_queries_however_much_data(curator_client, batch):
    outlet = OutletFactory.create()
    first = make_article(title="First", outlet=outlet, batch=batch)
    campaign = CampaignFactory.create()
    campaign.articles.add(first)
    pages = {
        "list": lambda: curator_client.get(reverse("corpus")),
        "filtered": lambda: curator_client.get(
            reverse("corpus"), {"batch": batch.pk, "outlet": outlet.pk, "title": "a"}
        ),
        "article": lambda: curator_client.get(reverse("corpus-article", args=[first.pk])),
        "outlets": lambda: curator_client.get(reverse("outlets")),
        "outlet": lambda: curator_client.get(reverse("outlet-edit", args=[outlet.pk])),
    }
    before = {name: count_queries(load) for name, load in pages.items()}
    for n in range(12):
        other_outlet = OutletFactory.create()
        other_batch = ImportBatch.objects.create(
            source_name=f"b{n}", source_format="csv", status="done"
        )
        make_article(title=f"A{n}", outlet=other_outlet, batch=other_batch, language=f"l{n}")
        other = CampaignFactory.create()
        other.articles.add(first)
        Review.objects.create(campaign=other, article=first, reviewer=UserFactory.create())
    after = {name: count_queries(load) for name, load in pages.items()}
    assert after == before
    assert max(before.values()) <= 7, before


def test_reviewers_get_403_on_every_corpus_page(reviewer_client, db):
    outlet = OutletFactory.create()
    article = make_article(title="Hidden", outlet=outlet)
    for url in (reverse("corpus"), reverse("corpus-article", args=[article.pk]),
                reverse("outlets"), reverse("outlet-edit", args=[outlet.pk])):  # fmt: skip
        assert reviewer_client.get(url).status_code == 403
    writes = [
        (reverse("corpus-outlet"), {"outlet": "X", "scope": "chosen", "articles": article.pk}),
        (reverse("outlet-edit", args=[outlet.pk]), {"name": "X", "slug": "x"}),
    ]
    for url, data in writes:
        assert reviewer_client.post(url, data).status_code == 403
    assert Article.objects.get(pk=article.pk).outlet == outlet
    assert Outlet.objects.get(pk=outlet.pk).name != "X"


def test_corpus_writes_need_the_csrf_token(curator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    outlet = OutletFactory.create(name="Herald", slug="herald")
    article = make_article(title="Alone")
    writes = [
        (reverse("corpus-outlet"), {"outlet": "X", "scope": "chosen", "articles": article.pk}),
        (reverse("outlet-edit", args=[outlet.pk]), {"name": "X", "slug": "x"}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403
    assert Article.objects.get(pk=article.pk).outlet is None
    assert Outlet.objects.get(pk=outlet.pk).name == "Herald"
