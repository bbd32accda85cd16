from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from annotator.models import Campaign, Label, Prediction
from tests.factories import PASSWORD, UserFactory, make_article
from tests.queries import count_queries

FILES = Path(__file__).parent / "files"


@pytest.fixture
def curator_client(db) -> Client:
    UserFactory.create(username="ada", is_staff=True)
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    return client


def _upload(rows: list[dict[str, object]], name: str = "preds.jsonl") -> SimpleUploadedFile:
    data = "".join(json.dumps(row) + "\n" for row in rows).encode()
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_predictions_upload_stores_and_lists_rows_it_could_not_place(curator_client, campaign):
    first = campaign.articles.get().sentences.order_by("position").first()
    upload = _upload(
        [
            {"sentence_id": first.pk, "label": "Opinion", "score": 0.75},
            {"article_id": first.article_id, "text": "Not in it.", "label": "opinion", "score": 1},
        ]
    )
    response = curator_client.post(
        reverse("bring-predictions", args=[campaign.pk]),
        {"file": upload, "model_name": "theirs", "model_version": "", "label_map": ""},
    )
    assert response.status_code == 200
    assert Prediction.objects.get().sentence == first
    page = response.text
    assert "1 predictions new" in page
    assert "1 could not be placed on a sentence and were skipped" in page
    assert "preds.jsonl:2: no sentence of the article has the text &#x27;Not in it.&#x27;" in page


def test_a_bad_upload_stores_nothing_and_says_how_to_recover(curator_client, campaign):
    first = campaign.articles.get().sentences.first()
    upload = _upload(
        [
            {"sentence_id": first.pk, "label": "opinion", "score": 0.5},
            {"sentence_id": first.pk, "label": "opinion", "score": "high"},
        ]
    )
    response = curator_client.post(
        reverse("bring-predictions", args=[campaign.pk]), {"file": upload, "model_name": "m"}
    )
    assert response.status_code == 400
    assert "Nothing was stored" in response.text
    assert "preds.jsonl:2: field &#x27;score&#x27;: expected a number from 0 to 1" in response.text
    assert "upload it again" in response.text
    assert not Prediction.objects.exists()


def test_annotations_upload_of_a_label_studio_export(curator_client, campaign):
    data = (FILES / "label_studio_project.json").read_bytes()
    upload = SimpleUploadedFile("project.json", data)
    response = curator_client.post(
        reverse("bring-annotations", args=[campaign.pk]),
        {"file": upload, "store_as": "reviews"},
    )
    assert response.status_code == 200
    assert "1 articles imported, 0 already stored" in response.text
    assert "2 submitted reviews with 8 labels" in response.text
    assert Label.objects.filter(review__campaign=campaign).count() == 8
    assert Prediction.objects.filter(campaign=campaign, model_name="label-studio").count() == 2


def test_annotations_as_predictions_need_a_model_name(curator_client, campaign):
    upload = SimpleUploadedFile("project.json", (FILES / "label_studio_project.json").read_bytes())
    response = curator_client.post(
        reverse("bring-annotations", args=[campaign.pk]),
        {"file": upload, "store_as": "predictions"},
    )
    assert response.status_code == 400
    assert "Name the model the predictions are stored under." in response.text
    assert campaign.articles.count() == 1


def test_reviewers_may_not_bring_anything(reviewer_client, campaign):
    upload = _upload([{"sentence_id": 1, "label": "opinion", "score": 1}])
    assert reviewer_client.get(reverse("bring", args=[campaign.pk])).status_code == 403
    response = reviewer_client.post(
        reverse("bring-predictions", args=[campaign.pk]), {"file": upload, "model_name": "m"}
    )
    assert response.status_code == 403
    assert not Prediction.objects.exists()


def test_an_upload_without_the_csrf_token_is_refused(campaign):
    UserFactory.create(username="ada", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="ada", password=PASSWORD)
    sentence = campaign.articles.get().sentences.first()
    upload = _upload([{"sentence_id": sentence.pk, "label": "opinion", "score": 1}])
    response = client.post(
        reverse("bring-predictions", args=[campaign.pk]), {"file": upload, "model_name": "m"}
    )
    assert response.status_code == 403
    assert not Prediction.objects.exists()


def test_the_bring_page_costs_the_same_queries_with_more_predictions(curator_client, campaign):
    url = reverse("bring", args=[campaign.pk])
    before = count_queries(lambda: curator_client.get(url))
    for n in range(3):
        article = make_article(sentences=4, title=f"More {n}")
        campaign.articles.add(article)
        Prediction.objects.bulk_create(
            Prediction(campaign=campaign, sentence=s, value="opinion", score=0.5,
                       model_name=f"model {n}", created_at=article.created_at)
            for s in article.sentences.all()
        )  # fmt: skip
    page = curator_client.get(url)
    assert "model 2" in page.text
    assert count_queries(lambda: curator_client.get(url)) == before


def test_the_campaign_nav_links_to_bring(curator_client, campaign: Campaign):
    page = curator_client.get(reverse("campaign-edit", args=[campaign.pk])).text
    assert reverse("bring", args=[campaign.pk]) in page
