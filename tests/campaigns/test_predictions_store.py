from __future__ import annotations

import pytest

from annotator.campaigns.predictions import PredictionRow, predictions_store
from annotator.models import Campaign, Prediction
from tests.factories import make_article
from tests.queries import count_queries


def _rows(campaign: Campaign, value: str = "sourced", score: float = 0.9) -> list[PredictionRow]:
    ids = campaign.articles.get().sentences.order_by("position").values_list("pk", flat=True)
    return [PredictionRow(sentence_id=pk, value=value, score=score) for pk in ids]


def test_store_creates_then_updates_on_the_same_model(campaign):
    first = predictions_store(
        campaign=campaign, rows=_rows(campaign), model_name="built-in", model_version="v1"
    )
    again = predictions_store(
        campaign=campaign,
        rows=_rows(campaign, "opinion", 0.6)[:3],
        model_name="built-in",
        model_version="v2",
    )
    assert (first.created, first.updated) == (5, 0)
    assert (again.created, again.updated) == (0, 3)
    stored = Prediction.objects.filter(campaign=campaign).order_by("sentence__position")
    assert [(p.value, p.model_version) for p in stored][:4] == [
        ("opinion", "v2"), ("opinion", "v2"), ("opinion", "v2"), ("sourced", "v1"),
    ]  # fmt: skip


def test_another_model_keeps_its_own_rows(campaign):
    predictions_store(campaign=campaign, rows=_rows(campaign), model_name="built-in")
    result = predictions_store(campaign=campaign, rows=_rows(campaign), model_name="theirs")
    assert result.created == 5
    assert Prediction.objects.filter(campaign=campaign).count() == 10


def test_replace_deletes_the_models_earlier_rows_it_no_longer_gives(campaign):
    predictions_store(campaign=campaign, rows=_rows(campaign), model_name="built-in")
    result = predictions_store(
        campaign=campaign, rows=_rows(campaign)[:2], model_name="built-in", replace=True
    )
    assert (result.created, result.updated, result.deleted) == (0, 2, 3)
    assert Prediction.objects.filter(campaign=campaign).count() == 2


@pytest.mark.parametrize(
    ("value", "score", "message"),
    [("maybe", 0.5, "unknown label"), ("sourced", 1.5, "not within 0..1")],
)
def test_bad_rows_store_nothing(campaign, value, score, message):
    rows = _rows(campaign)
    rows[-1] = PredictionRow(sentence_id=rows[-1].sentence_id, value=value, score=score)
    with pytest.raises(ValueError, match=message):
        predictions_store(campaign=campaign, rows=rows, model_name="m")
    assert not Prediction.objects.exists()


def test_a_sentence_outside_the_campaign_is_refused(campaign):
    stranger = make_article(sentences=1, title="Elsewhere").sentences.get()
    rows = [*_rows(campaign), PredictionRow(sentence_id=stranger.pk, value="opinion", score=0.5)]
    with pytest.raises(ValueError, match="not in campaign"):
        predictions_store(campaign=campaign, rows=rows, model_name="m")
    assert not Prediction.objects.exists()


def test_store_costs_a_fixed_number_of_queries(campaign):
    for _ in range(3):
        campaign.articles.add(make_article(sentences=40, title=f"More {_}"))
    ids = Campaign.articles.through.objects.filter(campaign=campaign).values("article_id")
    rows = [
        PredictionRow(sentence_id=pk, value="no_claim", score=0.7)
        for pk in campaign.articles.model.objects.filter(pk__in=ids).values_list(
            "sentences__pk", flat=True
        )
    ]
    queries = count_queries(
        lambda: predictions_store(campaign=campaign, rows=rows, model_name="m"), expect=None
    )
    assert queries <= 6
