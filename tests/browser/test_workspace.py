"""The reviewer's workspace in a real browser: keys, toolbar, saving, editor, no-JS path."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from annotator.models import Campaign, Label, LabelEvent, Review
from articles.models import Article, ImportBatch
from tests.browser.helpers import (
    LabelSavesBlocked,
    accept_dialogs,
    expect_all_saved,
    expect_workspace_ready,
    log_in,
    open_article,
    sentences,
    stored_labels,
    toolbar_button,
)
from tests.browser.submitting import submit_article
from tests.factories import CampaignFactory, UserFactory, article_text, make_article

pytestmark = pytest.mark.django_db(transaction=True)

LABEL_OF_KEY = {"s": "sourced", "u": "unsourced", "o": "opinion", "n": "no_claim"}
RAMAN = "“We have the money,” said Dr. Priya Raman, the council’s engineer."
ATTRIBUTED_TEXT = f"The council met on Tuesday. {RAMAN} The plan was approved."
HOSTILE_SCRIPT = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=2">'
# What Chromium logs for a request that LabelSavesBlocked cut off.
ABORTED_REQUEST = r"^Failed to load resource: net::ERR_BLOCKED_BY_CLIENT$"


@pytest.fixture
def reviewer(db) -> User:
    return UserFactory.create(username="rita")


@pytest.fixture
def campaign(reviewer: User) -> Campaign:
    campaign = CampaignFactory.create(name="Budget watch")
    campaign.reviewers.add(reviewer)
    return campaign


def assign(campaign: Campaign, *, title: str, **kwargs: object) -> Article:
    article = make_article(title=title, **kwargs)  # type: ignore[arg-type]
    campaign.articles.add(article)
    return article


def review_of(reviewer: User, article: Article) -> Review:
    return Review.objects.get(reviewer=reviewer, article=article)


# ---- keyboard -----------------------------------------------------------------------------


def test_tag_forty_sentences_by_keyboard_alone_then_submit_opens_the_next_article(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Forty budget lines", text=article_text(40))
    assign(campaign, title="The second story", sentences=3)
    log_in(page, "rita")
    open_article(page, "Forty budget lines")
    rows = sentences(page)
    expect(rows).to_have_count(40)
    expected: dict[int, str] = {}

    def tag(index: int, key: str) -> None:
        expect(rows.nth(index)).to_be_focused()
        page.keyboard.press(key)
        expect(rows.nth(index)).to_have_attribute("data-label", LABEL_OF_KEY[key])
        expected[index] = LABEL_OF_KEY[key]

    def press_and_expect_focus(key: str, index: int) -> None:
        page.keyboard.press(key)
        expect(rows.nth(index)).to_be_focused()

    for index in range(38):
        if index == 10:
            press_and_expect_focus("j", 11)  # leave sentence 11 (index 10) untagged
        elif index == 25:
            press_and_expect_focus("ArrowDown", 26)  # and sentence 26 (index 25)
        else:
            tag(index, "suon"[index % 4])
    # Each tag moved focus on to the next untagged sentence; now walk back and forth.
    expect(rows.nth(38)).to_be_focused()
    press_and_expect_focus("k", 37)
    press_and_expect_focus("ArrowUp", 36)
    press_and_expect_focus("ArrowLeft", 35)
    press_and_expect_focus("ArrowRight", 36)
    press_and_expect_focus("j", 37)
    tag(37, "o")  # retag: focus goes on to the next untagged sentence, 38
    tag(38, "n")
    tag(39, "s")
    expect(rows.nth(10)).to_be_focused()  # wrapped round to the first untagged sentence
    expect(page.locator("#progress")).to_have_text("38 of 40 tagged")
    expect_all_saved(page)

    counts = submit_article(page)

    expect(page.get_by_role("heading", level=1, name="The second story")).to_be_visible()
    expect(page.get_by_text("2 untagged sentences were counted as no claim")).to_be_visible()
    assert counts == {"sourced": 11, "unsourced": 8, "opinion": 9, "no_claim": 10, "untagged": 2}
    review = review_of(reviewer, article)
    assert review.status == Review.Status.SUBMITTED
    assert stored_labels(review) == {**expected, 10: "no_claim", 25: "no_claim"}
    assert len(stored_labels(review)) == 40


def test_undo_takes_back_the_latest_changes_one_at_a_time(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Council budget story", sentences=5)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    rows = sentences(page)
    page.keyboard.press("s")
    expect(rows.nth(0)).to_have_attribute("data-label", "sourced")
    page.keyboard.press("u")
    expect(rows.nth(1)).to_have_attribute("data-label", "unsourced")
    expect_all_saved(page)

    page.keyboard.press("z")
    expect(rows.nth(1)).to_have_attribute("data-label", "")
    expect(rows.nth(1)).to_be_focused()  # undo shows the sentence it changed
    expect(rows.nth(0)).to_have_attribute("data-label", "sourced")
    assert stored_labels(review_of(reviewer, article)) == {0: "sourced"}

    page.keyboard.press("z")
    expect(rows.nth(0)).to_have_attribute("data-label", "")
    expect(rows.nth(0)).to_be_focused()
    expect(page.locator("#progress")).to_have_text("0 of 5 tagged")

    review = review_of(reviewer, article)
    assert stored_labels(review) == {}
    events = list(LabelEvent.objects.filter(review=review).order_by("pk"))
    assert [(e.sentence.position, e.before, e.after) for e in events] == [
        (0, None, {"value": "sourced", "source": "", "note": ""}),
        (1, None, {"value": "unsourced", "source": "", "note": ""}),
        (1, {"value": "unsourced", "source": "", "note": ""}, None),
        (0, {"value": "sourced", "source": "", "note": ""}, None),
    ]
    assert [e.undoes_id for e in events] == [None, None, events[1].pk, events[0].pk]


# ---- mouse --------------------------------------------------------------------------------


def test_move_and_tag_with_the_mouse_and_the_toolbar(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Council budget story", sentences=6)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    rows = sentences(page)

    page.get_by_text("Sentence number 3 says the council spent 3 dollars.").click()
    expect(rows.nth(2)).to_be_focused()
    assert "/sentences/" not in page.url  # with JavaScript a click selects, it does not navigate
    toolbar_button(page, "Opinion").click()
    expect(rows.nth(2)).to_have_attribute("data-label", "opinion")
    expect(rows.nth(2).locator(".badge")).to_have_text("Opinion")
    expect(rows.nth(3)).to_be_focused()  # the next untagged sentence

    rows.nth(4).click()
    expect(rows.nth(4)).to_be_focused()
    toolbar_button(page, "No claim").click()
    expect(rows.nth(4)).to_have_attribute("data-label", "no_claim")
    expect(rows.nth(5)).to_be_focused()
    rows.nth(4).click()
    toolbar_button(page, "Clear").click()
    expect(rows.nth(4)).to_have_attribute("data-label", "")
    expect(rows.nth(4).locator(".badge")).to_have_count(0)
    expect(page.locator("#progress")).to_have_text("1 of 6 tagged")
    expect_all_saved(page)

    review = review_of(reviewer, article)
    assert stored_labels(review) == {2: "opinion"}
    assert LabelEvent.objects.filter(review=review, sentence__position=4).count() == 2


# ---- hostile text ---------------------------------------------------------------------------


def test_markup_in_sentence_text_is_shown_as_text_and_never_runs(
    page: Page, reviewer: User, campaign: Campaign
):
    text = f"The council met. It said {HOSTILE_SCRIPT} was fine. And {HOSTILE_IMG} too."
    article = assign(campaign, title="Hostile markup", text=text)
    log_in(page, "rita")
    open_article(page, "Hostile markup")
    rows = sentences(page)

    expect(rows.nth(1)).to_contain_text(HOSTILE_SCRIPT)
    expect(rows.nth(2)).to_contain_text(HOSTILE_IMG)
    expect(page.get_by_text(HOSTILE_SCRIPT)).to_be_visible()
    expect(page.locator("#article-body script, #article-body img")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None

    rows.nth(1).click()
    page.keyboard.press("u")
    rows.nth(2).click()
    page.keyboard.press("o")
    expect(rows.nth(1).locator(".badge")).to_have_text("Unsourced")
    expect(rows.nth(2).locator(".badge")).to_have_text("Opinion")
    expect_all_saved(page)
    # The server's re-rendered sentences (swapped in by htmx) are just as inert.
    expect(rows.nth(1)).to_contain_text(HOSTILE_SCRIPT)
    expect(rows.nth(2)).to_contain_text(HOSTILE_IMG)
    expect(page.locator("#article-body script, #article-body img")).to_have_count(0)

    # So is the editor dialog, which quotes the sentence.
    rows.nth(2).click()
    page.keyboard.press("c")
    expect(page.locator("#editor blockquote")).to_have_text(f"And {HOSTILE_IMG} too.")
    page.keyboard.press("Escape")
    expect(page.locator("#editor")).to_be_hidden()

    assert page.evaluate("window.__pwned") is None
    assert stored_labels(review_of(reviewer, article)) == {1: "unsourced", 2: "opinion"}


# ---- every page -----------------------------------------------------------------------------


# The icon a page shows: its <link rel=icon>, else the /favicon.ico browsers fall back to. A
# missing icon is a console error ("Failed to load resource: 404"), but the browser fetches it
# after the page loads, often after a test is over; fetching it here makes that deterministic.
ICON_STATUS = """async () => {
  const link = document.querySelector("link[rel~='icon']");
  const url = new URL(link ? link.getAttribute("href") : "/favicon.ico", location.href);
  const response = await fetch(url, {method: "HEAD", credentials: "same-origin"});
  return [url.pathname, response.status];
}"""


def test_every_page_renders_without_console_errors_or_csp_violations(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Council budget story", sentences=5)
    UserFactory.create(username="ada", is_staff=True, is_superuser=True)
    batch = ImportBatch.objects.create(
        source_name="council.txt",
        source_format=ImportBatch.Format.TEXT,
        status=ImportBatch.Status.PREVIEW,
        preview={
            "article_total": 1,
            "articles": [
                {
                    "title": "Council budget story",
                    "sentences": 5,
                    "author": "",
                    "published": "",
                    "outlet": "",
                    "where": "council.txt",
                }
            ],
            "dropped_total": 1,
            "dropped": ["Subscribe for more"],
        },
    )
    missing_icons: dict[str, tuple[str, int]] = {}

    def check_icon(name: str) -> None:
        path, status = page.evaluate(ICON_STATUS)
        if status != 200:
            missing_icons[name] = (path, status)

    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    check_icon("log in")
    log_in(page, "rita")
    expect(page.get_by_role("heading", name="Budget watch")).to_be_visible()
    check_icon("home")
    open_article(page, "Council budget story")
    expect(page.locator("#toolbar")).to_be_visible()  # review.js ran
    expect_all_saved(page)
    check_icon("review")
    review = review_of(reviewer, article)
    first = article.sentences.order_by("position").first()
    assert first is not None
    page.goto(f"/reviews/{review.pk}/sentences/{first.pk}/")
    expect(page.get_by_role("heading", name="Label a sentence")).to_be_visible()
    expect(page.get_by_role("radio", name="Sourced", exact=True)).to_be_visible()
    check_icon("sentence")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    log_in(page, "ada")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import articles")).to_be_visible()
    expect(page.get_by_role("heading", name="Recent imports")).to_be_visible()
    check_icon("imports")
    page.goto(f"/imports/{batch.pk}/")
    expect(page.get_by_role("heading", name=f"Import {batch.pk}: council.txt")).to_be_visible()
    expect(page.get_by_role("button", name="Import 1 article")).to_be_visible()
    check_icon("import detail")
    page.get_by_role("link", name="Django admin").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    check_icon("admin index")
    page.goto("/admin/articles/article/")
    expect(page.get_by_role("heading", name="Select article to change")).to_be_visible()
    expect(page.get_by_role("link", name="Council budget story")).to_be_visible()
    check_icon("admin article changelist")

    assert missing_icons == {}, "pages whose icon is missing (a console error in the browser)"


# ---- saving ---------------------------------------------------------------------------------


@pytest.mark.allow_console_errors(ABORTED_REQUEST)
def test_failed_saves_are_retried_until_every_label_is_stored(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Council budget story", sentences=5)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    rows = sentences(page)
    blocked = LabelSavesBlocked(page)

    page.keyboard.press("s")
    page.keyboard.press("u")
    page.keyboard.press("o")
    expect(page.locator("#save-state")).to_contain_text("Not saved")
    expect(page.locator("#save-state")).to_contain_text("3 waiting")
    expect(rows.nth(0)).to_have_attribute("data-label", "sourced")
    expect(rows.nth(1)).to_have_attribute("data-label", "unsourced")
    expect(rows.nth(2)).to_have_attribute("data-label", "opinion")
    assert stored_labels(review_of(reviewer, article)) == {}

    blocked.lift()
    expect_all_saved(page, timeout=20_000)
    assert stored_labels(review_of(reviewer, article)) == {
        0: "sourced",
        1: "unsourced",
        2: "opinion",
    }
    expect(page.locator("#progress")).to_have_text("3 of 5 tagged")


@pytest.mark.allow_console_errors(ABORTED_REQUEST)
def test_unsaved_labels_survive_a_reload_and_are_stored_later(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Council budget story", sentences=5)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    rows = sentences(page)
    blocked = LabelSavesBlocked(page)
    page.keyboard.press("s")
    page.keyboard.press("n")
    expect(rows.nth(0)).to_have_attribute("data-label", "sourced")
    expect(rows.nth(1)).to_have_attribute("data-label", "no_claim")
    expect(page.locator("#save-state")).to_contain_text("Not saved")

    leaving = accept_dialogs(page)
    page.reload()
    assert leaving == [("beforeunload", "")]  # the browser asked before leaving unsaved work

    expect(page.get_by_role("heading", level=1, name="Council budget story")).to_be_visible()
    expect(rows.nth(0)).to_have_attribute("data-label", "sourced")
    expect(rows.nth(1)).to_have_attribute("data-label", "no_claim")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bpending\b"))  # shown, not yet stored
    expect(page.locator("#save-state")).to_contain_text("Not saved")
    assert stored_labels(review_of(reviewer, article)) == {}

    blocked.lift()
    expect_all_saved(page, timeout=20_000)
    assert stored_labels(review_of(reviewer, article)) == {0: "sourced", 1: "no_claim"}
    page.reload()
    expect(rows.nth(1).locator(".badge")).to_have_text("No claim")
    expect_all_saved(page)


def test_two_tabs_on_one_article_last_write_wins(page: Page, reviewer: User, campaign: Campaign):
    article = assign(campaign, title="Council budget story", sentences=5)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    review = review_of(reviewer, article)
    tab_a = page
    tab_b = page.context.new_page()
    tab_b.goto(f"/reviews/{review.pk}/")
    expect(tab_b.get_by_role("heading", level=1, name="Council budget story")).to_be_visible()
    expect_workspace_ready(tab_b)

    expect(sentences(tab_a).nth(0)).to_be_focused()
    tab_a.keyboard.press("s")
    expect(sentences(tab_a).nth(0)).to_have_attribute("data-label", "sourced")
    expect_all_saved(tab_a)
    assert stored_labels(review) == {0: "sourced"}

    tab_b.bring_to_front()
    expect(sentences(tab_b).nth(0)).to_be_focused()
    tab_b.keyboard.press("o")
    expect(sentences(tab_b).nth(0)).to_have_attribute("data-label", "opinion")
    expect_all_saved(tab_b)

    assert stored_labels(review) == {0: "opinion"}
    history = LabelEvent.objects.filter(review=review).order_by("pk")
    assert [(e.before and e.before["value"], (e.after or {})["value"]) for e in history] == [
        (None, "sourced"),
        ("sourced", "opinion"),
    ]


# ---- editor -------------------------------------------------------------------------------


def test_source_from_the_suggestion_and_a_note_through_the_editor(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Council budget story", text=ATTRIBUTED_TEXT)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    rows = sentences(page)
    editor = page.locator("#editor")
    page.keyboard.press("j")
    expect(rows.nth(1)).to_be_focused()
    expect(rows.nth(1)).to_contain_text(RAMAN)

    page.keyboard.press("e")
    expect(editor).to_be_visible()
    source = editor.locator("input[name=source]")
    expect(source).to_have_value("Dr. Priya Raman")
    expect(source).to_be_focused()
    expect(editor.get_by_role("radio", name="Sourced", exact=True)).to_be_checked()
    page.keyboard.press("Control+Enter")
    expect(editor).to_be_hidden()
    expect(rows.nth(1).locator(".badge")).to_have_text("Sourced: Dr. Priya Raman")
    expect_all_saved(page)
    label = Label.objects.get(review=review_of(reviewer, article), sentence__position=1)
    assert (label.value, label.source, label.note) == ("sourced", "Dr. Priya Raman", "")

    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("c")
    expect(editor).to_be_visible()
    note = editor.get_by_role("textbox", name="Note", exact=True)
    expect(note).to_be_focused()
    # Typed key by key: letters that are shortcuts elsewhere (s, u, o, n, z, e, c, j, k) only type.
    note.press_sequentially("Check the figure against the budget report.")
    expect(note).to_have_value("Check the figure against the budget report.")
    editor.get_by_role("button", name="Save").click()
    expect(editor).to_be_hidden()
    expect(rows.nth(1).locator(".note-mark")).to_have_attribute(
        "title", "Check the figure against the budget report."
    )
    expect_all_saved(page)
    label.refresh_from_db()
    assert (label.value, label.source, label.note) == (
        "sourced",
        "Dr. Priya Raman",
        "Check the figure against the budget report.",
    )


def test_question_mark_shows_the_keys_and_hides_them_again(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Council budget story", sentences=3)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    rows = sentences(page)
    help_dialog = page.locator("#help")
    expect(help_dialog).to_be_hidden()

    page.keyboard.press("?")
    expect(help_dialog).to_be_visible()
    expect(help_dialog.get_by_role("heading", name="Help")).to_be_visible()
    expect(help_dialog.get_by_text("next / previous sentence")).to_be_visible()
    page.keyboard.press("?")
    expect(help_dialog).to_be_hidden()
    expect(rows.nth(0)).to_be_focused()  # back where the reviewer was: keys work at once
    page.keyboard.press("?")
    expect(help_dialog).to_be_visible()
    page.keyboard.press("s")  # a label key while the help shows does nothing
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    toolbar_button(page, "Help").click()
    expect(help_dialog).to_be_visible()
    page.keyboard.press("?")
    expect(help_dialog).to_be_hidden()
    page.keyboard.press("o")
    expect(rows.nth(0)).to_have_attribute("data-label", "opinion")
    expect_all_saved(page)
    assert stored_labels(review_of(reviewer, article)) == {0: "opinion"}


# ---- without JavaScript ---------------------------------------------------------------------


def test_label_and_submit_without_javascript(nojs_page: Page, reviewer: User, campaign: Campaign):
    page = nojs_page
    article = assign(campaign, title="Council budget story", sentences=4)
    assign(campaign, title="The second story", sentences=2)
    log_in(page, "rita")
    open_article(page, "Council budget story", js=False)
    second = sentences(page).nth(1)

    second.click()
    expect(page.get_by_role("heading", name="Label a sentence")).to_be_visible()
    expect(page.locator("blockquote")).to_have_text(
        "Sentence number 2 says the council spent 2 dollars."
    )
    page.get_by_role("radio", name="Unsourced", exact=True).check()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1, name="Council budget story")).to_be_visible()
    expect(second.locator(".badge")).to_have_text("Unsourced")
    expect(page.locator("#progress")).to_have_text("1 of 4 tagged")
    assert stored_labels(review_of(reviewer, article)) == {1: "unsourced"}

    page.get_by_role("button", name="Submit and open the next article").click()
    expect(page.get_by_role("heading", level=1, name="The second story")).to_be_visible()
    expect(page.get_by_text("3 untagged sentences were counted as no claim")).to_be_visible()
    review = review_of(reviewer, article)
    assert review.status == Review.Status.SUBMITTED
    assert stored_labels(review) == {0: "no_claim", 1: "unsourced", 2: "no_claim", 3: "no_claim"}


def test_without_javascript_the_toolbar_is_hidden_and_the_undo_form_shown(
    nojs_page: Page, reviewer: User, campaign: Campaign
):
    page = nojs_page
    assign(campaign, title="Council budget story", sentences=4)
    log_in(page, "rita")
    open_article(page, "Council budget story", js=False)
    expect(page.get_by_role("button", name="Undo my last change")).to_be_visible()
    # Its buttons need JavaScript: without it they would do nothing.
    expect(page.locator("#toolbar")).to_be_hidden()


# ---- reopening ------------------------------------------------------------------------------


def submit_only_article(page: Page) -> None:
    """Submit the open article by keyboard; it was the campaign's last one, so home shows."""
    submit_article(page)
    expect(page.get_by_role("heading", name="My articles")).to_be_visible()


def test_a_submitted_article_is_read_only(page: Page, reviewer: User, campaign: Campaign):
    article = assign(campaign, title="Council budget story", sentences=3)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    page.keyboard.press("o")
    expect_all_saved(page)
    submit_only_article(page)

    open_article(page, "Council budget story")
    expect(page.get_by_role("button", name="Reopen to change labels")).to_be_visible()
    expect(page.locator("#toolbar")).to_have_count(0)
    expect(page.locator("#submit-form")).to_have_count(0)
    page.keyboard.press("s")
    expect(sentences(page).nth(0)).to_have_attribute("data-label", "opinion")
    assert stored_labels(review_of(reviewer, article)) == {
        0: "opinion",
        1: "no_claim",
        2: "no_claim",
    }
    expect(page.locator("#save-state")).to_have_text("Read only")


def test_a_submitted_article_can_be_reopened_and_tagged_again(
    page: Page, reviewer: User, campaign: Campaign
):
    article = assign(campaign, title="Council budget story", sentences=3)
    log_in(page, "rita")
    open_article(page, "Council budget story")
    page.keyboard.press("o")
    expect_all_saved(page)
    submit_only_article(page)
    expect(page.get_by_text("submitted", exact=True)).to_be_visible()
    review = review_of(reviewer, article)
    assert review.status == Review.Status.SUBMITTED

    open_article(page, "Council budget story")
    reopen = page.get_by_role("button", name="Reopen to change labels")
    expect(reopen).to_be_visible()
    reopen.click()

    expect(reopen).to_have_count(0)
    expect(page.locator("#toolbar")).to_be_visible()
    rows = sentences(page)
    expect(rows.nth(0)).to_be_focused()
    # Every sentence is tagged (submit counted the rest as no claim): a key changes only a
    # sentence the reviewer moves to, not the one the page selected.
    expect(page.locator("#all-tagged")).to_be_visible()
    page.keyboard.press("s")
    expect(rows.nth(0)).to_have_attribute("data-label", "opinion")
    rows.nth(0).click()
    page.keyboard.press("s")
    expect(rows.nth(0)).to_have_attribute("data-label", "sourced")
    expect_all_saved(page)
    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS
    assert stored_labels(review) == {0: "sourced", 1: "no_claim", 2: "no_claim"}
