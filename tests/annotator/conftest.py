from __future__ import annotations

from datetime import UTC, datetime

import pytest

from annotator import gold, services
from annotator.models import Review
from articles.models import Outlet
from tests.factories import UserFactory


@pytest.fixture
def settled(campaign, article, reviewer, other_reviewer):  # type: ignore[no-untyped-def]
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
    admin = UserFactory(username="ada", is_staff=True)
    gold.gold_set(campaign=campaign, sentence=first, value="sourced", actor=admin)
    return campaign, article, first
