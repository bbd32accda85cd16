"""A campaign's assisted-labelling settings (issue 15) on the campaign form and in the API:
when reviewers see suggestions, the accept-all threshold, the queue order."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotator.models import Campaign
from tests.factories import PASSWORD, CampaignFactory, UserFactory


@pytest.fixture
def admin(db):
    return UserFactory.create(username="ada", is_staff=True)


@pytest.fixture
def admin_client(admin) -> Client:
    client = Client()
    assert client.login(username=admin.username, password=PASSWORD)
    return client


def test_admin_sets_suggestions_threshold_and_queue_order_on_the_campaign_form(admin_client):
    form = admin_client.get(reverse("campaign-create")).text
    assert 'name="suggestions"' in form
    assert 'name="suggestion_threshold"' in form
    assert 'name="queue_order"' in form
    admin_client.post(
        reverse("campaign-create"),
        {
            "name": "Assisted",
            "reviews_per_article": "1",
            "is_open": "on",
            "suggestions": "before",
            "suggestion_threshold": "0.9",
            "queue_order": "uncertainty",
        },
    )
    campaign = Campaign.objects.get(name="Assisted")
    assert (campaign.suggestions, campaign.suggestion_threshold, campaign.queue_order) == (
        "before",
        0.9,
        "uncertainty",
    )


def test_a_threshold_outside_0_to_1_is_explained_and_nothing_changes(admin_client):
    campaign = CampaignFactory.create(suggestions="before")
    response = admin_client.post(
        reverse("campaign-edit", args=[campaign.pk]),
        {"name": campaign.name, "reviews_per_article": "1", "suggestion_threshold": "80"},
    )
    assert "between 0 and 1" in response.text
    campaign.refresh_from_db()
    assert campaign.suggestion_threshold == 0.8


def test_a_form_without_the_settings_keeps_the_campaigns_own(admin_client):
    campaign = CampaignFactory.create(
        suggestions="after", suggestion_threshold=0.6, queue_order="uncertainty"
    )
    admin_client.post(
        reverse("campaign-edit", args=[campaign.pk]),
        {"name": campaign.name, "reviews_per_article": "2", "is_open": "on"},
    )
    campaign.refresh_from_db()
    assert campaign.reviews_per_article == 2
    assert (campaign.suggestions, campaign.suggestion_threshold, campaign.queue_order) == (
        "after",
        0.6,
        "uncertainty",
    )


def test_the_api_reads_and_writes_the_settings_and_a_partial_update_keeps_the_rest(admin):
    api = APIClient()
    api.force_login(admin)
    campaign = CampaignFactory.create(
        suggestions="before", suggestion_threshold=0.7, reports_visible_to_reviewers=True
    )
    url = f"/api/campaigns/{campaign.pk}/"
    assert api.get(url).json()["suggestions"] == "before"

    response = api.patch(url, {"queue_order": "uncertainty"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["suggestion_threshold"] == 0.7
    campaign.refresh_from_db()
    assert campaign.queue_order == "uncertainty"
    assert campaign.suggestions == "before"
    assert campaign.reports_visible_to_reviewers  # kept, though the API does not show it
    refused = api.patch(url, {"suggestions": "sometimes"}, format="json")
    assert refused.status_code == 400
