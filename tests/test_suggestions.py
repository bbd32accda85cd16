"""The suggestion rule (annotator/suggestions.py): the newest prediction, ties by the higher
score; an article's uncertainty is the mean of 1 - score over its suggested sentences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from annotator.models import Campaign, Prediction
from annotator.suggestions import (
    Suggestion,
    article_uncertainty,
    suggestion_annotations,
    suggestion_from,
    suggestion_of,
    suggestions_for_article,
)
from articles.models import Article, Sentence
from tests.factories import CampaignFactory, make_article
from tests.queries import count_queries

T0 = datetime(2025, 3, 1, tzinfo=UTC)


def predict(campaign: Campaign, sentence: Sentence, value: str, score: float, **fields) -> None:
    fields.setdefault("model_name", "m")
    fields.setdefault("created_at", T0)
    Prediction.objects.create(
        campaign=campaign, sentence=sentence, value=value, score=score, **fields
    )


@pytest.fixture
def sentences(campaign, article) -> list[Sentence]:
    return list(article.sentences.order_by("position"))


def test_newest_prediction_wins_over_a_more_confident_older_one(campaign, article, sentences):
    first = sentences[0]
    predict(campaign, first, "sourced", 0.99, model_name="old", created_at=T0)
    predict(campaign, first, "opinion", 0.6, model_name="new", created_at=T0 + timedelta(1))

    assert suggestions_for_article(campaign_id=campaign.pk, article_id=article.pk) == {
        first.pk: Suggestion("opinion", 0.6)
    }
    assert suggestion_of(campaign=campaign, sentence=first.pk).get().value == "opinion"


def test_a_tie_in_time_goes_to_the_higher_score(campaign, article, sentences):
    predict(campaign, sentences[1], "sourced", 0.55, model_name="a")
    predict(campaign, sentences[1], "opinion", 0.9, model_name="b")
    predict(campaign, sentences[1], "unsourced", 0.7, model_name="c")

    found = suggestions_for_article(campaign_id=campaign.pk, article_id=article.pk)
    assert found == {sentences[1].pk: Suggestion("opinion", 0.9)}
    annotated = Sentence.objects.annotate(**suggestion_annotations(campaign=campaign)).get(
        pk=sentences[1].pk
    )
    assert suggestion_from(annotated) == Suggestion("opinion", 0.9)
    assert (
        suggestion_from(
            Sentence.objects.annotate(**suggestion_annotations(campaign=campaign)).get(
                pk=sentences[0].pk
            )
        )
        is None
    )


def test_another_campaigns_predictions_are_not_suggested(campaign, article, sentences):
    other = CampaignFactory.create()
    other.articles.add(article)
    predict(other, sentences[0], "sourced", 0.9)

    assert suggestions_for_article(campaign_id=campaign.pk, article_id=article.pk) == {}


def test_an_articles_suggestions_cost_one_query_whatever_its_length(campaign):
    for size in (5, 400):
        article = make_article(sentences=size, title=f"{size} sentences")
        campaign.articles.add(article)
        Prediction.objects.bulk_create(
            Prediction(
                campaign=campaign,
                sentence=s,
                value="no_claim",
                score=0.5,
                model_name="m",
                created_at=T0,
            )
            for s in article.sentences.all()
        )
        found: dict[int, Suggestion] = {}

        def read(article_id: int = article.pk, found: dict[int, Suggestion] = found) -> None:
            found.update(suggestions_for_article(campaign_id=campaign.pk, article_id=article_id))

        assert count_queries(read) == 1
        assert len(found) == size


def test_article_uncertainty_is_the_mean_of_one_minus_the_suggestions_scores(
    campaign, article, sentences
):
    unscored = make_article(sentences=3, title="Unscored")
    campaign.articles.add(unscored)
    predict(campaign, sentences[0], "sourced", 0.9)
    predict(campaign, sentences[1], "sourced", 0.5)
    # An older, surer prediction of another model does not count: the suggestion does.
    predict(campaign, sentences[1], "opinion", 1.0, model_name="old", created_at=T0 - timedelta(1))

    uncertainty = dict(
        Article.objects.annotate(u=article_uncertainty(campaign=campaign)).values_list("pk", "u")
    )
    assert uncertainty[article.pk] == pytest.approx((0.1 + 0.5) / 2)
    assert uncertainty[unscored.pk] is None
