"""An admin reads the agreement page in Chromium and opens the sentences behind a figure: a
cell of the confusion matrix, and a reviewer's disagreements."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from annotator.models import Campaign
from tests.browser.helpers import log_in
from tests.factories import (
    CampaignFactory,
    OutletFactory,
    UserFactory,
    make_article,
    review_submitted,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def disputed(db) -> tuple[Campaign, list[str]]:
    """rita and otto review one 4-sentence article, disagreeing on sentences 2 and 4."""
    UserFactory.create(username="ada", is_staff=True)
    rita, otto = UserFactory.create(username="rita"), UserFactory.create(username="otto")
    campaign = CampaignFactory.create(name="Autumn audit", reviews_per_article=2)
    campaign.reviewers.add(rita, otto)
    article = make_article(sentences=4, title="Harbour plan", outlet=OutletFactory.create())
    campaign.articles.add(article)
    review_submitted(campaign, rita, ["sourced", "opinion", "unsourced", "opinion"])
    review_submitted(campaign, otto, ["sourced", "unsourced", "unsourced", "no_claim"])
    return campaign, list(article.sentences.order_by("position").values_list("text", flat=True))


def test_a_confusion_cell_opens_the_sentences_where_the_two_split_that_way(page: Page, disputed):
    campaign, texts = disputed
    log_in(page, "ada")
    page.goto(f"/campaigns/{campaign.pk}/agreement")
    page.get_by_role("link", name="rita · otto").click()
    expect(page.get_by_role("heading", name=re.compile("^Confusion matrix"))).to_be_visible()

    page.get_by_role("link", name=re.compile(r"sentences: rita Opinion, otto Unsourced")).click()
    expect(page.get_by_text(texts[1]).first).to_be_visible()
    expect(page.get_by_text(texts[3])).to_have_count(0)  # rita's opinion, otto's no claim
    expect(page.get_by_text(texts[0])).to_have_count(0)  # they agree there


def test_a_reviewers_disagreements_open_from_the_agreement_page(page: Page, disputed):
    campaign, texts = disputed
    log_in(page, "ada")
    page.goto(f"/campaigns/{campaign.pk}/agreement")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="rita", exact=True))
    row.get_by_role("link", name="2").click()
    expect(page.get_by_text(texts[1]).first).to_be_visible()
    expect(page.get_by_text(texts[3]).first).to_be_visible()
    expect(page.get_by_text(texts[0])).to_have_count(0)
