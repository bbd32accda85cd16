"""Pages and API answers that show labels are never kept by a browser or proxy cache."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotator.review import services

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_the_workspace_its_fragments_and_the_api_are_not_stored(reviewer_client, review):
    sentence = review.article.sentences.first()
    services.label_set(review=review, sentence=sentence, value="sourced", actor=review.reviewer)
    pages = [
        reverse("home"),
        reverse("review", args=[review.pk]),
        reverse("sentence", args=[review.pk, sentence.pk]),
        f"/api/reviews/{review.pk}/labels/",
    ]
    for url in pages:
        response = reviewer_client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url
    tagged = reviewer_client.post(
        reverse("label-update", args=[review.pk, sentence.pk]),
        {"value": "opinion"},
        HTTP_HX_REQUEST="true",
    )
    assert _no_store(tagged)


def test_static_files_keep_their_long_caching(client):
    response = client.get("/static/annotator/app.css")
    assert response.status_code == 200
    response.close()
    assert not _no_store(response)
