"""No keystroke decides by accident: on the disagreement list Enter opens the first item and a
second Enter stores nothing; the workspace's Enter at open stores no label; a decision is undone
from the next page. At a laptop's size and a phone's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from annotator.models import Campaign, GoldLabel, GoldLabelEvent, Label, Review
from annotator.review import services
from articles.models import Article
from tests.browser.conftest import strict_context
from tests.browser.helpers import expect_workspace_ready, log_in, sentences
from tests.factories import CampaignFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db(transaction=True)

SIZES: dict[str, dict[str, Any]] = {
    "laptop": {"viewport": {"width": 1366, "height": 768}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "has_touch": True,
    },
}
TITLE = "Harbour plan"


@pytest.fixture(params=list(SIZES))
def sized_page(browser: Browser, live_server, request) -> Iterator[Page]:
    for context in strict_context(browser, live_server, request, **SIZES[request.param]):
        yield context.new_page()


@pytest.fixture
def disputed(db) -> tuple[Campaign, Article]:
    """k = 2: rita and otto submitted, disagreeing on sentences 1 and 2; ada is an admin."""
    rita, otto = UserFactory.create(username="rita"), UserFactory.create(username="otto")
    UserFactory.create(username="ada", is_staff=True)
    campaign = CampaignFactory.create(name="Harbour audit", reviews_per_article=2)
    campaign.reviewers.add(rita, otto)
    article = make_article(sentences=4, title=TITLE)
    campaign.articles.add(article)
    labels = {
        rita: ["sourced", "opinion", "unsourced", "no_claim"],
        otto: ["sourced", "no_claim", "opinion", "no_claim"],
    }
    for who, values in labels.items():
        review = Review.objects.create(campaign=campaign, article=article, reviewer=who)
        for sentence, value in zip(article.sentences.order_by("position"), values, strict=True):
            services.label_set(review=review, sentence=sentence, value=value, actor=who)
        services.review_submit(review=review, actor=who)
    return campaign, article


def _gold_state() -> tuple[list[tuple[int, str, str]], int]:
    """Every gold label and how many history events there are."""
    rows = list(GoldLabel.objects.order_by("pk").values_list("sentence_id", "value", "method"))
    return rows, GoldLabelEvent.objects.count()


def _item_url(campaign: Campaign) -> re.Pattern[str]:
    return re.compile(rf"/campaigns/{campaign.pk}/adjudication/\d+(\?.*)?$")


def test_enter_then_enter_on_the_disagreement_list_stores_nothing(sized_page: Page, disputed):
    campaign, article = disputed
    page = sized_page
    before = _gold_state()
    assert len(before[0]) == 2  # the unanimous sentences' automatic gold

    log_in(page, "ada")
    page.goto(f"/campaigns/{campaign.pk}/adjudication")
    expect(page.get_by_role("heading", level=1, name="Disagreements")).to_contain_text(
        "(2 to settle)"
    )
    page.keyboard.press("Enter")  # opens the first disagreement: that much Enter may do
    page.wait_for_url(_item_url(campaign))
    page.wait_for_load_state("load")  # adjudicate.js (deferred) listens from here on
    first = page.url
    expect(page.locator("#disputed")).to_have_text(article.sentences.get(position=1).text)
    expect(page.locator(":focus")).to_have_count(0)  # nothing focused, least of all "Sourced"

    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)  # time for a form post and its redirect, had there been one

    assert page.url == first
    expect(page.locator("#gold-state")).to_have_text("No gold label yet.")
    assert _gold_state() == before


def test_a_decision_is_undone_from_the_next_page(sized_page: Page, disputed):
    campaign, article = disputed
    page = sized_page
    second, third = article.sentences.get(position=1), article.sentences.get(position=2)
    before = _gold_state()
    log_in(page, "ada")
    page.goto(f"/campaigns/{campaign.pk}/adjudication/{second.pk}")
    page.wait_for_load_state("load")

    page.keyboard.press("o")
    page.wait_for_url(re.compile(rf"/adjudication/{third.pk}\?.*settled="))
    undo = page.locator("#undo-form")
    expect(undo).to_contain_text(f"Settled “{second.text[:30]}")
    expect(undo).to_contain_text("as Opinion · Undo")
    assert GoldLabel.objects.get(sentence=second).value == "opinion"

    page.wait_for_load_state("load")
    page.keyboard.press("z")
    page.wait_for_url(re.compile(rf"/adjudication/{second.pk}(\?.*)?$"))
    expect(page.locator(".messages")).to_contain_text("is back to no gold label")
    expect(page.locator("#gold-state")).to_have_text("No gold label yet.")
    rows, events = _gold_state()
    assert rows == before[0] and events == before[1] + 2  # the decision and its undo


def test_enter_at_the_workspace_s_open_stores_no_label(sized_page: Page, disputed):
    campaign, _ = disputed
    page = sized_page
    reviewer = UserFactory.create(username="maria")
    campaign.reviewers.add(reviewer)
    other = make_article(sentences=3, title="Ferry times")
    campaign.articles.add(other)
    review = Review.objects.create(campaign=campaign, article=other, reviewer=reviewer)

    log_in(page, "maria")
    page.goto(f"/reviews/{review.pk}/")
    expect(page.get_by_role("heading", level=1, name="Ferry times")).to_be_visible()
    expect_workspace_ready(page)
    expect(sentences(page).nth(0)).to_be_focused()  # a sentence: selecting, never storing

    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)

    assert page.url.endswith(f"/reviews/{review.pk}/")
    expect(page.locator("#save-state")).to_have_text("All changes saved")
    expect(page.locator("#progress")).to_contain_text("0 of 3 tagged")
    assert not Label.objects.filter(review=review).exists()

    # The source dialog opens with focus in its field; Enter there stores nothing either.
    page.keyboard.press("e")
    expect(page.locator("#editor-source")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    expect(page.locator("#editor")).to_be_visible()
    assert not Label.objects.filter(review=review).exists()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#editor")).to_be_hidden()
    expect(page.locator("#save-state")).to_have_text("All changes saved")
    assert Label.objects.get(review=review).value == "sourced"
