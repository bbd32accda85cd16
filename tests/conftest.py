from __future__ import annotations

import pytest
from django.test import Client

from annotator.models import Campaign, Review
from articles.models import Article
from tests.factories import PASSWORD, CampaignFactory, UserFactory, make_article


@pytest.fixture
def reviewer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="rita")


@pytest.fixture
def other_reviewer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="otto")


@pytest.fixture
def article(db) -> Article:  # type: ignore[no-untyped-def]
    return make_article(sentences=5)


@pytest.fixture
def campaign(reviewer, other_reviewer, article) -> Campaign:  # type: ignore[no-untyped-def]
    campaign = CampaignFactory(name="Spring audit")
    campaign.reviewers.add(reviewer, other_reviewer)
    campaign.articles.add(article)
    return campaign


@pytest.fixture
def review(campaign, article, reviewer) -> Review:  # type: ignore[no-untyped-def]
    return Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)


@pytest.fixture
def reviewer_client(reviewer) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    assert client.login(username=reviewer.username, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: throttle counts and progress never leak between
    tests (SQLite reuses user ids)."""
    from django.core.cache import cache

    cache.clear()
