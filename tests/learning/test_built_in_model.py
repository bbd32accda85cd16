"""The built-in model: trained in the background on a campaign's gold, every version kept
with its out-of-fold scores and shown on the campaign page, its file plain arrays, its
predictions stored for every sentence; retrained after N gold changes and on request."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotator.learning import features, linear
from annotator.learning.services import model_file, training_set
from annotator.learning.tasks import model_retrain_if_due, model_training_queue
from annotator.models import (
    Campaign,
    GoldLabel,
    GoldLabelEvent,
    ModelTraining,
    ModelVersion,
    Prediction,
)
from articles.models import Sentence
from tests.factories import PASSWORD, CampaignFactory, UserFactory, make_article
from tests.queries import count_queries

KINDS = {
    "sourced": [
        "The minister said the budget rose by {n} percent, according to the ministry's report.",
        "According to the council's figures, {n} homes were built last year, Mayor Lee said.",
    ],
    "unsourced": [
        "The bridge opened in 19{n} and carries {n},000 cars a day.",
        "The company employs {n} people in three cities.",
    ],
    "opinion": [
        "This is a terrible and shameful plan that should never pass, number {n}.",
        "I think the new stadium is a wonderful idea, really great for us all ({n}).",
    ],
    "no_claim": ["Why now, part {n}?", "What happens next, part {n}?"],
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def gold_campaign(db) -> Campaign:
    """A campaign of two articles whose 32 sentences all have gold (8 of each label)."""
    campaign = CampaignFactory.create(name="Model audit")
    lines: dict[str, list[str]] = {label: [] for label in KINDS}
    for label, patterns in KINDS.items():
        for n in range(8):
            lines[label].append(patterns[n % 2].format(n=10 + n))
    for part in (0, 1):
        text = "\n".join(lines[label][i] for i in range(part * 4, part * 4 + 4) for label in KINDS)
        campaign.articles.add(make_article(text=text, title=f"Article {part}"))
    by_text = {line: label for label, texts in lines.items() for line in texts}
    sentences = Sentence.objects.filter(article__campaigns=campaign)
    GoldLabel.objects.bulk_create(
        GoldLabel(campaign=campaign, sentence=s, value=by_text[s.text], method="adjudicated")
        for s in sentences
    )
    return campaign


def _train(campaign: Campaign, django_capture_on_commit_callbacks) -> ModelTraining:
    with django_capture_on_commit_callbacks(execute=True):
        job, new = model_training_queue(campaign=campaign)
    assert new
    job.refresh_from_db()
    return job


def test_training_on_gold_keeps_a_scored_version_and_predicts_every_sentence(
    gold_campaign, django_capture_on_commit_callbacks
):
    job = _train(gold_campaign, django_capture_on_commit_callbacks)
    assert job.status == ModelTraining.Status.DONE, job.error
    version = ModelVersion.objects.get(campaign=gold_campaign)
    assert (job.version_id, version.number, version.trained_on) == (version.pk, 1, 32)
    assert version.macro_f1 is not None and version.macro_f1 > 0.5
    assert set(version.scores) == set(KINDS)
    assert {"precision", "recall", "support"} <= set(version.scores["sourced"])
    assert version.curve[-1][0] == 32 and version.curve[0][0] == 25
    predictions = Prediction.objects.filter(campaign=gold_campaign)
    assert predictions.count() == 32
    assert {(p.model_name, p.model_version) for p in predictions} == {("built-in", "v1")}
    assert all(0 <= p.score <= 1 for p in predictions)
    why = predictions.get(sentence__text="Why now, part 10?")
    assert why.value == "no_claim"

    again = _train(gold_campaign, django_capture_on_commit_callbacks)
    assert again.version is not None and again.version.number == 2
    assert ModelVersion.objects.filter(campaign=gold_campaign).count() == 2
    assert set(predictions.values_list("model_version", flat=True)) == {"v2"}
    assert predictions.count() == 32


def test_the_model_file_is_plain_arrays_that_load_without_pickle(
    gold_campaign, django_capture_on_commit_callbacks
):
    job = _train(gold_campaign, django_capture_on_commit_callbacks)
    assert job.version is not None
    path = model_file(job.version)
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        assert names == ["format.npy", "intercepts.npy", "labels.npy", "weights.npy"]
        for name in names:
            assert b"pickle" not in archive.read(name)[:128]
    with np.load(path, allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    model = linear.load(path)
    stored = list(
        Prediction.objects.filter(campaign=gold_campaign)
        .select_related("sentence")
        .order_by("sentence__article_id", "sentence__position")
    )
    # Each sentence read in its article, as training predicted it.
    texts = [p.sentence.text for p in stored]
    sizes = list(Counter(p.sentence.article_id for p in stored).values())
    context = features.context_features(features.hand_features(texts), sizes)
    again = dict(zip([p.sentence_id for p in stored], model.predict(texts, context), strict=True))
    assert all(again[p.sentence_id][0] == p.value for p in stored)


def test_a_pickled_file_is_refused(tmp_path):
    path = Path(tmp_path) / "evil.npz"
    np.savez(
        path,
        format=np.array(1),
        labels=np.array([{"x": 1}], dtype=object),
        weights=np.zeros((1, 3)),
        intercepts=np.zeros(1),
    )
    with pytest.raises(ValueError, match="allow_pickle"):
        linear.load(path)


def test_too_few_gold_labels_fail_the_training_with_its_reason(
    campaign, django_capture_on_commit_callbacks
):
    first = campaign.articles.get().sentences.first()
    GoldLabel.objects.create(campaign=campaign, sentence=first, value="sourced", method="unanimous")
    job = _train(campaign, django_capture_on_commit_callbacks)
    assert job.status == ModelTraining.Status.FAILED
    assert "at least two labels" in job.error
    assert not ModelVersion.objects.exists() and not Prediction.objects.exists()


def _gold_changes(campaign: Campaign, count: int) -> None:
    sentence = Sentence.objects.filter(article__campaigns=campaign).first()
    GoldLabelEvent.objects.bulk_create(
        GoldLabelEvent(campaign=campaign, sentence=sentence, after={"value": "opinion"})
        for _ in range(count)
    )


def test_retrained_after_every_n_gold_changes(
    gold_campaign, settings, django_capture_on_commit_callbacks
):
    settings.MODEL_RETRAIN_EVERY = 5
    _gold_changes(gold_campaign, 4)
    assert model_retrain_if_due(campaign=gold_campaign) is None
    _gold_changes(gold_campaign, 1)
    with django_capture_on_commit_callbacks(execute=True):
        job = model_retrain_if_due(campaign=gold_campaign)
    assert job is not None and job.gold_events == 5
    assert ModelVersion.objects.filter(campaign=gold_campaign).count() == 1
    _gold_changes(gold_campaign, 4)
    assert model_retrain_if_due(campaign=gold_campaign) is None
    _gold_changes(gold_campaign, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert model_retrain_if_due(campaign=gold_campaign) is not None
    assert ModelVersion.objects.filter(campaign=gold_campaign).count() == 2


def test_never_retrained_by_count_when_the_setting_is_zero(gold_campaign, settings):
    settings.MODEL_RETRAIN_EVERY = 0
    _gold_changes(gold_campaign, 500)
    assert model_retrain_if_due(campaign=gold_campaign) is None


def test_submitting_reviews_that_settle_gold_retrains_the_model(
    settled, settings, django_capture_on_commit_callbacks
):
    # ``settled`` submitted two reviews (4 unanimous gold) and adjudicated one: 5 changes.
    campaign = settled[0]
    settings.MODEL_RETRAIN_EVERY = 5
    from annotator.review import services

    reviewer = UserFactory.create(username="third")
    review = campaign.reviews.create(article=make_article(sentences=3), reviewer=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_submit(review=review, actor=reviewer)
    assert ModelTraining.objects.filter(campaign=campaign).count() == 1


def test_campaign_page_shows_versions_and_curve_at_a_fixed_query_count(
    gold_campaign, admin_client, django_capture_on_commit_callbacks
):
    url = f"/campaigns/{gold_campaign.pk}/"
    _train(gold_campaign, django_capture_on_commit_callbacks)
    one = count_queries(lambda: admin_client.get(url))
    _train(gold_campaign, django_capture_on_commit_callbacks)
    _train(gold_campaign, django_capture_on_commit_callbacks)
    three = count_queries(lambda: admin_client.get(url))
    assert one == three
    page = admin_client.get(url).content.decode()
    assert "Built-in model" in page
    assert page.count("<td>v") == 3 and "<td>v3</td>" in page
    assert '<svg class="chart" role="img"' in page and "Learning curve" in page
    assert "32 labels: macro-F1" in page


def test_campaign_page_without_a_model_offers_training(gold_campaign, admin_client):
    page = admin_client.get(f"/campaigns/{gold_campaign.pk}/").content.decode()
    assert "No version yet" in page and "Train the model now" in page


def test_the_retrain_button_is_for_admins_only(gold_campaign, reviewer_client):
    response = reviewer_client.post(f"/campaigns/{gold_campaign.pk}/model/retrain")
    assert response.status_code == 403
    assert not ModelTraining.objects.exists()


def test_the_retrain_button_needs_the_csrf_token(gold_campaign):
    UserFactory.create(username="boss", is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="boss", password=PASSWORD)
    response = client.post(f"/campaigns/{gold_campaign.pk}/model/retrain")
    assert response.status_code == 403
    assert not ModelTraining.objects.exists()


def test_the_retrain_button_trains_and_returns_to_the_campaign(
    gold_campaign, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/campaigns/{gold_campaign.pk}/model/retrain")
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/{gold_campaign.pk}/"
    assert ModelVersion.objects.filter(campaign=gold_campaign).count() == 1


def test_api_retrain_and_versions(
    gold_campaign, admin_client, reviewer_client, django_capture_on_commit_callbacks
):
    base = f"/api/campaigns/{gold_campaign.pk}/model/"
    assert reviewer_client.post(base + "retrain/").status_code == 403
    assert reviewer_client.get(base).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(base + "retrain/")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    answer = admin_client.get(base).json()
    assert answer["training"]["status"] == "done" and answer["training"]["version"] == 1
    assert [v["number"] for v in answer["versions"]] == [1]
    assert answer["versions"][0]["trained_on"] == 32


def test_training_reads_each_gold_sentence_in_its_whole_article_in_one_query(gold_campaign):
    article = gold_campaign.articles.order_by("pk").first()
    assert article is not None
    # A sentence without gold still counts in its article's context.
    GoldLabel.objects.filter(sentence=article.sentences.get(position=0)).delete()
    with CaptureQueriesContext(connection) as captured:
        gold = training_set(campaign=gold_campaign)
    assert len(captured) == 1
    assert len(gold.texts) == len(gold.labels) == 31
    texts = list(article.sentences.values_list("text", flat=True))
    whole = features.context_features(features.hand_features(texts), [len(texts)])
    assert gold.texts[0] == texts[1]
    assert np.array_equal(gold.context[: len(texts) - 1], whole[1:])
