from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from annotator.models import Campaign, Label, Review
from tests.factories import PASSWORD, UserFactory, make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(db):  # type: ignore[no-untyped-def]
    reviewer = UserFactory(username="rita")
    article = make_article(sentences=6, title="Council budget story")
    campaign = Campaign.objects.create(name="Budget watch")
    campaign.reviewers.add(reviewer)
    campaign.articles.add(article)
    return reviewer, article


def log_in(page: Page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My articles")).to_be_visible()


def test_tag_three_sentences_by_keyboard_and_they_survive_a_reload(page: Page, setup):
    reviewer, _article = setup
    log_in(page, "rita")
    page.get_by_role("button", name="Council budget story").click()
    expect(page.get_by_role("heading", name="Council budget story")).to_be_visible()

    sentences = page.locator(".sentence")
    expect(sentences.first).to_be_focused()
    page.keyboard.press("s")
    expect(sentences.nth(0)).to_have_attribute("data-label", "sourced")
    expect(sentences.nth(1)).to_be_focused()  # focus moved to the next untagged sentence
    page.keyboard.press("u")
    expect(sentences.nth(1)).to_have_attribute("data-label", "unsourced")
    page.keyboard.press("j")  # skip one
    expect(sentences.nth(3)).to_be_focused()
    page.keyboard.press("o")
    expect(sentences.nth(3)).to_have_attribute("data-label", "opinion")
    expect(page.locator("#progress")).to_contain_text("3 of 6 tagged")
    expect(page.locator("#save-state")).to_have_text("All changes saved")

    page.reload()

    expect(page.locator(".sentence .badge")).to_have_count(3)
    expect(sentences.nth(0).locator(".badge")).to_have_text("Sourced")
    expect(sentences.nth(1).locator(".badge")).to_have_text("Unsourced")
    expect(sentences.nth(3).locator(".badge")).to_have_text("Opinion")
    labels = dict(
        Label.objects.filter(review__reviewer=reviewer).values_list("sentence__position", "value")
    )
    assert labels == {0: "sourced", 1: "unsourced", 3: "opinion"}


def test_move_back_retag_clear_and_submit_by_keyboard(page: Page, setup):
    reviewer, _article = setup
    log_in(page, "rita")
    page.get_by_role("button", name="Council budget story").click()
    sentences = page.locator(".sentence")
    expect(sentences.first).to_be_focused()

    page.keyboard.press("n")
    expect(sentences.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(sentences.nth(0)).to_be_focused()
    page.keyboard.press("o")
    expect(sentences.nth(0)).to_have_attribute("data-label", "opinion")
    expect(sentences.nth(1)).to_be_focused()  # the next untagged sentence
    page.keyboard.press("ArrowUp")
    expect(sentences.nth(0)).to_be_focused()
    page.keyboard.press("Backspace")
    expect(sentences.nth(0)).to_have_attribute("data-label", "")

    page.keyboard.press("Shift+Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("6 untagged sentences were counted as no claim")).to_be_visible()
    assert Review.objects.get(reviewer=reviewer).status == Review.Status.SUBMITTED


def test_tag_with_the_mouse(page: Page, setup):
    log_in(page, "rita")
    page.get_by_role("button", name="Council budget story").click()
    third = page.locator(".sentence").nth(2)
    third.locator(".sentence-text").click()
    third.get_by_role("button", name=re.compile("^Opinion")).click()
    expect(third).to_have_attribute("data-label", "opinion")
    expect(third.locator(".badge")).to_have_text("Opinion")
