"""The corpus API: articles scoped to the caller, and imports (admins) through the web import's
services."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import task_backends
from django.test import Client

from annotator.accounts.tokens import token_create
from articles import tasks
from articles.models import Article, ImportBatch
from tests.articles.inputs import CYRILLIC_TITLE, cp1251_csv
from tests.factories import CampaignFactory, OutletFactory, UserFactory, make_article
from tests.queries import count_queries

RECORDS = [
    {
        "title": "Council approves the budget",
        "text": "The council approved the budget on Monday, the clerk said.\n"
        "Critics called it reckless.",
        "outlet": "City Times",
        "published": "2026-03-02",
    },
    {"title": "Bridge closes", "text": "The bridge will close for repairs in May."},
]


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Write throttling counts in the cache; user ids repeat between tests on SQLite."""
    cache.clear()


@pytest.fixture
def curator(db):
    return UserFactory.create(username="curator", is_staff=True)


@pytest.fixture
def admin_api(curator) -> Client:
    client = Client()
    client.force_login(curator)
    return client


@pytest.fixture
def reviewer_api(reviewer) -> Client:
    _, secret = token_create(user=reviewer, name="tests")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


# Articles ---------------------------------------------------------------------------------


def test_a_reviewer_sees_only_the_articles_of_their_campaigns(reviewer_api, campaign, article):
    elsewhere = make_article(title="Not in any of rita's campaigns")
    CampaignFactory.create().articles.add(elsewhere)

    assert ids(reviewer_api.get("/api/articles/")) == [article.pk]
    assert reviewer_api.get(f"/api/articles/{article.pk}/").status_code == 200
    assert reviewer_api.get(f"/api/articles/{elsewhere.pk}/").status_code == 404


def test_an_admin_sees_every_article(admin_api, article):
    other = make_article(title="Another")
    assert ids(admin_api.get("/api/articles/")) == [article.pk, other.pk]


def test_anonymous_callers_are_refused_in_the_error_shape(client, article):
    response = client.get("/api/articles/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["status"] == response.status_code


def test_article_detail_has_its_sentences_and_outlet(admin_api):
    outlet = OutletFactory.create(name="City Times", slug="city-times")
    article = make_article(sentences=3, outlet=outlet)
    body = admin_api.get(f"/api/articles/{article.pk}/").json()
    assert body["outlet"]["name"] == "City Times"
    assert [s["position"] for s in body["sentences"]] == [0, 1, 2]
    first = body["sentences"][0]
    assert set(first) == {"id", "position", "paragraph", "kind", "start", "end", "text"}
    assert body["body"][first["start"] : first["end"]] == first["text"]


def test_articles_filter_by_outlet_date_campaign_and_search(admin_api):
    times = OutletFactory.create(name="Times", slug="times")
    march = make_article(
        title="Tunnel opens", outlet=times, published=datetime(2026, 3, 2, tzinfo=UTC)
    )
    may = make_article(
        title="Budget passes",
        text="The budget passed by one vote.",
        published=datetime(2026, 5, 1, tzinfo=UTC),
    )
    campaign = CampaignFactory.create()
    campaign.articles.add(may)

    assert ids(admin_api.get(f"/api/articles/?outlet={times.pk}")) == [march.pk]
    assert ids(admin_api.get("/api/articles/?published_from=2026-04-01")) == [may.pk]
    assert ids(admin_api.get("/api/articles/?published_to=2026-04-01")) == [march.pk]
    assert ids(admin_api.get(f"/api/articles/?campaign={campaign.pk}")) == [may.pk]
    assert ids(admin_api.get("/api/articles/?search=budget")) == [may.pk]


def test_a_reviewer_cannot_list_another_campaigns_articles(reviewer_api, campaign):
    other = CampaignFactory.create()
    other.articles.add(make_article(title="Hidden"))
    assert ids(reviewer_api.get(f"/api/articles/?campaign={other.pk}")) == []


def test_a_bad_filter_is_a_400_naming_the_parameter(admin_api, db):
    response = admin_api.get("/api/articles/?published_from=yesterday")
    assert response.status_code == 400
    assert "published_from" in response.json()["error"]["fields"]
    # An id no database column can hold is refused, not sent to the database.
    assert admin_api.get(f"/api/articles/?outlet={10**30}").status_code == 400


def test_articles_are_paginated_by_cursor(admin_api):
    made = [make_article(title=f"Article {n}", sentences=1).pk for n in range(5)]
    first = admin_api.get("/api/articles/?page_size=2").json()
    second = admin_api.get(first["next"]).json()
    assert [a["id"] for a in first["results"] + second["results"]] == made[:4]


def test_article_list_costs_the_same_queries_for_few_and_many(reviewer_api, campaign):
    outlet = OutletFactory.create()
    campaign.articles.add(make_article(title="One", outlet=outlet))
    few = count_queries(partial(reviewer_api.get, "/api/articles/"), warm=True)
    for n in range(10):
        campaign.articles.add(make_article(title=f"More {n}", outlet=OutletFactory.create()))
    assert count_queries(partial(reviewer_api.get, "/api/articles/"), warm=True) == few


def test_article_detail_costs_the_same_queries_whatever_its_length(admin_api):
    short, long = make_article(sentences=2, title="s"), make_article(sentences=60, title="l")
    assert count_queries(
        partial(admin_api.get, f"/api/articles/{short.pk}/"), warm=True
    ) == count_queries(partial(admin_api.get, f"/api/articles/{long.pk}/"), warm=True)


# Imports ----------------------------------------------------------------------------------


def test_reviewers_cannot_import(reviewer_api):
    response = reviewer_api.post(
        "/api/imports/", {"records": RECORDS}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "This endpoint is for admins."
    assert reviewer_api.get("/api/imports/").status_code == 403
    assert not Article.objects.exists()


def test_import_json_records(admin_api, curator):
    response = admin_api.post(
        "/api/imports/", {"records": RECORDS}, content_type="application/json"
    )
    assert response.status_code == 202
    batch = response.json()
    assert response["Location"] == f"/api/imports/{batch['id']}/"
    assert batch["status"] == "done"
    assert batch["article_count"] == 2
    assert batch["progress"]["percent"] == 100
    assert batch["created_by"] == curator.username
    article = Article.objects.get(title="Council approves the budget")
    assert article.outlet is not None and article.outlet.name == "City Times"
    assert article.sentences.count() == 2

    status = admin_api.get(response["Location"]).json()
    assert status["status"] == "done" and status["sentence_count"] == 3


def test_import_a_file(admin_api):
    data = "\n".join(json.dumps(record) for record in RECORDS).encode()
    upload = SimpleUploadedFile("feed.jsonl", data, content_type="application/jsonl")
    response = admin_api.post("/api/imports/", {"file": upload})
    assert response.status_code == 202
    assert response.json()["source_name"] == "feed.jsonl"
    assert Article.objects.count() == 2


def test_a_bad_record_is_a_400_naming_the_record_and_field_and_stores_nothing(admin_api):
    bad = [RECORDS[0], {"title": "No text here"}]
    response = admin_api.post("/api/imports/", {"records": bad}, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "import_failed"
    assert error["message"] == "records:2: field 'text': missing"
    assert not Article.objects.exists()
    assert ImportBatch.objects.get().status == "failed"


def test_a_bad_file_is_a_400_with_file_and_line(admin_api):
    data = json.dumps(RECORDS[0]).encode() + b"\n{not json\n"
    upload = SimpleUploadedFile("feed.jsonl", data, content_type="application/jsonl")
    response = admin_api.post("/api/imports/", {"file": upload})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("feed.jsonl:2: not valid JSON")
    assert not Article.objects.exists()


def test_a_file_in_a_given_encoding_imports_and_the_batch_records_it(admin_api):
    upload = SimpleUploadedFile("feed.csv", cp1251_csv(), content_type="text/csv")
    response = admin_api.post("/api/imports/", {"file": upload, "encoding": "windows-1251"})
    assert response.status_code == 202
    assert response.json()["encodings"] == {"feed.csv": "cp1251"}
    assert Article.objects.get().title == CYRILLIC_TITLE


def test_an_unknown_encoding_is_a_400_and_stores_nothing(admin_api):
    upload = SimpleUploadedFile("feed.csv", cp1251_csv(), content_type="text/csv")
    response = admin_api.post("/api/imports/", {"file": upload, "encoding": "klingon"})
    assert response.status_code == 400
    assert "unknown text encoding 'klingon'" in response.json()["error"]["message"]
    assert not ImportBatch.objects.exists()


def test_an_import_needs_exactly_one_input(admin_api):
    response = admin_api.post("/api/imports/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "exactly one of file" in response.json()["error"]["message"]


def test_a_large_import_runs_in_the_background(admin_api, settings):
    settings.INGEST_BACKGROUND_ARTICLES = 1
    response = admin_api.post(
        "/api/imports/", {"records": RECORDS}, content_type="application/json"
    )
    # Tests run tasks immediately, so the background task has finished by now too.
    assert response.status_code == 202
    assert admin_api.get(response["Location"]).json()["status"] == "done"


def _jsonl(records: list[dict], *, before: bytes = b"") -> SimpleUploadedFile:
    data = before + "\n".join(json.dumps(record) for record in records).encode() + b"\n"
    return SimpleUploadedFile("feed.jsonl", data, content_type="application/jsonl")


QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_a_large_file_is_queued_unread_and_its_bad_record_fails_the_batch(admin_api, settings):
    settings.INGEST_BACKGROUND_ARTICLES = 1
    settings.TASKS = QUEUE_ONLY  # queued, not run: the worker's part is done below
    response = admin_api.post("/api/imports/", {"file": _jsonl([*RECORDS, {"title": "No text"}])})
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert response.json()["progress"]["total"] == 3
    assert len(task_backends["default"].results) == 1

    tasks.import_run(batch_id=response.json()["id"])  # what the task worker runs
    batch = admin_api.get(response["Location"]).json()
    assert batch["status"] == "failed"
    assert batch["errors"] == ["feed.jsonl:3: field 'text': missing"]
    assert not Article.objects.exists()


def test_a_queued_file_is_checked_as_utf8_once_and_a_bad_byte_found_later_still_fails_it(
    admin_api, settings
):
    settings.INGEST_BACKGROUND_ARTICLES = 1
    settings.TASKS = QUEUE_ONLY
    response = admin_api.post("/api/imports/", {"file": _jsonl(RECORDS)})
    assert response.status_code == 202
    batch = ImportBatch.objects.get(pk=response.json()["id"])
    assert batch.inputs[0]["utf8"] == "valid"  # the worker does not check it again

    # The stored file damaged after its check: its line is refused, nothing is stored.
    path = Path(settings.MEDIA_ROOT) / batch.inputs[0]["path"]
    data = path.read_bytes()
    for damaged, error in [
        (data.replace(b"council", b"c\xffuncil", 1), "byte 0xff at offset 55 of the line"),
        (b"\xfe" + data, "byte 0xfe at offset 0 of the line"),
    ]:
        path.write_bytes(damaged)
        tasks.import_run(batch_id=batch.pk)
        batch.refresh_from_db()
        assert batch.status == "failed"
        assert batch.errors == [f"feed.jsonl:1: not valid UTF-8: {error}"]
        assert not Article.objects.exists()
        ImportBatch.objects.filter(pk=batch.pk).update(status="queued", error="")


@pytest.mark.parametrize("indent", [2, None], ids=["indented", "one line"])
def test_a_large_json_array_is_queued_whatever_its_layout(admin_api, settings, indent):
    settings.INGEST_BACKGROUND_ARTICLES = 2
    settings.TASKS = QUEUE_ONLY
    records = [*RECORDS, {"title": "Ferry resumes", "text": "The ferry runs again."}]
    data = json.dumps(records, indent=indent).encode()
    upload = SimpleUploadedFile("feed.json", data, content_type="application/json")
    response = admin_api.post("/api/imports/", {"file": upload})
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert response.json()["progress"]["total"] == 3
    assert not Article.objects.exists()


def test_a_large_file_whose_first_record_is_bad_is_a_400_and_never_queued(admin_api, settings):
    settings.INGEST_BACKGROUND_ARTICLES = 1
    settings.TASKS = QUEUE_ONLY
    response = admin_api.post("/api/imports/", {"file": _jsonl(RECORDS, before=b"{oops\n")})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("feed.jsonl:1: not valid JSON")
    assert not task_backends["default"].results
    assert ImportBatch.objects.get().status == "failed"


def test_an_oversized_json_body_is_a_413(admin_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = admin_api.post(
        "/api/imports/", {"records": RECORDS}, content_type="application/json"
    )
    assert response.status_code == 413
    assert "over the limit of 100" in response.json()["error"]["message"]


def test_import_list_costs_the_same_queries_for_few_and_many(admin_api, curator):
    ImportBatch.objects.create(source_name="a", source_format="text", created_by=curator)
    few = count_queries(partial(admin_api.get, "/api/imports/"), warm=True)
    for n in range(10):
        user = UserFactory.create(username=f"importer{n}", is_staff=True)
        ImportBatch.objects.create(source_name=f"b{n}", source_format="text", created_by=user)
    assert count_queries(partial(admin_api.get, "/api/imports/"), warm=True) == few
