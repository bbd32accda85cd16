from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotator.models import Prediction, Review
from tests.factories import PASSWORD, UserFactory

FILES = Path(__file__).parent / "files"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def admin_api(db) -> APIClient:
    return _api(UserFactory.create(username="ada", is_staff=True))


def test_predictions_post_stores_them_and_lists_what_it_could_not_place(admin_api, campaign):
    first, second = campaign.articles.get().sentences.order_by("position")[:2]
    response = admin_api.post(
        reverse("api-campaign-predictions", args=[campaign.pk]),
        {
            "model_name": "theirs",
            "model_version": "1.2",
            "items": [
                {"sentence_id": first.pk, "label": "opinion", "score": 0.6},
                {"article_id": second.article_id, "start": second.start, "end": second.end,
                 "label": "Sourced", "score": 0.9},
                {"sentence_id": 999999, "label": "opinion", "score": 0.6},
            ],
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert (body["predictions_created"], body["predictions_updated"]) == (2, 0)
    assert body["unplaced"] == [
        {"index": 2, "reason": "sentence 999999 is not in campaign 'Spring audit'"}
    ]
    assert {(p.sentence_id, p.value, p.model_version) for p in Prediction.objects.all()} == {
        (first.pk, "opinion", "1.2"),
        (second.pk, "sourced", "1.2"),
    }


def test_a_bad_item_is_a_400_in_the_error_shape_and_stores_nothing(admin_api, campaign):
    first = campaign.articles.get().sentences.first()
    response = admin_api.post(
        reverse("api-campaign-predictions", args=[campaign.pk]),
        {"items": [{"sentence_id": first.pk, "label": "opinion", "score": 0.5},
                   {"sentence_id": first.pk, "label": "opinion", "score": 7}]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"items[1].score": ["expected a number from 0 to 1, got 7"]}
    assert not Prediction.objects.exists()


def test_annotations_post_of_label_studio_tasks_as_reviews(admin_api, campaign):
    tasks = json.loads((FILES / "label_studio_project.json").read_text())
    response = admin_api.post(
        reverse("api-campaign-annotations", args=[campaign.pk]),
        {"items": tasks, "store_as": "reviews"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["reviews"] == 2
    assert Review.objects.filter(campaign=campaign, status="submitted").count() == 2


def test_annotations_post_with_an_unknown_label_names_it(admin_api, campaign):
    record = {"text": "The council met.", "label": [[0, 16, "Claimish"]]}
    response = admin_api.post(
        reverse("api-campaign-annotations", args=[campaign.pk]),
        {"items": [record], "reviewer": "dora"},
        format="json",
    )
    assert response.status_code == 400
    assert "unknown label 'Claimish' (line 1)" in response.json()["error"]["message"]
    assert campaign.articles.count() == 1


def test_reviewers_get_403(reviewer, campaign):
    response = _api(reviewer).post(
        reverse("api-campaign-predictions", args=[campaign.pk]),
        {"items": [{"sentence_id": 1, "label": "opinion", "score": 1}]},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This endpoint is for admins."


def test_a_session_post_without_the_csrf_token_is_refused(campaign):
    UserFactory.create(username="ada", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="ada", password=PASSWORD)
    sentence = campaign.articles.get().sentences.first()
    response = client.post(
        reverse("api-campaign-predictions", args=[campaign.pk]),
        json.dumps({"items": [{"sentence_id": sentence.pk, "label": "opinion", "score": 1}]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Prediction.objects.exists()
