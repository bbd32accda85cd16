"""Adjudication in context: the whole article with every disagreement marked, deciding from it,
the previous disagreement from the one-by-one page, and a source on gold (prefilled from the
reviewers', kept in history, undone, exported, in the API)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotator.campaigns import gold
from annotator.datasets.jsonl import records
from annotator.datasets.options import ExportOptions
from annotator.datasets.selectors import export_rows
from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Label, Review
from articles.models import Article
from tests.factories import CampaignFactory, UserFactory, make_article
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def _submitted(campaign: Campaign, article: Article, reviewer: User, values, sources=()) -> None:
    review = Review.objects.create(
        campaign=campaign, article=article, reviewer=reviewer,
        status=Review.Status.SUBMITTED, submitted_at=timezone.now(),
    )  # fmt: skip
    sentences = article.sentences.order_by("position")
    sources = list(sources) + [""] * len(values)
    Label.objects.bulk_create(
        Label(review=review, sentence=s, value=v, source=src)
        for s, v, src in zip(sentences, values, sources, strict=False)
    )


def _world(sentences: int = 5) -> tuple[Campaign, Article, list[User]]:
    """rita, otto and eve reviewed one article: every odd sentence is disputed (eve says
    opinion where the others say sourced, citing "the mayor" twice and "a clerk" once)."""
    people = [UserFactory.create(username=name) for name in ("rita", "otto", "eve")]
    campaign = CampaignFactory.create(name="Harbour audit", reviews_per_article=3)
    campaign.reviewers.add(*people)
    article = make_article(sentences=sentences, title="Harbour plan")
    campaign.articles.add(article)
    agreed = ["sourced" if n % 2 else "no_claim" for n in range(sentences)]
    eve = ["opinion" if n % 2 else "no_claim" for n in range(sentences)]
    cite = ["the mayor" if n % 2 else "" for n in range(sentences)]
    _submitted(campaign, article, people[0], agreed, cite)
    _submitted(campaign, article, people[1], agreed, ["a clerk" if c else "" for c in cite])
    _submitted(campaign, article, people[2], eve, cite)
    return campaign, article, people


def _url(campaign: Campaign, article: Article) -> str:
    return reverse("adjudication-article", args=[campaign.pk, article.pk])


def _disputed(article: Article) -> list[int]:
    return list(
        article.sentences.filter(position__in=[1, 3])
        .order_by("position")
        .values_list("pk", flat=True)
    )


def test_the_article_view_marks_every_disagreement_with_each_label_and_the_gold(admin_client):
    campaign, article, (rita, *_rest) = _world(5)
    first, second = _disputed(article)
    gold.gold_set(
        campaign=campaign, sentence=article.sentences.get(pk=second), value="opinion", actor=rita
    )
    page = admin_client.get(_url(campaign, article))
    assert page.status_code == 200
    html = page.content.decode()
    # The whole article, in order, and the two disagreements marked and numbered.
    texts = list(article.sentences.order_by("position").values_list("text", flat=True))
    at = [html.index(text) for text in texts]
    assert at == sorted(at)
    marked = re.findall(r'<mark class="sentence disputed[^"]*" id="s-(\d+)"', html)
    assert [int(pk) for pk in marked] == [first, second]
    assert "2 disagreements in this article" in html
    # Each reviewer's label beside the sentence, and the gold where there is one.
    assert "rita: Sourced" in html and "otto: Sourced" in html and "eve: Opinion" in html
    assert "Gold: Opinion" in html
    # A decision form per disagreement, with its sentence, version and the prefilled source.
    assert html.count('name="sentence" value=') == 2
    assert html.count('name="source" value="the mayor"') == 2


@pytest.mark.parametrize("length", [5, 200])
def test_the_article_view_costs_the_same_queries_whatever_the_length(admin_client, length):
    campaign, article, _ = _world(length)
    admin_client.get(_url(campaign, article))  # the session's first load
    assert count_queries(lambda: admin_client.get(_url(campaign, article))) == QUERIES


# The session with its user (1), then campaign, article, sentences, labels, gold, versions.
QUERIES = 7


def test_a_decision_from_the_article_view_comes_back_to_it_with_undo(admin_client):
    campaign, article, _ = _world(5)
    first, _second = _disputed(article)
    response = admin_client.post(
        _url(campaign, article),
        {"sentence": first, "value": "sourced", "source": " the mayor ", "version": 0},
    )
    assert response.status_code == 302
    stored = GoldLabel.objects.get(campaign=campaign, sentence_id=first)
    assert (stored.value, stored.method, stored.source) == ("sourced", "adjudicated", "the mayor")
    event = GoldLabelEvent.objects.filter(sentence_id=first).latest("pk")
    assert event.after == {"value": "sourced", "method": "adjudicated", "source": "the mayor"}
    assert response.url == f"{_url(campaign, article)}?settled={event.pk}#s-{first}"
    page = admin_client.get(response.url).content.decode()
    assert 'id="undo-form"' in page and 'name="back" value="article"' in page
    assert "(source: the mayor)" in page

    undone = admin_client.post(
        reverse("adjudication-undo", args=[campaign.pk, event.pk]), {"back": "article"}
    )
    assert undone.url == f"{_url(campaign, article)}?#s-{first}"
    assert not GoldLabel.objects.filter(sentence_id=first).exists()


def test_a_stale_decision_from_the_article_view_is_refused_and_says_who(admin_client):
    campaign, article, (rita, *_rest) = _world(5)
    first, _second = _disputed(article)
    gold.gold_set(
        campaign=campaign, sentence=article.sentences.get(pk=first), value="opinion", actor=rita
    )
    response = admin_client.post(
        _url(campaign, article), {"sentence": first, "value": "sourced", "version": 0}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="conflict"' in html and "rita" in html
    assert GoldLabel.objects.get(sentence_id=first).value == "opinion"


def test_a_decision_on_another_articles_sentence_is_refused(admin_client):
    campaign, article, _ = _world(5)
    other = make_article(sentences=2, title="Elsewhere")
    campaign.articles.add(other)
    response = admin_client.post(
        _url(campaign, article),
        {"sentence": other.sentences.first().pk, "value": "sourced", "version": 0},
    )
    assert response.status_code == 400
    assert not GoldLabel.objects.exists()


def test_the_article_view_is_for_admins_and_only_for_the_campaigns_articles(client: Client):
    campaign, article, (rita, *_rest) = _world(5)
    client.force_login(rita)
    assert client.get(_url(campaign, article)).status_code == 403
    stray = make_article(sentences=1, title="Not in it")
    admin = UserFactory.create(username="ada", is_staff=True)
    client.force_login(admin)
    assert client.get(_url(campaign, stray)).status_code == 404


def test_the_item_page_links_the_previous_disagreement_even_once_settled(admin_client):
    campaign, article, _ = _world(5)
    first, second = _disputed(article)
    item = reverse("adjudication-item", args=[campaign.pk, first])
    decided = admin_client.post(item, {"value": "sourced", "version": 0})
    assert decided.status_code == 302 and f"/adjudication/{second}?" in decided.url
    html = admin_client.get(decided.url).content.decode()
    # The one just settled is left out of the queue but is still the previous one.
    assert re.search(rf'id="previous" href="/campaigns/{campaign.pk}/adjudication/{first}\?', html)
    assert "<kbd>k</kbd>" in html
    assert f'href="{_url(campaign, article)}?#s-{second}"' in html
    listed = admin_client.get(reverse("adjudication", args=[campaign.pk])).content.decode()
    assert f"{_url(campaign, article)}?#s-{second}" in listed


def test_gold_source_is_prefilled_from_the_reviewers_and_kept_only_with_sourced(admin_client):
    campaign, article, (rita, *_rest) = _world(5)
    first, _second = _disputed(article)
    item = reverse("adjudication-item", args=[campaign.pk, first])
    html = admin_client.get(item).content.decode()
    assert 'name="source" value="the mayor"' in html  # two of three wrote it
    sentence = article.sentences.get(pk=first)
    decided = gold.gold_set(
        campaign=campaign, sentence=sentence, value="opinion", actor=rita, source="the mayor"
    )
    assert decided.gold is not None and decided.gold.source == ""
    changed = gold.gold_set(
        campaign=campaign, sentence=sentence, value="sourced", actor=rita, source="a clerk",
        expected_version=decided.version,
    )  # fmt: skip
    assert changed.gold is not None and changed.gold.source == "a clerk"
    # Same label, another source: a change of its own, in history.
    again = gold.gold_set(
        campaign=campaign, sentence=sentence, value="sourced", actor=rita, source="the mayor",
        expected_version=changed.version,
    )  # fmt: skip
    event = GoldLabelEvent.objects.get(pk=again.version)
    assert event.before["source"] == "a clerk" and event.after["source"] == "the mayor"
    assert 'id="gold-source"' in admin_client.get(item).content.decode()
    # Undo brings the earlier source back.
    gold.gold_undo(campaign=campaign, event=event, actor=rita)
    assert GoldLabel.objects.get(sentence=sentence).source == "a clerk"
    # And the export's gold record carries it.
    (record,) = [
        r for r in records(ExportOptions(), export_rows(ExportOptions()))
        if r["sentence_id"] == first
    ]  # fmt: skip
    assert record["gold_source"] == "a clerk"


def test_the_api_gold_endpoint_takes_and_gives_the_source(admin_client):
    campaign, article, _ = _world(5)
    first, _second = _disputed(article)
    url = reverse("api-campaign-gold", args=[campaign.pk])
    body = {"sentence": first, "value": "sourced", "source": "the mayor", "expected_version": 0}
    answer = admin_client.post(url, body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["source"] == "the mayor"
    listed = admin_client.get(url).json()["results"]
    assert [g["source"] for g in listed if g["sentence"] == first] == ["the mayor"]
