"""The agreement page leads to the sentences behind its figures, and the quality page flags a
reviewer who labels too fast to have read."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from annotator.campaigns.adjudication import DisagreementFilter
from annotator.models import Campaign, LabelEvent, Review
from tests.factories import (
    PASSWORD,
    CampaignFactory,
    OutletFactory,
    UserFactory,
    make_article,
    review_submitted,
)
from tests.queries import count_queries


@pytest.fixture
def admin_client(db) -> Client:
    UserFactory.create(username="ada", is_staff=True)
    client = Client()
    assert client.login(username="ada", password=PASSWORD)
    return client


@pytest.fixture
def disputed(db):
    """k = 2: rita and otto review one 4-sentence article, disagreeing on sentences 2 and 4."""
    rita, otto = UserFactory.create(username="rita"), UserFactory.create(username="otto")
    campaign = CampaignFactory.create(name="Autumn audit", reviews_per_article=2)
    campaign.reviewers.add(rita, otto)
    article = make_article(sentences=4, title="Harbour plan", outlet=OutletFactory.create())
    campaign.articles.add(article)
    review_submitted(campaign, rita, ["sourced", "opinion", "unsourced", "opinion"])
    review_submitted(campaign, otto, ["sourced", "unsourced", "unsourced", "no_claim"])
    texts = list(article.sentences.order_by("position").values_list("text", flat=True))
    return campaign, texts, rita, otto


def _links(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', page)]


def test_agreement_page_says_how_to_read_each_figure(admin_client, disputed):
    campaign, _, _, _ = disputed
    page = admin_client.get(reverse("campaign-agreement", args=[campaign.pk])).text
    assert "How to read these figures" in page
    assert "0.800" in page and "0.667" in page
    # Two shared sentences are too few to judge: the page says so rather than "too low".
    assert 'class="reading reading-too-few-sentences">too few sentences' in page


def test_a_confusion_cell_opens_exactly_its_disagreements(admin_client, disputed):
    campaign, texts, rita, otto = disputed
    url = reverse("campaign-agreement", args=[campaign.pk])
    page = admin_client.get(url, {"a": rita.pk, "b": otto.pk}).text
    cell = [link for link in _links(page) if f"votes={rita.pk}%3Aopinion%2C{otto.pk}%3A" in link]
    assert len(cell) == 2  # rita's opinion against otto's unsourced, and against no claim
    unsourced = next(link for link in cell if "unsourced" in link)
    listed = admin_client.get(unsourced).text
    assert texts[1] in listed and texts[3] not in listed
    assert "Only where rita gave" in listed and "(1)" in listed
    # The diagonal (where they agree) and empty cells link nowhere.
    assert not [link for link in _links(page) if f"{rita.pk}%3Asourced%2C" in link]


def test_each_reviewers_disagreements_open_from_the_agreement_page(admin_client, disputed):
    campaign, texts, rita, otto = disputed
    page = admin_client.get(reverse("campaign-agreement", args=[campaign.pk])).text
    link = next(link for link in _links(page) if f"reviewer={rita.pk}&show=all" in link)
    listed = admin_client.get(link).text
    assert texts[1] in listed and texts[3] in listed and texts[0] not in listed
    data = admin_client.get(reverse("campaign-agreement-json", args=[campaign.pk])).json()
    by_reviewer = {row["reviewer"]: row for row in data["by_reviewer"]}
    # Four shared sentences, two alike; both disagreements involve each of them.
    assert by_reviewer[rita.pk]["agrees_with_others"] == pytest.approx(0.5)
    assert by_reviewer[otto.pk]["disagreements"] == 2


def test_the_votes_filter_ignores_what_it_cannot_read():
    assert DisagreementFilter.parse({"votes": "3:opinion,4:sourced"}).votes == (
        (3, "opinion"),
        (4, "sourced"),
    )
    assert DisagreementFilter.parse({"votes": "x:opinion,4:nonsense,5"}).votes == ()
    assert DisagreementFilter.parse({"votes": ",".join(["1:opinion"] * 9)}).votes == ()
    narrow = DisagreementFilter.parse({"votes": "3:opinion,4:sourced", "show": "all"})
    assert DisagreementFilter.parse(narrow.query()) == narrow


def _pace(campaign: Campaign, reviewer, seconds: float, steps: int) -> None:
    """Rewrite the reviewer's label history as ``steps + 1`` labels ``seconds`` apart."""
    review = Review.objects.get(campaign=campaign, reviewer=reviewer)
    events = list(LabelEvent.objects.filter(review=review).order_by("pk"))
    sentence = events[0].sentence
    start = timezone.now() - timedelta(hours=1)
    LabelEvent.objects.filter(review=review).delete()
    LabelEvent.objects.bulk_create(
        LabelEvent(review=review, sentence=sentence, actor=reviewer, after={"value": "opinion"})
        for _ in range(steps + 1)
    )
    for n, event in enumerate(LabelEvent.objects.filter(review=review).order_by("pk")):
        LabelEvent.objects.filter(pk=event.pk).update(
            created_at=start + timedelta(seconds=n * seconds)
        )


def test_the_quality_page_flags_a_reviewer_labelling_under_a_second(admin_client, disputed):
    campaign, _, rita, otto = disputed
    _pace(campaign, rita, 0.2, steps=40)
    _pace(campaign, otto, 4.5, steps=40)
    page = admin_client.get(reverse("campaign-quality", args=[campaign.pk])).text
    pace = page[page.index('id="pace"') :]
    rita_row = pace[pace.index("<td>rita</td>") : pace.index("</tr>", pace.index("<td>rita</td>"))]
    otto_row = pace[pace.index("<td>otto</td>") : pace.index("</tr>", pace.index("<td>otto</td>"))]
    assert "0.2 s" in rita_row and "too fast" in rita_row
    assert "4.5 s" in otto_row and "too fast" not in otto_row


def test_few_steps_are_not_flagged_and_the_threshold_is_a_setting(admin_client, disputed, settings):
    campaign, _, rita, _ = disputed
    _pace(campaign, rita, 0.2, steps=5)
    url = reverse("campaign-quality", args=[campaign.pk])
    assert "too fast</span>" not in admin_client.get(url).text
    _pace(campaign, rita, 2.0, steps=40)
    assert "too fast</span>" not in admin_client.get(url).text
    settings.REVIEW_FAST_SECONDS = 3.0
    assert "too fast</span>" in admin_client.get(url).text


def test_agreement_pages_cost_the_same_queries_as_the_campaign_grows(admin_client, disputed):
    campaign, _, rita, otto = disputed
    base = reverse("adjudication", args=[campaign.pk])
    pages = [
        reverse("campaign-agreement", args=[campaign.pk]) + f"?a={rita.pk}&b={otto.pk}",
        reverse("campaign-quality", args=[campaign.pk]),
        f"{base}?votes={rita.pk}:opinion,{otto.pk}:unsourced&show=all",
        f"{base}?reviewer={rita.pk}&show=all",
    ]
    before = [count_queries(lambda url=url: admin_client.get(url)) for url in pages]
    for n in range(3):
        campaign.articles.add(make_article(sentences=6, title=f"More {n}"))
        review_submitted(campaign, rita, ["opinion"] * 6)
        review_submitted(campaign, otto, ["sourced", "opinion"] * 3)
    after = [count_queries(lambda url=url: admin_client.get(url)) for url in pages]
    assert after == before
