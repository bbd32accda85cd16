"""Suggestions in the real workspace (issue 15), at a laptop's size and a phone's: shown
faintly with their confidence, accepted one with a and all at or above the threshold with
Shift+A, taken back by one z; Enter at open stores nothing, and the accept keys do nothing
when the campaign shows no suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from annotator.models import Campaign, Label, Prediction
from tests.browser.conftest import strict_context
from tests.browser.helpers import expect_all_saved, log_in, open_article, sentences
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
# The five sentences' suggestions: three at or above the 0.8 threshold.
PREDICTED = [
    ("opinion", 0.93),
    ("sourced", 0.85),
    ("no_claim", 0.8),
    ("unsourced", 0.55),
    ("sourced", 0.2),
]


@pytest.fixture(params=list(SIZES))
def sized_page(browser: Browser, live_server, request) -> Iterator[Page]:
    for context in strict_context(browser, live_server, request, **SIZES[request.param]):
        yield context.new_page()


def _campaign(suggestions: str) -> Campaign:
    rita = UserFactory.create(username="rita")
    campaign = CampaignFactory.create(name="Harbour audit", suggestions=suggestions)
    campaign.reviewers.add(rita)
    article = make_article(sentences=5, title=TITLE)
    campaign.articles.add(article)
    Prediction.objects.bulk_create(
        Prediction(
            campaign=campaign, sentence=s, value=v, score=p, model_name="m",
            created_at=datetime(2025, 3, 1, tzinfo=UTC),
        )
        for s, (v, p) in zip(article.sentences.order_by("position"), PREDICTED, strict=True)
    )  # fmt: skip
    return campaign


def _stored() -> dict[int, tuple[str, bool]]:
    return {
        position: (value, accepted)
        for position, value, accepted in Label.objects.values_list(
            "sentence__position", "value", "accepted"
        )
    }


def test_a_accepts_one_shift_a_the_rest_above_the_threshold_and_z_takes_them_back(sized_page):
    _campaign("before")
    page = sized_page
    log_in(page, "rita")
    open_article(page, TITLE)
    first = sentences(page).nth(0)
    expect(first.locator(".suggestion")).to_have_text("Suggested: Opinion 93%")
    expect(sentences(page).nth(4).locator(".suggestion")).to_have_text("Suggested: Sourced 20%")

    page.keyboard.press("Enter")  # at open: stores nothing
    page.keyboard.press("a")  # the first sentence is selected: accept its suggestion
    expect(first.locator(".badge")).to_have_text("Opinion")
    expect(first.locator(".suggestion")).to_have_count(0)
    expect_all_saved(page)
    assert _stored() == {0: ("opinion", True)}

    page.keyboard.press("Shift+A")
    expect(sentences(page).nth(1).locator(".badge")).to_have_text("Sourced")
    expect(sentences(page).nth(2).locator(".badge")).to_have_text("No claim")
    expect(page.locator("#progress")).to_contain_text("3 of 5 tagged")
    # Below the threshold: still a suggestion, not a label.
    expect(sentences(page).nth(3).locator(".suggestion")).to_have_text("Suggested: Unsourced 55%")
    assert _stored() == {0: ("opinion", True), 1: ("sourced", True), 2: ("no_claim", True)}

    page.keyboard.press("z")  # one undo takes back the whole accept-all
    expect(sentences(page).nth(1).locator(".suggestion")).to_have_text("Suggested: Sourced 85%")
    expect(sentences(page).nth(2).locator(".suggestion")).to_be_visible()
    expect(page.locator("#progress")).to_contain_text("1 of 5 tagged")
    assert _stored() == {0: ("opinion", True)}


@pytest.mark.parametrize("suggestions", ["off", "after"])
def test_accept_keys_do_nothing_unless_suggestions_come_before_labelling(sized_page, suggestions):
    _campaign(suggestions)
    page = sized_page
    log_in(page, "rita")
    open_article(page, TITLE)
    expect(page.locator(".suggestion")).to_have_count(0)  # nothing shown before labelling

    for key in ("Enter", "a", "Shift+A"):
        page.keyboard.press(key)
    page.keyboard.press("o")  # the reviewer's own label on the first sentence
    expect_all_saved(page)
    assert _stored() == {0: ("opinion", False)}
    first = sentences(page).nth(0)
    if suggestions == "after":
        # Once labelled, the model's label appears beside the reviewer's, to compare.
        expect(first.locator(".suggestion")).to_have_text("Model: Opinion 93%")
    else:
        expect(first.locator(".suggestion")).to_have_count(0)
    expect(sentences(page).nth(1).locator(".suggestion")).to_have_count(0)
