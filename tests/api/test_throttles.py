"""The write throttle: counted in memory per worker, per caller; reads never throttled."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from annotator.accounts.tokens import token_create
from annotator.models import Label, Review
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_writes_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "5/min"},
    }


def _api(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {token_create(user=user, name='t')[1]}"})


def _put(client: Client, review, sentence, value: str):
    return client.put(
        f"/api/reviews/{review.pk}/labels/{sentence.pk}/",
        json.dumps({"value": value}),
        content_type="application/json",
    )


def test_writes_past_the_rate_get_429_in_the_error_shape_and_reads_go_on(
    five_writes_a_minute, review, other_reviewer, campaign, article
):
    mine = _api(review.reviewer)
    sentence = article.sentences.first()
    for value in ["sourced", "opinion", "unsourced", "no_claim", "sourced"]:
        assert _put(mine, review, sentence, value).status_code == 200
    refused = _put(mine, review, sentence, "opinion")
    assert refused.status_code == 429
    assert refused.json()["error"]["status"] == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert Label.objects.get(review=review).value == "sourced"
    assert mine.get(f"/api/reviews/{review.pk}/labels/").status_code == 200
    # A colleague's writes are counted on their own.
    theirs = Review.objects.create(campaign=campaign, article=article, reviewer=other_reviewer)
    assert _put(_api(other_reviewer), theirs, sentence, "opinion").status_code == 200


def test_the_throttle_costs_no_query(review, article):
    client = _api(review.reviewer)
    sentence = article.sentences.first()
    _put(client, review, sentence, "sourced")  # records the token's first use
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    queries = count_queries(lambda: _put(client, review, sentence, "opinion"))
    # token with its user, review, sentence, then the label write (one statement on
    # PostgreSQL; lock, write, history in savepoints elsewhere): nothing for the throttle
    assert queries == (4 if connection.vendor == "postgresql" else 8)
