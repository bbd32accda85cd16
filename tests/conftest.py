from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.test import Client

from annotator.campaigns import gold
from annotator.models import Campaign, Review
from annotator.review import services
from articles.models import Article, Outlet
from tests.factories import PASSWORD, CampaignFactory, UserFactory, make_article


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Remove this process's upload folder (tests/settings.py)."""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, with any session a test left open (a server thread, a
    worker process still stopping) closed before they are dropped: a test database someone is
    still connected to can't be dropped, and the run would end in an error."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        from tests.processes import CUT_CONNECTIONS

        with django_db_blocker.unblock():
            connection.close()  # a test may have cut this one too: a new one asks
            with connection.cursor() as cursor:
                cursor.execute(CUT_CONNECTIONS)


@pytest.fixture
def reviewer(db):
    return UserFactory.create(username="rita")


@pytest.fixture
def other_reviewer(db):
    return UserFactory.create(username="otto")


@pytest.fixture
def article(db) -> Article:
    return make_article(sentences=5)


@pytest.fixture
def campaign(reviewer, other_reviewer, article) -> Campaign:
    campaign = CampaignFactory.create(name="Spring audit")
    campaign.reviewers.add(reviewer, other_reviewer)
    campaign.articles.add(article)
    return campaign


@pytest.fixture
def review(campaign, article, reviewer) -> Review:
    return Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    client = Client()
    assert client.login(username=reviewer.username, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache and no API write counts: throttle counts and
    progress never leak between tests (SQLite reuses user ids)."""
    from django.core.cache import cache

    from annotator.api.throttles import WriteThrottle

    cache.clear()
    WriteThrottle.forget()


@pytest.fixture
def settled(campaign, article, reviewer, other_reviewer):
    """Two submitted reviews of a 5-sentence article: they disagree on the first sentence,
    which an admin settles; the other four are unanimous no claim."""
    campaign.reviews_per_article = 2
    campaign.save()
    article.outlet = Outlet.objects.create(name="Daily Planet", slug="daily-planet")
    article.url = "https://planet.example/harbour"
    article.author = "Lois Lane"
    article.published = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    article.save()
    first = article.sentences.order_by("position").first()
    mine = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    theirs = Review.objects.create(campaign=campaign, article=article, reviewer=other_reviewer)
    services.label_set(
        review=mine, sentence=first, value="sourced", actor=reviewer, source="Dr. Marsh"
    )
    services.label_set(
        review=theirs, sentence=first, value="unsourced", actor=other_reviewer, note="=1+1"
    )
    services.review_submit(review=mine, actor=reviewer)
    services.review_submit(review=theirs, actor=other_reviewer)
    admin = UserFactory.create(username="ada", is_staff=True)
    gold.gold_set(campaign=campaign, sentence=first, value="sourced", actor=admin)
    return campaign, article, first
