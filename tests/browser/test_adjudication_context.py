"""Adjudication in context, in Chromium: k goes back to the disagreement just settled (j
forward again), and the article view decides a disagreement, comes back to it and undoes
the decision with z; Enter in a source field stores nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Review
from annotator.review import services
from articles.models import Article
from tests.browser.helpers import log_in
from tests.factories import CampaignFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def disputed(db) -> tuple[Campaign, Article]:
    """k = 2: rita and otto submitted, disagreeing on sentences 1 and 2; ada is an admin."""
    rita, otto = UserFactory.create(username="rita"), UserFactory.create(username="otto")
    UserFactory.create(username="ada", is_staff=True)
    campaign = CampaignFactory.create(name="Harbour audit", reviews_per_article=2)
    campaign.reviewers.add(rita, otto)
    article = make_article(sentences=4, title="Harbour plan")
    campaign.articles.add(article)
    labels = {
        rita: ["sourced", "opinion", "unsourced", "no_claim"],
        otto: ["sourced", "sourced", "opinion", "no_claim"],
    }
    for who, values in labels.items():
        review = Review.objects.create(campaign=campaign, article=article, reviewer=who)
        for sentence, value in zip(article.sentences.order_by("position"), values, strict=True):
            source = "the mayor" if value == "sourced" else ""
            services.label_set(
                review=review, sentence=sentence, value=value, actor=who, source=source
            )
        services.review_submit(review=review, actor=who)
    return campaign, article


def test_k_goes_back_to_the_disagreement_just_settled(page: Page, disputed):
    campaign, article = disputed
    second, third = article.sentences.get(position=1), article.sentences.get(position=2)
    log_in(page, "ada")
    page.goto(f"/campaigns/{campaign.pk}/adjudication/{second.pk}")
    page.wait_for_load_state("load")
    expect(page.locator('input[name="source"]')).to_have_value("the mayor")  # otto's

    page.keyboard.press("s")
    page.wait_for_url(re.compile(rf"/adjudication/{third.pk}\?.*settled="))
    page.wait_for_load_state("load")
    expect(page.locator("#previous")).to_be_visible()
    page.keyboard.press("k")
    page.wait_for_url(re.compile(rf"/adjudication/{second.pk}\?"))
    expect(page.locator("#gold-state")).to_contain_text("Sourced")
    expect(page.locator("#gold-source")).to_have_text("(source: the mayor)")
    assert GoldLabel.objects.get(sentence=second).source == "the mayor"

    page.wait_for_load_state("load")
    page.keyboard.press("j")
    page.wait_for_url(re.compile(rf"/adjudication/{third.pk}\?"))


def test_the_article_view_decides_and_undoes_in_place(page: Page, disputed):
    campaign, article = disputed
    second, third = article.sentences.get(position=1), article.sentences.get(position=2)
    events = GoldLabelEvent.objects.count()
    log_in(page, "ada")
    page.goto(f"/campaigns/{campaign.pk}/adjudication/{third.pk}")
    page.locator("#article-view").click()
    page.wait_for_url(re.compile(rf"/adjudication/articles/{article.pk}\?.*#s-{third.pk}$"))
    page.wait_for_load_state("load")
    expect(page.locator("mark.disputed")).to_have_count(2)
    expect(page.locator(f"#s-{second.pk}")).to_contain_text(second.text)

    decide = page.locator(f"#d-{third.pk}")
    decide.locator('input[name="source"]').press("Enter")  # stores nothing
    page.wait_for_timeout(300)
    assert GoldLabelEvent.objects.count() == events

    decide.get_by_role("button", name="Opinion").click()
    page.wait_for_url(
        re.compile(rf"/adjudication/articles/{article.pk}\?settled=\d+#s-{third.pk}$")
    )
    expect(page.locator(f"#d-{third.pk} .gold-state")).to_contain_text("Gold: Opinion")
    expect(page.locator("#undo-form")).to_contain_text("as Opinion · Undo")

    page.wait_for_load_state("load")
    page.keyboard.press("z")
    page.wait_for_url(re.compile(rf"/adjudication/articles/{article.pk}\?#s-{third.pk}$"))
    expect(page.locator(".messages")).to_contain_text("is back to no gold label")
    expect(page.locator(f"#d-{third.pk} .gold-state")).to_have_text("No gold label yet.")
    assert not GoldLabel.objects.filter(sentence=third).exists()
