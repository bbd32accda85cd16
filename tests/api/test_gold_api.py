"""The gold API names the version a decision replaces: a stale decision is 409 in the error
shape, saying who decided what meanwhile and the current version; nothing is stored."""

from __future__ import annotations

from functools import partial

import pytest
from rest_framework.test import APIClient

from annotator.campaigns import gold
from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Review
from annotator.review import services
from tests.factories import UserFactory
from tests.queries import count_queries


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def disputed(campaign, article, reviewer, other_reviewer) -> Campaign:
    """k = 2; the two reviewers disagree on the article's first sentence."""
    campaign.reviews_per_article = 2
    campaign.save()
    sentence = article.sentences.order_by("position")[0]
    for who, value in ((reviewer, "sourced"), (other_reviewer, "opinion")):
        review = Review.objects.create(campaign=campaign, article=article, reviewer=who)
        services.label_set(review=review, sentence=sentence, value=value, actor=who)
        services.review_submit(review=review, actor=who)
    return campaign


@pytest.fixture
def ada(db):
    return UserFactory.create(username="ada", is_staff=True)


@pytest.fixture
def bob(db):
    return UserFactory.create(username="bob", is_staff=True)


def _url(campaign: Campaign) -> str:
    return f"/api/campaigns/{campaign.pk}/"


def test_lists_give_the_version_a_decision_sends_back(disputed, ada):
    api = _client(ada)
    row = api.get(f"{_url(disputed)}disagreements/").json()["results"][0]
    assert row["version"] == 0 and row["gold"] is None

    decided = api.post(
        f"{_url(disputed)}gold/",
        {"sentence": row["sentence"], "value": "opinion", "expected_version": 0},
        format="json",
    )
    assert decided.status_code == 200
    version = decided.json()["version"]
    assert version == GoldLabelEvent.objects.filter(sentence_id=row["sentence"]).latest("pk").pk
    listed = api.get(f"{_url(disputed)}gold/").json()["results"]
    assert next(g for g in listed if g["sentence"] == row["sentence"])["version"] == version
    shown = api.get(f"{_url(disputed)}disagreements/?show=all").json()["results"][0]
    assert shown["version"] == version


def test_a_stale_decision_is_409_saying_who_decided_what_and_stores_nothing(disputed, ada, bob):
    sentence = disputed.articles.get().sentences.order_by("position")[0]
    theirs = gold.gold_set(campaign=disputed, sentence=sentence, value="opinion", actor=bob)
    events = GoldLabelEvent.objects.count()

    response = _client(ada).post(
        f"{_url(disputed)}gold/",
        {"sentence": sentence.pk, "value": "sourced", "expected_version": 0},
        format="json",
    )

    assert response.status_code == 409
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (409, "conflict")
    assert error["message"].startswith(
        "The gold label changed meanwhile: bob settled it as Opinion"
    )
    assert f"send expected_version {theirs.version} to replace it" in error["message"]
    current = error["current"]
    assert current.pop("decided_at")
    assert current == {
        "version": theirs.version,
        "value": "opinion",
        "method": "adjudicated",
        "decided_by": "bob",
    }
    assert GoldLabel.objects.get(sentence=sentence).decided_by == bob
    assert GoldLabelEvent.objects.count() == events

    # Replacing theirs: the same decision naming the current version.
    replaced = _client(ada).post(
        f"{_url(disputed)}gold/",
        {"sentence": sentence.pk, "value": "sourced", "expected_version": theirs.version},
        format="json",
    )
    assert replaced.status_code == 200 and replaced.json()["value"] == "sourced"


def test_a_cleared_gold_meanwhile_is_a_conflict_too(disputed, ada, bob):
    sentence = disputed.articles.get().sentences.order_by("position")[0]
    seen = gold.gold_set(campaign=disputed, sentence=sentence, value="opinion", actor=bob)
    gold.gold_set(campaign=disputed, sentence=sentence, value=None, actor=bob)
    response = _client(ada).put(
        f"{_url(disputed)}gold/",
        {"sentence": sentence.pk, "value": "sourced", "expected_version": seen.version},
        format="json",
    )
    assert response.status_code == 409
    assert "bob cleared its gold label" in response.json()["error"]["message"]
    assert response.json()["error"]["current"]["value"] is None
    assert not GoldLabel.objects.filter(sentence=sentence).exists()


def test_without_expected_version_a_decision_overwrites_as_before(disputed, ada, bob):
    sentence = disputed.articles.get().sentences.order_by("position")[0]
    gold.gold_set(campaign=disputed, sentence=sentence, value="opinion", actor=bob)
    response = _client(ada).post(
        f"{_url(disputed)}gold/", {"sentence": sentence.pk, "value": "sourced"}, format="json"
    )
    assert response.status_code == 200
    assert GoldLabel.objects.get(sentence=sentence).decided_by == ada


def test_a_bad_expected_version_is_400(disputed, ada):
    sentence = disputed.articles.get().sentences.order_by("position")[0]
    for bad in (-1, "x", 2**63):
        response = _client(ada).post(
            f"{_url(disputed)}gold/",
            {"sentence": sentence.pk, "value": "sourced", "expected_version": bad},
            format="json",
        )
        assert response.status_code == 400
        assert "expected_version" in response.json()["error"]["fields"]


def test_the_schema_documents_expected_version_and_the_409(ada):
    schema = _client(ada).get("/api/schema/?format=json").json()
    decision = schema["components"]["schemas"]["GoldDecisionRequest"]["properties"]
    assert "expected_version" in decision and "409" in decision["expected_version"]["description"]
    gold_post = schema["paths"]["/api/campaigns/{id}/gold/"]["post"]["responses"]
    assert "409" in gold_post


def test_a_decision_and_a_conflict_cost_fixed_queries(disputed, ada, bob, article):
    api = _client(ada)
    sentence = article.sentences.order_by("position")[0]

    def decide(expected: int) -> object:
        return api.post(
            f"{_url(disputed)}gold/",
            {"sentence": sentence.pk, "value": "sourced", "expected_version": expected},
            format="json",
        )

    def measure() -> tuple[int, int]:
        gold.gold_set(campaign=disputed, sentence=sentence, value="opinion", actor=bob)
        stale = count_queries(partial(decide, 0), expect=409, warm=True)
        current = GoldLabelEvent.objects.filter(sentence=sentence).latest("pk").pk
        return stale, count_queries(partial(decide, current))

    few = measure()
    for _ in range(5):
        gold.gold_set(campaign=disputed, sentence=sentence, value="no_claim", actor=bob)
    assert measure() == few
