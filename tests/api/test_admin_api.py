"""The admins' API: campaigns (scoped for reviewers), progress, agreement, adjudication, gold
and exports; 403 for reviewers on everything admin-only; fixed query counts for every list."""

from __future__ import annotations

import csv
import io
import json
from functools import partial
from typing import Any

import pytest
from rest_framework.test import APIClient

from annotator.models import Campaign, ExportJob, GoldLabel, Review
from annotator.review import services
from articles.models import Article, Outlet
from tests.factories import CampaignFactory, UserFactory, make_article
from tests.queries import count_queries

ADMINS_ONLY = "This endpoint is for admins."


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=None)
    client.force_login(user)
    return client


@pytest.fixture
def admin(db):
    return UserFactory.create(username="ada", is_staff=True)


@pytest.fixture
def admin_api(admin) -> APIClient:
    return _client(admin)


@pytest.fixture
def reviewer_api(reviewer) -> APIClient:
    return _client(reviewer)


def _disagree(campaign: Campaign, article: Article, first: Any, second: Any) -> None:
    """Both reviewers review the article and submit; they disagree on its first sentence."""
    sentence = article.sentences.order_by("position")[0]
    for reviewer, value in ((first, "sourced"), (second, "opinion")):
        review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
        services.label_set(review=review, sentence=sentence, value=value, actor=reviewer)
        services.review_submit(review=review, actor=reviewer)


@pytest.fixture
def disputed(campaign, article, reviewer, other_reviewer) -> Campaign:
    campaign.reviews_per_article = 2
    campaign.save()
    _disagree(campaign, article, reviewer, other_reviewer)
    return campaign


def _body(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_reviewers_get_403_on_every_admin_endpoint(reviewer_api, disputed, article):
    job = ExportJob.objects.create(format="jsonl", status="done", path="exports/x.jsonl")
    base = f"/api/campaigns/{disputed.pk}/"
    sentence = article.sentences.first().pk
    for method, url, data in [
        ("post", "/api/campaigns/", {"name": "Mine now"}),
        ("patch", base, {"reviews_per_article": 5}),
        ("put", base, {"name": "x"}),
        ("get", f"{base}progress/", None),
        ("get", f"{base}agreement/", None),
        ("post", f"{base}articles/", {"action": "add", "search": "council"}),
        ("get", f"{base}disagreements/", None),
        ("get", f"{base}gold/", None),
        ("post", f"{base}gold/", {"sentence": sentence, "value": "opinion"}),
        ("put", f"{base}gold/", {"sentence": sentence, "value": "opinion"}),
        ("get", "/api/exports/?format=jsonl", None),
        ("post", "/api/exports/", {"format": "jsonl"}),
        ("get", "/api/exports/jobs/", None),
        ("get", f"/api/exports/jobs/{job.pk}/", None),
        ("get", f"/api/exports/jobs/{job.pk}/download/", None),
    ]:
        response = getattr(reviewer_api, method)(url, data, format="json")
        assert response.status_code == 403, (method, url)
        assert response.json()["error"]["message"] == ADMINS_ONLY, (method, url)
    assert not GoldLabel.objects.filter(value="opinion").exists()
    assert Campaign.objects.get(pk=disputed.pk).reviews_per_article == 2


def test_anonymous_callers_get_401(db):
    response = APIClient().get("/api/campaigns/")
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def test_reviewers_see_only_their_campaigns_and_no_other_reviewers(reviewer_api, campaign):
    CampaignFactory.create(name="Not theirs")
    response = reviewer_api.get("/api/campaigns/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [c["name"] for c in results] == ["Spring audit"]
    assert "reviewers" not in results[0]
    other = Campaign.objects.get(name="Not theirs")
    assert reviewer_api.get(f"/api/campaigns/{other.pk}/").status_code == 404
    assert reviewer_api.get(f"/api/campaigns/{campaign.pk}/").json()["name"] == "Spring audit"


def test_admins_see_every_campaign_with_its_reviewers(admin_api, campaign, reviewer):
    CampaignFactory.create(name="Another")
    results = admin_api.get("/api/campaigns/").json()["results"]
    assert {c["name"] for c in results} == {"Spring audit", "Another"}
    spring = next(c for c in results if c["name"] == "Spring audit")
    assert reviewer.pk in spring["reviewers"]


def test_campaigns_are_checked_by_the_web_form(admin_api, reviewer):
    for k in (0, 21):
        response = admin_api.post("/api/campaigns/", {"name": "Bad", "reviews_per_article": k})
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["fields"]["reviews_per_article"] == [
            "Choose between 1 and 20 reviews per article."
        ]
    response = admin_api.post(
        "/api/campaigns/",
        {"name": "Autumn", "reviews_per_article": 3, "reviewers": [reviewer.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    campaign = Campaign.objects.get(name="Autumn")
    assert campaign.reviews_per_article == 3 and campaign.is_open
    assert list(campaign.reviewers.all()) == [reviewer]
    duplicate = admin_api.post("/api/campaigns/", {"name": "Autumn"}, format="json")
    assert duplicate.status_code == 400 and "name" in duplicate.json()["error"]["fields"]
    missing = admin_api.post("/api/campaigns/", {"name": "X", "reviewers": [999999]}, format="json")
    assert missing.status_code == 400


def test_changing_k_brings_automatic_gold_up_to_date(admin_api, campaign, article, reviewer):
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    services.label_set(
        review=review, sentence=article.sentences.first(), value="opinion", actor=reviewer
    )
    services.review_submit(review=review, actor=reviewer)
    assert GoldLabel.objects.filter(campaign=campaign).exists()  # k = 1: unanimous
    response = admin_api.patch(
        f"/api/campaigns/{campaign.pk}/", {"reviews_per_article": 2}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["reviews_per_article"] == 2
    assert not GoldLabel.objects.filter(campaign=campaign).exists()


def test_articles_are_added_and_removed_by_filter(admin_api, db):
    campaign = CampaignFactory.create(name="Harbour")
    planet = Outlet.objects.create(name="Daily Planet", slug="daily-planet")
    ours = [make_article(title=f"Planet {n}", text=f"Planet story {n}.") for n in range(3)]
    for article in ours:
        article.outlet = planet
        article.save()
    make_article(title="Elsewhere", text="Another story entirely.")
    url = f"/api/campaigns/{campaign.pk}/articles/"
    response = admin_api.post(url, {"action": "add", "outlet": [planet.pk]}, format="json")
    assert response.json() == {"action": "add", "added": 3, "removed": 0, "kept": 0}
    assert campaign.articles.count() == 3
    response = admin_api.post(url, {"action": "remove", "search": "Planet 1"}, format="json")
    assert response.json()["removed"] == 1
    assert campaign.articles.count() == 2
    nothing = admin_api.post(url, {"action": "add"}, format="json")
    assert nothing.status_code == 400
    assert "at least one filter" in nothing.json()["error"]["message"]
    unknown = admin_api.post(url, {"action": "add", "outlet": [999999]}, format="json")
    assert unknown.status_code == 400 and "outlet" in unknown.json()["error"]["fields"]
    backwards = admin_api.post(
        url,
        {"action": "add", "published_from": "2026-02-01", "published_to": "2026-01-01"},
        format="json",
    )
    assert backwards.status_code == 400


def test_progress_and_agreement(admin_api, disputed, reviewer):
    progress = admin_api.get(f"/api/campaigns/{disputed.pk}/progress/").json()
    assert progress["articles"] == 1 and progress["submitted"] == 2
    assert progress["percent"] == 100 and progress["short"] == []
    assert {r["username"] for r in progress["reviewers"]} == {"rita", "otto"}
    report = admin_api.get(f"/api/campaigns/{disputed.pk}/agreement/").json()
    assert report["campaign"]["id"] == disputed.pk
    assert report["sentences"] == 5
    assert {r["id"] for r in report["reviewers"]} >= {reviewer.pk}
    assert "alpha" in report and report["pairs"]


def test_gold_set_by_api_shows_in_the_gold_list_and_the_export(admin_api, disputed, article):
    first = article.sentences.order_by("position").first()
    url = f"/api/campaigns/{disputed.pk}/"
    rows = admin_api.get(f"{url}disagreements/").json()
    assert rows["count"] == 1
    assert rows["results"][0]["sentence"] == first.pk
    assert {label["value"] for label in rows["results"][0]["labels"]} == {"sourced", "opinion"}

    response = admin_api.post(f"{url}gold/", {"sentence": first.pk, "value": "opinion"})
    assert response.status_code == 200
    version = response.json()["version"]
    assert response.json() == {
        "sentence": first.pk, "value": "opinion", "method": "adjudicated", "source": "",
        "version": version,
    }  # fmt: skip
    gold = admin_api.get(f"{url}gold/").json()["results"]
    assert {"sentence": first.pk, "value": "opinion", "method": "adjudicated"}.items() <= next(
        g for g in gold if g["sentence"] == first.pk
    ).items()
    assert admin_api.get(f"{url}disagreements/").json()["count"] == 0
    assert admin_api.get(f"{url}disagreements/?show=all").json()["count"] == 1

    export = admin_api.get(f"/api/exports/?format=jsonl&campaign={disputed.pk}&labels=gold")
    records = [json.loads(line) for line in _body(export).splitlines()]
    assert next(r for r in records if r["sentence_id"] == first.pk)["gold_label"] == "opinion"

    cleared = admin_api.put(f"{url}gold/", {"sentence": first.pk, "value": None}, format="json")
    assert cleared.json().items() >= {"sentence": first.pk, "value": None, "method": None}.items()
    assert cleared.json()["version"] > version
    assert not GoldLabel.objects.filter(campaign=disputed, sentence=first).exists()


def test_gold_refuses_sentences_outside_the_campaign_and_unknown_labels(admin_api, disputed):
    elsewhere = make_article(title="Elsewhere", text="Not in the campaign.").sentences.first()
    url = f"/api/campaigns/{disputed.pk}/gold/"
    response = admin_api.post(url, {"sentence": elsewhere.pk, "value": "opinion"})
    assert response.status_code == 400
    assert "sentence" in response.json()["error"]["fields"]
    inside = disputed.articles.first().sentences.first()
    response = admin_api.post(url, {"sentence": inside.pk, "value": "maybe"})
    assert response.status_code == 400 and "value" in response.json()["error"]["fields"]


def test_export_streams_jsonl_and_csv(admin_api, disputed):
    jsonl = admin_api.get("/api/exports/?format=jsonl")
    assert jsonl.status_code == 200 and jsonl.streaming
    assert jsonl["Content-Type"].startswith("application/x-ndjson")
    named = 'attachment; filename="all-campaigns-gold-and-reviewers-'
    assert jsonl["Content-Disposition"].startswith(named)
    lines = _body(jsonl).splitlines()
    assert len(lines) == 5
    assert all(json.loads(line)["labels"] for line in lines)

    sheet = admin_api.get("/api/exports/", {"format": "csv", "labels": "reviewers"})
    assert sheet.status_code == 200 and sheet.streaming
    assert sheet["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(_body(sheet))))
    assert rows[0][0] == "campaign" and len(rows) == 6

    no_claims = admin_api.get("/api/exports/?format=jsonl&include_no_claim=false")
    assert len(_body(no_claims).splitlines()) == 1

    bad = admin_api.get("/api/exports/?format=xml")
    assert bad.status_code == 400 and "format" in bad.json()["error"]["fields"]
    backwards = admin_api.get("/api/exports/?published_from=2026-02-01&published_to=2026-01-01")
    assert backwards.status_code == 400


def test_background_export_reports_progress_and_a_download(admin_api, disputed):
    response = admin_api.post(
        "/api/exports/", {"format": "csv", "campaign": [disputed.pk]}, format="json"
    )
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == job["url"]
    assert ExportJob.objects.get(pk=job["id"]).options["campaign_ids"] == [disputed.pk]
    status = admin_api.get(job["url"]).json()
    assert status["status"] == "done" and status["records"] == 5
    assert status["done"] == status["total"] == 1
    download = admin_api.get(status["download"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert _body(download).startswith("campaign,")
    listed = admin_api.get("/api/exports/jobs/").json()["results"]
    assert [j["id"] for j in listed] == [job["id"]]


def test_a_bundle_is_prepared_in_the_background_not_streamed(admin_api, disputed):
    streamed = admin_api.get("/api/exports/?format=bundle")
    assert streamed.status_code == 400 and "format" in streamed.json()["error"]["fields"]
    response = admin_api.post("/api/exports/", {"format": "bundle", "seed": 7}, format="json")
    assert response.status_code == 202
    job = ExportJob.objects.get(pk=response.json()["id"])
    assert job.status == "done" and job.options["seed"] == 7
    download = admin_api.get(response.json()["download"])
    assert download["Content-Type"] == "application/zip"
    download.close()


def test_ids_too_large_for_the_database_are_refused_not_a_server_error(admin_api, disputed):
    huge = 2**70
    assert admin_api.get(f"/api/exports/?campaign={huge}").status_code == 400
    url = f"/api/campaigns/{disputed.pk}/disagreements/?outlet={huge}"
    assert admin_api.get(url).status_code == 200
    response = admin_api.post(
        f"/api/campaigns/{disputed.pk}/articles/", {"action": "add", "outlet": [huge]}
    )
    assert response.status_code == 400


def test_a_job_not_ready_has_no_download(admin_api, db):
    job = ExportJob.objects.create(format="jsonl")
    status = admin_api.get(f"/api/exports/jobs/{job.pk}/").json()
    assert status["status"] == "queued" and status["download"] is None
    response = admin_api.get(f"/api/exports/jobs/{job.pk}/download/")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_a_finished_job_whose_file_is_gone_says_so(admin_api, db):
    job = ExportJob.objects.create(format="csv", status="done", path="exports/gone.csv")
    response = admin_api.get(f"/api/exports/jobs/{job.pk}/download/")
    assert response.status_code == 404
    assert "no longer there: prepare it again" in response.json()["error"]["message"]


# Query counts: each list costs the same whatever the number of rows. --------------------


def _grow_campaigns(n: int, reviewers: list[Any]) -> None:
    for _ in range(n):
        campaign = CampaignFactory.create()
        campaign.reviewers.add(*reviewers)


def test_campaign_lists_cost_fixed_queries(admin_api, reviewer_api, reviewer, other_reviewer):
    _grow_campaigns(2, [reviewer, other_reviewer])
    few = (
        count_queries(partial(admin_api.get, "/api/campaigns/")),
        count_queries(partial(reviewer_api.get, "/api/campaigns/")),
    )
    _grow_campaigns(12, [reviewer, other_reviewer, UserFactory.create()])
    many = (
        count_queries(partial(admin_api.get, "/api/campaigns/")),
        count_queries(partial(reviewer_api.get, "/api/campaigns/")),
    )
    assert few == many


def test_disagreement_and_gold_lists_cost_fixed_queries(admin_api, disputed, admin):
    reviewers = list(disputed.reviewers.all())
    url = f"/api/campaigns/{disputed.pk}/"

    def grow(n: int) -> None:
        for i in range(n):
            article = make_article(title=f"More {i}", text=f"Extra {i} one. Extra {i} two.")
            disputed.articles.add(article)
            _disagree(disputed, article, *reviewers)

    few = (
        count_queries(partial(admin_api.get, f"{url}disagreements/")),
        count_queries(partial(admin_api.get, f"{url}gold/")),
    )
    grow(6)
    many = (
        count_queries(partial(admin_api.get, f"{url}disagreements/")),
        count_queries(partial(admin_api.get, f"{url}gold/")),
    )
    assert admin_api.get(f"{url}disagreements/").json()["count"] == 7
    assert few == many


def test_export_job_list_costs_fixed_queries(admin_api, admin):
    ExportJob.objects.create(format="jsonl", created_by=admin)
    few = count_queries(partial(admin_api.get, "/api/exports/jobs/"))
    for _ in range(8):
        ExportJob.objects.create(format="csv", created_by=UserFactory.create(), status="done")
    assert count_queries(partial(admin_api.get, "/api/exports/jobs/")) == few
