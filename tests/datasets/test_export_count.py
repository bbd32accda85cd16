"""Before downloading: the export page says how many records the options give, as they
change; files are named after the campaign, the labels and the format; a bundle that leaves
out a split says so on the page, the job page, the API and the command."""

from __future__ import annotations

import itertools
import re
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from annotator.datasets import exports, selectors
from annotator.datasets.options import ExportOptions
from annotator.models import Campaign, ExportJob, Review
from annotator.review import services
from tests.factories import PASSWORD, CampaignFactory, UserFactory, make_article
from tests.queries import count_queries


@pytest.fixture
def admin_client(db) -> Client:
    UserFactory.create(username="ines", is_staff=True, is_superuser=True)
    client = Client()
    assert client.login(username="ines", password=PASSWORD)
    return client


def _submit(campaign: Campaign, reviewer, article, values: list[str], *, submit: bool = True):
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    for sentence, value in zip(article.sentences.order_by("position"), values, strict=False):
        services.label_set(review=review, sentence=sentence, value=value, actor=reviewer)
    if submit:
        services.review_submit(review=review, actor=reviewer)


@pytest.fixture
def two_campaigns(settled, reviewer, other_reviewer):
    """``settled`` (one article: gold on each sentence) and a second campaign of two articles
    with reviews that agree, disagree, stay in progress, and leave sentences no claim."""
    spring = settled[0]
    autumn = CampaignFactory.create(name="Autumn audit", reviews_per_article=2)
    autumn.reviewers.add(reviewer, other_reviewer)
    first, second = make_article(sentences=4, title="Pier"), make_article(sentences=3, title="Dam")
    autumn.articles.add(first, second)
    _submit(autumn, reviewer, first, ["opinion", "sourced"])
    _submit(autumn, other_reviewer, first, ["opinion", "unsourced", "no_claim", "no_claim"])
    _submit(autumn, reviewer, second, ["sourced"], submit=False)
    return spring, autumn


CHOICES = list(
    itertools.product(
        [(), ("spring",), ("autumn",)], ("both", "gold", "reviewers"), [True, False], [True, False]
    )
)


@pytest.mark.django_db
def test_the_count_is_what_the_export_gives_for_every_option(two_campaigns):
    ids = {"spring": two_campaigns[0].pk, "autumn": two_campaigns[1].pk}
    for campaigns, labels, no_claim, in_progress in CHOICES:
        options = ExportOptions(
            campaign_ids=tuple(ids[name] for name in campaigns),
            labels=labels,
            include_no_claim=no_claim,
            include_in_progress=in_progress,
        )
        rows = list(selectors.export_rows(options))
        count = selectors.export_count(options)
        assert count.records == len(rows), options
        assert count.articles == len({(row[0], row[1][0]) for row in rows}), options
        assert count.campaigns == len({row[0] for row in rows}), options


def test_the_export_page_counts_the_records_of_the_default_options(admin_client, settled):
    page = admin_client.get(reverse("exports")).text
    assert "These options give <strong>5</strong> records" in page
    assert "from 1 article in 1 campaign" in page


def test_the_count_follows_the_options_as_they_change(admin_client, two_campaigns):
    _, autumn = two_campaigns
    url = reverse("exports")
    fragment = admin_client.get(
        url,
        {"format": "jsonl", "campaigns": [autumn.pk], "labels": "both", "seed": "13",
         "include_no_claim": "on"},
        headers={"HX-Request": "true"},
    ).text  # fmt: skip
    assert fragment.lstrip().startswith('<p id="export-count"')
    assert "<strong>4</strong> records" in fragment and "<form" not in fragment
    # Without no-claim sentences: the two where both reviewers gave none (untagged on submit).
    fragment = admin_client.get(
        url,
        {"format": "jsonl", "campaigns": [autumn.pk], "labels": "both", "seed": "13"},
        headers={"HX-Request": "true"},
    ).text
    assert "<strong>2</strong> records" in fragment
    # The form asks for it on every change, without sending the CSRF token in the URL.
    page = admin_client.get(url).text
    assert 'hx-get="/exports/"' in page and 'hx-params="not csrfmiddlewaretoken"' in page


def test_options_that_give_nothing_say_the_file_would_be_empty(admin_client, two_campaigns):
    fragment = admin_client.get(
        reverse("exports"),
        {"format": "csv", "published_from": "2030-01-01", "labels": "both", "seed": "13"},
        headers={"HX-Request": "true"},
    ).text
    assert "give no records: the file would be empty" in fragment


def test_a_bundle_of_fewer_than_three_articles_is_announced_short(admin_client, settled):
    params = {"format": "bundle", "labels": "both", "seed": "13", "include_no_claim": "on"}
    fragment = admin_client.get(reverse("exports"), params, headers={"HX-Request": "true"}).text
    assert "the bundle will leave out at least one of its train, dev and test splits" in fragment


def test_the_count_costs_the_same_queries_as_the_campaign_grows(
    admin_client, two_campaigns, reviewer, other_reviewer
):
    _, autumn = two_campaigns
    params = {"format": "jsonl", "labels": "both", "seed": "13", "campaigns": [autumn.pk]}
    fragment = lambda: admin_client.get(  # noqa: E731
        reverse("exports"), params, headers={"HX-Request": "true"}
    )
    pages = [fragment, lambda: admin_client.get(reverse("exports"))]
    before = [count_queries(call) for call in pages]
    for n in range(3):
        article = make_article(sentences=5, title=f"More {n}")
        autumn.articles.add(article)
        _submit(autumn, reviewer, article, ["opinion"] * 5)
    after = [count_queries(call) for call in pages]
    assert after == before


def _stamp(name: str) -> str:
    return re.sub(r"\d{8}-\d{4}", "<stamp>", name)


@pytest.mark.django_db
def test_file_names_say_the_campaign_labels_and_format(two_campaigns):
    spring, autumn = two_campaigns
    one = ExportOptions(campaign_ids=(autumn.pk,), labels="gold")
    assert _stamp(exports.export_filename("jsonl", one)) == "autumn-audit-gold-<stamp>.jsonl"
    assert (
        _stamp(exports.export_filename("bundle", ExportOptions(), 7))
        == "all-campaigns-gold-and-reviewers-bundle-<stamp>-7.zip"
    )
    both = ExportOptions(campaign_ids=(spring.pk, autumn.pk), labels="reviewers")
    assert _stamp(exports.export_filename("labelstudio", both)) == (
        "all-campaigns-reviewers-labelstudio-<stamp>.json"
    )
    Campaign.objects.filter(pk=autumn.pk).update(name="Été 2026 / ñ")
    assert _stamp(exports.export_filename("csv", one)) == "ete-2026-n-gold-<stamp>.csv"
    Campaign.objects.filter(pk=autumn.pk).update(name="日本")
    assert exports.export_filename("csv", one).startswith(f"campaign-{autumn.pk}-gold-")


def test_a_download_is_named_after_its_campaign(admin_client, settled):
    response = admin_client.post(
        reverse("exports"),
        {"format": "csv", "labels": "gold", "campaigns": [settled[0].pk], "seed": "13",
         "action": "download"},
    )  # fmt: skip
    assert re.search(
        r'filename="spring-audit-gold-\d{8}-\d{4}\.csv"', response["Content-Disposition"]
    )


def test_a_short_bundle_warns_on_its_job_page_in_the_api_and_from_the_command(
    admin_client, settled, tmp_path, capsys
):
    response = admin_client.post(
        reverse("exports"),
        {"format": "bundle", "labels": "both", "seed": "13", "include_no_claim": "on",
         "action": "background"},
    )  # fmt: skip
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE
    page = admin_client.get(response["Location"]).text
    # Two articles fill two of the three splits; which two depends on their keys.
    missing = re.search(r"No (train|dev|test) or (train|dev|test) split: fewer than three", page)
    assert missing is not None
    data = admin_client.get(f"/api/exports/jobs/{job.pk}/").json()
    assert data["warnings"] == [
        f"No {missing[1]} or {missing[2]} split: fewer than three articles were exported, so "
        "they are left out of the bundle. Export more articles (or train on the splits there "
        "are)."
    ]
    out = tmp_path / "bundle.zip"
    call_command("export_labels", "--format", "bundle", "-o", str(out))
    told = re.search(r"No (\w+) or (\w+) split", capsys.readouterr().out)
    assert told is not None
    names = zipfile.ZipFile(out).namelist()
    assert f"{told[1]}.jsonl" not in names and f"{told[2]}.jsonl" not in names
