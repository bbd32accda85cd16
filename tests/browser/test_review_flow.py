from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from annotator.models import Campaign, Review
from tests.browser.helpers import (
    expect_all_saved,
    log_in,
    open_article,
    sentences,
    stored_labels,
    toolbar_button,
)
from tests.browser.submitting import open_submit_dialog, submit_article
from tests.factories import UserFactory, make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(db):
    reviewer = UserFactory.create(username="rita")
    article = make_article(sentences=6, title="Council budget story")
    campaign = Campaign.objects.create(name="Budget watch")
    campaign.reviewers.add(reviewer)
    campaign.articles.add(article)
    return reviewer, article


def test_tag_three_sentences_by_keyboard_and_they_survive_a_reload(page: Page, setup):
    reviewer, _article = setup
    log_in(page, "rita")
    open_article(page, "Council budget story")

    rows = sentences(page)
    expect(rows.first).to_be_focused()
    page.keyboard.press("s")
    expect(rows.nth(0)).to_have_attribute("data-label", "sourced")
    expect(rows.nth(1)).to_be_focused()  # focus moved to the next untagged sentence
    page.keyboard.press("u")
    expect(rows.nth(1)).to_have_attribute("data-label", "unsourced")
    page.keyboard.press("j")  # skip one
    expect(rows.nth(3)).to_be_focused()
    page.keyboard.press("o")
    expect(rows.nth(3)).to_have_attribute("data-label", "opinion")
    expect(page.locator("#progress")).to_contain_text("3 of 6 tagged")
    expect_all_saved(page)

    page.reload()

    expect(page.locator(".sentence .badge")).to_have_count(3)
    expect(rows.nth(0).locator(".badge")).to_have_text("Sourced")
    expect(rows.nth(1).locator(".badge")).to_have_text("Unsourced")
    expect(rows.nth(3).locator(".badge")).to_have_text("Opinion")
    review = Review.objects.get(reviewer=reviewer)
    assert stored_labels(review) == {0: "sourced", 1: "unsourced", 3: "opinion"}


def test_move_back_retag_clear_and_submit_by_keyboard(page: Page, setup):
    reviewer, _article = setup
    log_in(page, "rita")
    open_article(page, "Council budget story")
    rows = sentences(page)
    expect(rows.first).to_be_focused()

    page.keyboard.press("n")
    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(rows.nth(0)).to_be_focused()
    page.keyboard.press("o")
    expect(rows.nth(0)).to_have_attribute("data-label", "opinion")
    expect(rows.nth(1)).to_be_focused()  # the next untagged sentence
    page.keyboard.press("ArrowUp")
    expect(rows.nth(0)).to_be_focused()
    page.keyboard.press("Backspace")
    expect(rows.nth(0)).to_have_attribute("data-label", "")
    expect(page.locator("#progress")).to_contain_text("0 of 6 tagged")

    counts = submit_article(page)

    # The only article is done: back home, with the count of sentences taken as no claim.
    expect(page.get_by_role("heading", name="My articles")).to_be_visible()
    expect(page.get_by_text("6 untagged sentences were counted as no claim")).to_be_visible()
    assert counts == {"sourced": 0, "unsourced": 0, "opinion": 0, "no_claim": 0, "untagged": 6}
    review = Review.objects.get(reviewer=reviewer)
    assert review.status == Review.Status.SUBMITTED
    assert set(stored_labels(review).values()) == {"no_claim"}


def test_dismissing_the_submit_question_keeps_the_article_open(page: Page, setup):
    reviewer, _article = setup
    log_in(page, "rita")
    open_article(page, "Council budget story")
    page.keyboard.press("s")
    expect_all_saved(page)

    counts = open_submit_dialog(page)
    assert counts == {"sourced": 1, "unsourced": 0, "opinion": 0, "no_claim": 0, "untagged": 5}
    page.keyboard.press("Escape")
    expect(page.locator("#submit-dialog")).to_be_hidden()
    page.keyboard.press("s")  # still the workspace, still editable
    expect(sentences(page).nth(1)).to_have_attribute("data-label", "sourced")
    expect_all_saved(page)
    expect(page.get_by_role("heading", level=1, name="Council budget story")).to_be_visible()
    assert Review.objects.get(reviewer=reviewer).status == Review.Status.IN_PROGRESS


def test_tag_with_the_mouse_and_the_toolbar(page: Page, setup):
    reviewer, _article = setup
    log_in(page, "rita")
    open_article(page, "Council budget story")
    third = sentences(page).nth(2)
    third.click()
    expect(third).to_be_focused()
    toolbar_button(page, "Opinion").click()
    expect(third).to_have_attribute("data-label", "opinion")
    expect(third.locator(".badge")).to_have_text("Opinion")
    expect_all_saved(page)
    assert stored_labels(Review.objects.get(reviewer=reviewer)) == {2: "opinion"}
