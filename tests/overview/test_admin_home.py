"""The admin home: what needs attention (imports to confirm, failed or stuck jobs, campaigns
short of reviews, disagreements to settle) and the first-run path; reviewers keep their queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotator.campaigns.adjudication import DisagreementFilter, disagreements
from annotator.models import Campaign, ExportJob, GoldLabel, Label, Review
from articles import leases
from articles.models import Article, ImportBatch
from tests.factories import PASSWORD, CampaignFactory, UserFactory, make_article
from tests.queries import count_queries


@pytest.fixture
def curator(db) -> User:
    return UserFactory.create(username="ada", is_staff=True)


@pytest.fixture
def curator_client(curator) -> Client:
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    return client


def _steps(client: Client) -> dict[str, bool]:
    attention = client.get(reverse("home")).context["attention"]
    return {step.key: step.done for step in attention.steps}


def _submit(campaign: Campaign, article: Article, reviewer: User, values: list[str]) -> Review:
    review = Review.objects.create(
        campaign=campaign, article=article, reviewer=reviewer,
        status=Review.Status.SUBMITTED, submitted_at=timezone.now(),
    )  # fmt: skip
    sentences = list(article.sentences.order_by("position"))
    Label.objects.bulk_create(
        Label(review=review, sentence=s, value=v) for s, v in zip(sentences, values, strict=False)
    )
    return review


def test_an_empty_instance_shows_the_first_run_path_ticked_step_by_step(curator_client):
    page = curator_client.get(reverse("home")).text
    assert "Getting started" in page
    for url in ("import-list", "campaign-create", "people", "campaigns"):
        assert f'href="{reverse(url)}"' in page
    assert _steps(curator_client) == dict.fromkeys(
        ("import", "campaign", "reviewers", "progress"), False
    )

    article = make_article(sentences=2)
    campaign = CampaignFactory.create()
    assert _steps(curator_client) == {"import": True, "campaign": True, "reviewers": False,
                                      "progress": False}  # fmt: skip
    rita = UserFactory.create(username="rita")
    campaign.reviewers.add(rita)
    campaign.articles.add(article)
    assert _steps(curator_client)["reviewers"]
    _submit(campaign, article, rita, ["opinion", "opinion"])
    assert "Getting started" not in curator_client.get(reverse("home")).text


def test_imports_to_confirm_and_failed_or_stuck_jobs_link_where_to_act(curator_client):
    preview = ImportBatch.objects.create(source_name="<i>pasted</i>", source_format="text",
                                         status="preview")  # fmt: skip
    failed = ImportBatch.objects.create(source_name="feed.csv", source_format="csv",
                                        status="failed", error="line 3: no title")  # fmt: skip
    past = timezone.now() - timedelta(minutes=5)
    stuck = ImportBatch.objects.create(source_name="big.jsonl", source_format="jsonl",
                                       status="running", lease_until=past)  # fmt: skip
    alive = ImportBatch.objects.create(source_name="alive.jsonl", source_format="jsonl",
                                       status="running", lease_until=past, attempts=1)  # fmt: skip
    leases.lease_renew(alive)  # its worker beats in the cache (SQLite keeps it there)
    ImportBatch.objects.filter(pk=alive.pk).update(lease_until=past)
    ImportBatch.objects.create(source_name="done.csv", source_format="csv", status="done")
    export = ExportJob.objects.create(format="bundle", status="failed", error="disk full")

    page = curator_client.get(reverse("home")).text

    assert reverse("import-detail", args=[preview.pk]) in page and "&lt;i&gt;pasted" in page
    assert reverse("import-detail", args=[failed.pk]) in page and "line 3: no title" in page
    assert reverse("import-detail", args=[stuck.pk]) in page and "its worker stopped" in page
    assert reverse("import-detail", args=[alive.pk]) not in page
    assert "done.csv" not in page
    assert reverse("export-detail", args=[export.pk]) in page and "disk full" in page


def test_campaigns_short_of_reviews_and_disagreements_to_settle(curator_client):
    rita, otto = UserFactory.create(username="rita"), UserFactory.create(username="otto")
    campaign = CampaignFactory.create(name="Spring audit", reviews_per_article=2)
    done, half, untouched = (make_article(sentences=2, title=t) for t in ("Done", "Half", "None"))
    campaign.articles.add(done, half, untouched)
    _submit(campaign, done, rita, ["opinion", "sourced"])
    _submit(campaign, done, otto, ["opinion", "unsourced"])
    _submit(campaign, half, rita, ["opinion", "opinion"])
    finished = CampaignFactory.create(name="Finished", reviews_per_article=1)
    finished.articles.add(done)
    _submit(finished, done, rita, ["opinion", "opinion"])

    attention = curator_client.get(reverse("home")).context["attention"]
    [entry] = attention.campaigns
    assert (entry.campaign.name, entry.short, entry.disagreements) == ("Spring audit", 2, 1)
    expected = disagreements(campaign=campaign, narrow=DisagreementFilter()).count()
    assert entry.disagreements == expected

    sentence = done.sentences.order_by("position")[1]
    GoldLabel.objects.create(campaign=campaign, sentence=sentence, value="sourced")
    page = curator_client.get(reverse("home"))
    [entry] = page.context["attention"].campaigns
    assert entry.disagreements == 0
    assert reverse("campaign", args=[campaign.pk]) in page.text


def test_admins_reach_their_own_queue_and_reviewers_keep_theirs(curator_client, reviewer_client):
    assert f'href="{reverse("queue")}"' in curator_client.get(reverse("home")).text
    assert "My articles" in curator_client.get(reverse("queue")).text
    page = reviewer_client.get(reverse("home")).text
    assert "My articles" in page and "What needs you" not in page


def test_the_admin_home_costs_the_same_queries_however_much_data(curator_client):
    def load() -> int:
        return count_queries(lambda: curator_client.get(reverse("home")))

    empty = load()
    for n in range(4):
        campaign = CampaignFactory.create(reviews_per_article=2)
        reviewers = [UserFactory.create(username=f"r{n}-{m}") for m in range(2)]
        campaign.reviewers.add(*reviewers)
        for a in range(3):
            article = make_article(sentences=2, title=f"{n}-{a}")
            campaign.articles.add(article)
            _submit(campaign, article, reviewers[0], ["opinion", "sourced"])
            _submit(campaign, article, reviewers[1], ["opinion", "opinion"])
        ImportBatch.objects.create(source_name=f"p{n}", source_format="text", status="preview")
        ImportBatch.objects.create(source_name=f"f{n}", source_format="csv", status="failed")
        ExportJob.objects.create(format="jsonl", status="failed")
    assert load() == empty
    assert empty <= 9, empty
