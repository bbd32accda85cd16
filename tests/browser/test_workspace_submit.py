"""Finishing an article in a real browser: once every sentence is tagged the page says so and a
label key changes only a sentence the reviewer moved to; submit asks in the page with the
counts per label (cancel stores nothing, confirm submits once, after every change is saved);
a reviewer in two campaigns chooses which to work on."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, Request, expect

from annotator.models import Campaign, LabelEvent, Review
from articles.models import Article
from tests.browser.helpers import (
    LabelSavesBlocked,
    expect_all_saved,
    log_in,
    open_article,
    sentences,
    stored_labels,
    toolbar_button,
)
from tests.browser.submitting import open_submit_dialog
from tests.factories import CampaignFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db(transaction=True)

ABORTED_REQUEST = r"^Failed to load resource: net::ERR_BLOCKED_BY_CLIENT$"
TITLE = "Council budget story"


@pytest.fixture
def reviewer(db) -> User:
    return UserFactory.create(username="rita")


@pytest.fixture
def campaign(reviewer: User) -> Campaign:
    campaign = CampaignFactory.create(name="Budget watch")
    campaign.reviewers.add(reviewer)
    return campaign


def assign(campaign: Campaign, *, title: str, sentences: int) -> Article:
    article = make_article(title=title, sentences=sentences)
    campaign.articles.add(article)
    return article


def review_of(reviewer: User, article: Article) -> Review:
    return Review.objects.get(reviewer=reviewer, article=article)


def test_all_tagged_says_so_and_a_label_key_changes_only_a_sentence_moved_to(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title=TITLE, sentences=4)
    log_in(page, "rita")
    open_article(page, TITLE)
    rows = sentences(page)
    notice = page.locator("#all-tagged")
    for key in "suo":
        page.keyboard.press(key)
    expect(notice).to_be_hidden()
    page.keyboard.press("n")
    expect(rows.nth(3)).to_have_attribute("data-label", "no_claim")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Every sentence is tagged")
    expect(rows.nth(3)).to_be_focused()  # nothing left to move on to

    # Keys on the last sentence tagged, which the reviewer did not move to: nothing changes.
    for key in ("s", "u", "Backspace"):
        page.keyboard.press(key)
    expect(notice).to_have_class(re.compile(r"\bnudge\b"))
    expect(rows.nth(3)).to_have_attribute("data-label", "no_claim")
    expect_all_saved(page)
    review = review_of(reviewer, article)
    assert stored_labels(review) == {0: "sourced", 1: "unsourced", 2: "opinion", 3: "no_claim"}
    assert LabelEvent.objects.filter(review=review).count() == 4

    # Moving there first (k, then a click) lets a key change it; once.
    page.keyboard.press("k")
    expect(rows.nth(2)).to_be_focused()
    expect(notice).not_to_have_class(re.compile(r"\bnudge\b"))
    page.keyboard.press("s")
    expect(rows.nth(2)).to_have_attribute("data-label", "sourced")
    page.keyboard.press("u")
    expect(rows.nth(2)).to_have_attribute("data-label", "sourced")
    rows.nth(0).click()
    page.keyboard.press("n")
    expect(rows.nth(0)).to_have_attribute("data-label", "no_claim")
    expect_all_saved(page)
    assert stored_labels(review) == {0: "no_claim", 1: "unsourced", 2: "sourced", 3: "no_claim"}

    # Opened again, every sentence tagged: the page says so at once, and the first sentence,
    # selected by the page, is not changed by a key either.
    page.reload()
    expect(rows.nth(0)).to_be_focused()
    expect(notice).to_be_visible()
    page.keyboard.press("o")
    expect(rows.nth(0)).to_have_attribute("data-label", "no_claim")

    # The notice points to submit: its link opens the submit dialog.
    notice.get_by_role("link", name="Submit the article").click()
    dialog = page.locator("#submit-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-count='']")).to_have_text("0")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect_all_saved(page)
    assert LabelEvent.objects.filter(review=review).count() == 6
    assert review_of(reviewer, article).status == Review.Status.IN_PROGRESS


def test_the_submit_dialog_counts_the_labels_and_stores_nothing_until_confirmed(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title=TITLE, sentences=5)
    assign(campaign, title="The second story", sentences=2)
    log_in(page, "rita")
    open_article(page, TITLE)
    rows = sentences(page)
    for key in "sso":
        page.keyboard.press(key)
    expect(rows.nth(2)).to_have_attribute("data-label", "opinion")
    expect_all_saved(page)
    dialog = page.locator("#submit-dialog")
    submits: list[str] = []

    def on_request(request: Request) -> None:
        if request.url.endswith("/submit"):
            submits.append(request.method)

    page.on("request", on_request)

    # Shift+Enter opens it with "Keep tagging" focused: Enter, Space or Escape close it.
    expected = {"sourced": 2, "unsourced": 0, "opinion": 1, "no_claim": 0, "untagged": 2}
    for key in ("Enter", "Space", "Escape"):
        assert open_submit_dialog(page) == expected
        page.keyboard.press(key)
        expect(dialog).to_be_hidden()
        expect(rows.nth(3)).to_be_focused()  # back on the sentence, keys work again
    # The form's button and the toolbar's ask the same; "Keep tagging" goes back.
    page.get_by_role("button", name="Submit and open the next article").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Keep tagging").click()
    expect(dialog).to_be_hidden()
    page.keyboard.press("n")
    expect(rows.nth(3)).to_have_attribute("data-label", "no_claim")
    toolbar_button(page, "Submit").click()
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-count='no_claim']")).to_have_text("1")
    expect(dialog.locator("[data-count='']")).to_have_text("1")
    page.keyboard.press("Escape")
    expect_all_saved(page)
    assert submits == []
    assert review_of(reviewer, article).status == Review.Status.IN_PROGRESS

    # Shift+Enter twice: asked, then submitted; the next article opens.
    open_submit_dialog(page)
    page.keyboard.press("Shift+Enter")
    expect(page.get_by_role("heading", level=1, name="The second story")).to_be_visible()
    expect(page.get_by_text("1 untagged sentence was counted as no claim")).to_be_visible()
    assert submits == ["POST"]
    review = review_of(reviewer, article)
    assert review.status == Review.Status.SUBMITTED
    assert stored_labels(review) == {
        0: "sourced",
        1: "sourced",
        2: "opinion",
        3: "no_claim",
        4: "no_claim",
    }


@pytest.mark.allow_console_errors(ABORTED_REQUEST)
def test_confirming_waits_for_unsaved_labels_and_a_double_click_submits_once(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title=TITLE, sentences=3)
    log_in(page, "rita")
    open_article(page, TITLE)
    rows = sentences(page)
    submits: list[str] = []
    page.on("request", lambda r: submits.append(r.url) if r.url.endswith("/submit") else None)
    blocked = LabelSavesBlocked(page)
    page.keyboard.press("u")
    page.keyboard.press("o")
    expect(rows.nth(1)).to_have_attribute("data-label", "opinion")
    expect(page.locator("#save-state")).to_contain_text("Not saved")

    assert open_submit_dialog(page) == {
        "sourced": 0,
        "unsourced": 1,
        "opinion": 1,
        "no_claim": 0,
        "untagged": 1,
    }
    confirm = page.locator("#submit-dialog").get_by_role("button", name="Yes, submit")
    confirm.dblclick()
    expect(page.locator("#submit-saving")).to_have_text("Saving your last changes first…")
    expect(confirm).to_be_disabled()
    assert submits == []
    assert review_of(reviewer, article).status == Review.Status.IN_PROGRESS

    blocked.lift()
    expect(page.get_by_role("heading", name="My articles")).to_be_visible(timeout=20_000)
    assert len(submits) == 1
    review = review_of(reviewer, article)
    assert review.status == Review.Status.SUBMITTED
    assert stored_labels(review) == {0: "unsourced", 1: "opinion", 2: "no_claim"}


def test_a_reviewer_in_two_campaigns_chooses_which_to_work_on(
    page: Page, reviewer: User, campaign: Campaign
):
    assign(campaign, title="Budget story one", sentences=2)
    harbour = CampaignFactory.create(name="Harbour audit")
    harbour.reviewers.add(reviewer)
    assign(harbour, title="Harbour story one", sentences=2)
    assign(harbour, title="Harbour story two", sentences=2)
    log_in(page, "rita")
    expect(page.get_by_role("heading", level=2, name="Budget watch")).to_be_visible()
    expect(page.get_by_role("button", name="Start on Budget watch")).to_be_visible()

    # Budget watch is older, so "Open my next article" would give its article; the reviewer
    # chooses the harbour audit instead, and each submit keeps them in it.
    page.get_by_role("button", name="Start on Harbour audit").click()
    expect(page.get_by_role("heading", level=1, name="Harbour story one")).to_be_visible()
    expect(page.locator(".meta")).to_contain_text("Harbour audit")
    open_submit_dialog(page)
    page.keyboard.press("Shift+Enter")
    expect(page.get_by_role("heading", level=1, name="Harbour story two")).to_be_visible()
    open_submit_dialog(page)
    page.keyboard.press("Shift+Enter")
    expect(page.get_by_role("heading", level=1, name="My articles")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text(
        "Nothing more waits for you in Harbour audit now."
    )
    expect(page.get_by_role("button", name="Start on Harbour audit")).to_have_count(0)

    page.get_by_role("button", name="Start on Budget watch").click()
    expect(page.get_by_role("heading", level=1, name="Budget story one")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("button", name="Go on with Budget watch")).to_be_visible()
    assert set(
        Review.objects.filter(reviewer=reviewer).values_list("campaign__name", "status")
    ) == {
        ("Harbour audit", Review.Status.SUBMITTED),
        ("Budget watch", Review.Status.IN_PROGRESS),
    }


@pytest.mark.allow_console_errors(r"status of 409")
def test_a_change_the_server_refused_is_told_before_submitting(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title=TITLE, sentences=3)
    log_in(page, "rita")
    open_article(page, TITLE)
    Campaign.objects.filter(pk=campaign.pk).update(is_open=False)  # an admin closes it
    page.keyboard.press("s")
    expect(page.locator("#save-state")).to_contain_text("campaign is closed")

    open_submit_dialog(page)
    dialog = page.locator("#submit-dialog")
    dialog.get_by_role("button", name="Yes, submit").click()
    expect(page.locator("#submit-saving")).to_contain_text("campaign is closed")
    expect(page.locator("#submit-saving")).to_contain_text("Submit anyway?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Yes, submit").click()
    # The server refuses the submit too, and says why on the article's page.
    expect(page.locator(".messages")).to_contain_text("campaign is closed")
    review = review_of(reviewer, article)
    assert review.status == Review.Status.IN_PROGRESS
    assert stored_labels(review) == {}
