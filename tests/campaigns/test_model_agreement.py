"""The progress page's agreement with the model (issue 15): per reviewer and overall, the
share of labels equal to the suggestion shown beside them and the share accepted with the
accept keys, with counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from annotator.campaigns import selectors
from annotator.models import Campaign, Prediction, Review
from annotator.review import accepting, services
from annotator.suggestions import Suggestion
from tests.factories import PASSWORD, UserFactory, make_article
from tests.queries import count_queries


def _label(review: Review, position: int, value: str, suggested: str, **kwargs) -> None:
    sentence = review.article.sentences.get(position=position)
    services.label_set(
        review=review,
        sentence=sentence,
        value=value,
        actor=review.reviewer,
        suggestion=Suggestion(suggested, 0.9),
        **kwargs,
    )


@pytest.fixture
def assisted(campaign: Campaign, article, reviewer, other_reviewer) -> Campaign:
    campaign.suggestions = "before"
    campaign.save()
    for sentence in article.sentences.all():
        Prediction.objects.create(
            campaign=campaign, sentence=sentence, value="opinion", score=0.9, model_name="m",
            created_at=datetime(2025, 3, 1, tzinfo=UTC),
        )  # fmt: skip
    rita = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    _label(rita, 0, "opinion", "opinion", accepted=True)  # accepted: agrees
    _label(rita, 1, "opinion", "opinion")  # typed the same label: agrees, not accepted
    _label(rita, 2, "sourced", "opinion")  # disagrees
    otto = Review.objects.create(campaign=campaign, article=article, reviewer=other_reviewer)
    accepting.suggestions_accept(
        review=otto,
        actor=other_reviewer,
        shown={s.pk: "opinion" for s in article.sentences.filter(position__lt=2)},
    )
    return campaign


@pytest.mark.django_db
def test_agreement_and_acceptance_per_reviewer_and_overall(assisted):
    rows = selectors.model_agreement(campaign=assisted)
    figures = [(r.reviewer, r.shown, r.agreed, r.accepted) for r in rows]
    assert figures == [("otto", 2, 2, 2), ("rita", 3, 2, 1), (None, 5, 4, 3)]
    assert rows[1].agreement == pytest.approx(2 / 3)
    assert rows[1].acceptance == pytest.approx(1 / 3)


@pytest.mark.django_db
def test_the_progress_page_shows_them_with_counts_at_a_fixed_cost(assisted, campaign):
    UserFactory.create(username="ada", is_staff=True)
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    url = reverse("campaign", args=[campaign.pk])

    html = client.get(url).text
    assert "Agreement with the model" in html
    assert '<td class="num">4 · 80%</td>' in html  # everyone: 4 of 5 equal to the suggestion
    assert '<td class="num">3 · 60%</td>' in html  # 3 of 5 accepted with a key

    before = count_queries(lambda: client.get(url))
    article = make_article(sentences=4, title="More")
    campaign.articles.add(article)
    review = Review.objects.create(
        campaign=campaign, article=article, reviewer=UserFactory.create()
    )
    _label(review, 0, "no_claim", "opinion")
    assert count_queries(lambda: client.get(url)) == before


@pytest.mark.django_db
def test_no_table_when_no_label_was_made_beside_a_suggestion(campaign):
    assert selectors.model_agreement(campaign=campaign) == []
