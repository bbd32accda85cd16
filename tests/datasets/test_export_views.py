from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from annotator.datasets import exports, jsonl
from annotator.datasets.options import ExportOptions
from annotator.models import ExportJob, Review
from annotator.review import services
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def admin_client(db) -> Client:
    UserFactory.create(username="ada", is_staff=True, is_superuser=True)
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    return client


@pytest.fixture
def submitted(campaign, article, reviewer):
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    services.label_set(
        review=review, sentence=article.sentences.first(), value="opinion", actor=reviewer,
        note='=HYPERLINK("x")',
    )  # fmt: skip
    services.review_submit(review=review, actor=reviewer)
    return review


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_a_reviewer_gets_403_on_every_export_url(reviewer_client, submitted):
    job = ExportJob.objects.create(format="jsonl", status="done", path="exports/x.jsonl")
    for method, url in [
        ("get", reverse("exports")),
        ("post", reverse("exports")),
        ("get", reverse("export-detail", args=[job.pk])),
        ("get", reverse("export-download", args=[job.pk])),
    ]:
        response = getattr(reviewer_client, method)(url, {"format": "jsonl", "labels": "both"})
        assert response.status_code == 403, url


def test_download_now_streams_the_export(admin_client, submitted):
    response = admin_client.post(
        reverse("exports"),
        {"format": "jsonl", "labels": "both", "include_no_claim": "on", "seed": "13",
         "action": "download"},
    )  # fmt: skip
    assert response.status_code == 200 and response.streaming
    named = 'attachment; filename="all-campaigns-gold-and-reviewers-'
    assert response["Content-Disposition"].startswith(named)
    lines = _body(response).splitlines()
    assert len(lines) == 5
    assert json.loads(lines[0])["labels"][0]["label"] == "opinion"


def test_csv_download_is_spreadsheet_safe(admin_client, submitted):
    response = admin_client.post(
        reverse("exports"),
        {"format": "csv", "labels": "reviewers", "include_no_claim": "on", "seed": "13",
         "action": "download"},
    )  # fmt: skip
    body = _body(response)
    assert '\'=HYPERLINK(""x"")' in body
    assert response["Content-Type"].startswith("text/csv")


def test_background_export_shows_progress_then_a_download(admin_client, submitted):
    response = admin_client.post(
        reverse("exports"),
        {"format": "jsonl", "labels": "gold", "seed": "13", "action": "background"},
    )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export-detail", args=[job.pk])
    assert job.status == "done"  # the test settings run tasks at once
    page = admin_client.get(response["Location"]).text
    assert "Download" in page
    download = admin_client.get(reverse("export-download", args=[job.pk]))
    expected = "".join(
        jsonl.jsonl_lines(
            exports.export_records(ExportOptions(labels="gold", include_no_claim=False))
        )
    )
    assert _body(download) == expected


def test_export_form_explains_bad_dates(admin_client):
    response = admin_client.post(
        reverse("exports"),
        {"format": "jsonl", "labels": "both", "seed": "13", "published_from": "2026-05-01",
         "published_to": "2026-04-01", "action": "download"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "is after" in response.text


def test_django_admin_action_exports_the_selected_campaigns(admin_client, submitted, campaign):
    response = admin_client.post(
        reverse("admin:annotator_campaign_changelist"),
        {"action": "export_jsonl", "_selected_action": [campaign.pk]},
    )
    assert response.status_code == 200
    assert len(_body(response).splitlines()) == 5


def test_export_pages_cost_fixed_queries(admin_client, submitted, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        admin_client.get(reverse("exports"))
    for n in range(5):
        ExportJob.objects.create(format="csv", status="done", records=n)
    with django_assert_max_num_queries(8):
        admin_client.get(reverse("exports"))
    job = ExportJob.objects.first()
    with django_assert_max_num_queries(4):
        admin_client.get(reverse("export-detail", args=[job.pk]))
