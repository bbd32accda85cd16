"""The workspace's layout in a real browser, at a laptop's size and a phone's: the selected
sentence always whole in view (never under the sticky status line or toolbar), the phone's one
row of touch-sized label buttons with the rest in a menu, no key hints on a touch screen, and a
quiet mark between untagged sentences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, FloatRect, Locator, Page, expect

from annotator.models import Campaign, Review
from tests.browser.conftest import strict_context
from tests.browser.helpers import (
    expect_all_saved,
    log_in,
    open_article,
    sentences,
    stored_labels,
    toolbar_button,
)
from tests.factories import CampaignFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 768}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "has_touch": True,
}
SIZES = {"laptop": LAPTOP, "phone": PHONE}
TITLE = "Harbour budget, line by line"
# Where the selected sentence is, and what covers the window's top and bottom.
PLACES = """() => {
  const el = document.querySelector("#article-body .sentence.current");
  const box = el.getBoundingClientRect();
  const rects = el.getClientRects();
  const inside = (rect) => {
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return Boolean(hit && el.contains(hit));
  };
  return {
    index: Array.from(document.querySelectorAll("#article-body .sentence")).indexOf(el),
    focused: document.activeElement === el,
    top: box.top, bottom: box.bottom, left: box.left, right: box.right,
    statusBottom: document.querySelector(".status-line").getBoundingClientRect().bottom,
    toolbarTop: document.getElementById("workspace-bar").getBoundingClientRect().top,
    width: window.innerWidth, height: window.innerHeight,
    firstLineShown: inside(rects[0]), lastLineShown: inside(rects[rects.length - 1]),
  };
}"""


def long_text(paragraphs: int = 10, per_paragraph: int = 3) -> str:
    """Sentences of 30-odd words, several lines each on a phone: the page is many screens."""
    lines = []
    for p in range(paragraphs):
        lines.append(
            " ".join(
                f"In item {p * per_paragraph + s + 1} the harbour board said the dredging of the "
                f"northern channel would cost {p + s + 3} million over five years, a figure the "
                "council's auditors have not yet checked against the tender documents."
                for s in range(per_paragraph)
            )
        )
    return "\n".join(lines)


@pytest.fixture(params=list(SIZES))
def sized_page(browser: Browser, live_server, request) -> Iterator[Page]:
    for context in strict_context(browser, live_server, request, **SIZES[request.param]):
        yield context.new_page()


@pytest.fixture
def phone_page(browser: Browser, live_server, request) -> Iterator[Page]:
    for context in strict_context(browser, live_server, request, **PHONE):
        yield context.new_page()


@pytest.fixture
def laptop_page(browser: Browser, live_server, request) -> Iterator[Page]:
    for context in strict_context(browser, live_server, request, **LAPTOP):
        yield context.new_page()


@pytest.fixture
def reviewer(db) -> User:
    user = UserFactory.create(username="rita")
    campaign: Campaign = CampaignFactory.create(name="Harbour watch")
    campaign.reviewers.add(user)
    campaign.articles.add(make_article(title=TITLE, text=long_text()))
    return user


def box_of(element: Locator) -> FloatRect:
    box = element.bounding_box()
    assert box is not None, f"{element} is not shown"
    return box


def assert_selected_in_view(page: Page, step: str) -> dict[str, Any]:
    where = page.evaluate(PLACES)
    assert where["focused"], f"{step}: the selected sentence has lost focus"
    assert where["top"] >= max(0, where["statusBottom"]) - 0.5, (
        f"{step}: under the status line {where}"
    )
    assert where["bottom"] <= min(where["height"], where["toolbarTop"]) + 0.5, (
        f"{step}: under the toolbar or below the window {where}"
    )
    assert where["left"] >= 0 and where["right"] <= where["width"], f"{step}: off to a side {where}"
    assert where["firstLineShown"] and where["lastLineShown"], f"{step}: covered {where}"
    return where


# Tag down the article (skipping sentences 3 and 9), step back and forth, and tag on until the
# selection wraps from the last sentence up to the first one left untagged; tag both, and the
# all-tagged notice makes the status line taller.
KEYS = (
    "s u j o n s k k j j u o ArrowDown n s u o n s ArrowUp ArrowUp ArrowDown ArrowDown "
    "u o n s u o n s u o n s u n o s n"
).split()


def test_the_selected_sentence_stays_whole_in_view_over_forty_key_presses(
    sized_page: Page, reviewer: User
):
    page = sized_page
    assert len(KEYS) == 40
    log_in(page, "rita")
    open_article(page, TITLE)
    expect(sentences(page)).to_have_count(30)
    assert page.evaluate("document.scrollingElement.scrollHeight > 3 * window.innerHeight"), (
        "the article should be several screens long"
    )
    assert_selected_in_view(page, "at opening")
    visited = []
    for number, key in enumerate(KEYS, start=1):
        page.keyboard.press(key)
        visited.append(assert_selected_in_view(page, f"key {number} ({key})")["index"])
    # The walk went to the end of the article, wrapped back to the top, then down again.
    assert visited[-4:] == [29, 2, 8, 8], visited
    expect(page.locator("#all-tagged")).to_be_visible()
    expect_all_saved(page)
    assert len(stored_labels(Review.objects.get(reviewer=reviewer))) == 30


def test_on_a_phone_the_labels_are_one_row_of_touch_sized_buttons_and_the_rest_a_menu(
    phone_page: Page, reviewer: User
):
    page = phone_page
    log_in(page, "rita")
    open_article(page, TITLE)
    toolbar = page.locator("#toolbar")
    labels = toolbar.locator(".toolbar-labels button")
    expect(labels).to_have_count(4)
    boxes = [box_of(labels.nth(i)) for i in range(4)]
    more = toolbar.get_by_role("button", name="More", exact=True)
    more_box = box_of(more)
    assert {round(box["y"]) for box in boxes} == {round(more_box["y"])}, "one row"
    assert all(box["height"] >= 44 for box in boxes), boxes
    assert more_box["height"] >= 44 and more_box["width"] >= 44
    assert box_of(toolbar)["height"] < 64
    for name in ("Undo", "Source", "Note", "Clear", "Submit", "Help"):
        expect(toolbar_button(page, name)).to_be_hidden()
    # Each label fits its button: the text is not cut off.
    assert page.evaluate(
        """() => Array.from(document.querySelectorAll('.toolbar-labels button'))
          .every((b) => b.scrollWidth <= b.clientWidth)"""
    )
    # No sideways scrolling on the workspace.
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")

    # The labels tag by touch; More opens the rest, each a finger's size, and closes after.
    sentences(page).nth(0).tap()
    labels.nth(1).tap()
    expect(sentences(page).nth(0)).to_have_attribute("data-label", "unsourced")
    more.tap()
    expect(more).to_have_attribute("aria-expanded", "true")
    undo = toolbar_button(page, "Undo")
    expect(undo).to_be_visible()
    for name in ("Undo", "Source", "Note", "Clear", "Submit", "Help"):
        box = box_of(toolbar_button(page, name))
        assert box["height"] >= 44, (name, box)
        assert box["y"] >= 0 and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    expect_all_saved(page)
    undo.tap()
    expect(undo).to_be_hidden()
    expect(more).to_have_attribute("aria-expanded", "false")
    expect(sentences(page).nth(0)).to_have_attribute("data-label", "")
    expect_all_saved(page)
    assert stored_labels(Review.objects.get(reviewer=reviewer)) == {}


def test_key_hints_show_on_a_laptop_and_not_on_a_touch_screen(
    laptop_page: Page, phone_page: Page, reviewer: User
):
    for page, shown in ((laptop_page, True), (phone_page, False)):
        log_in(page, "rita")
        open_article(page, TITLE)
        hint = page.locator("#toolbar kbd").first
        submit_hint = page.locator("#submit-form kbd").first
        side_keys = page.locator(".side-panel .label-keys kbd").first
        for element in (hint, submit_hint, side_keys):
            if shown:
                expect(element).to_be_visible()
            else:
                expect(element).to_be_hidden()
        # The labels' descriptions stay either way.
        expect(page.locator(".side-panel .label-keys dd").first).to_be_visible()


def test_untagged_sentences_are_parted_by_a_quiet_mark(laptop_page: Page, reviewer: User):
    page = laptop_page
    log_in(page, "rita")
    open_article(page, TITLE)
    rows = sentences(page)
    mark = """(el) => {
      const style = getComputedStyle(el, '::before');
      return style.content !== 'none' && style.borderLeftStyle === 'solid';
    }"""
    # The first sentence of a paragraph has nothing before it; the next ones do.
    assert not rows.nth(0).evaluate(mark)
    assert rows.nth(1).evaluate(mark) and rows.nth(2).evaluate(mark)
    page.keyboard.press("s")
    page.keyboard.press("o")
    expect(rows.nth(1)).to_have_attribute("data-label", "opinion")
    # Tagged sentences show their boundaries by their colour: no mark beside them.
    assert not rows.nth(1).evaluate(mark) and not rows.nth(2).evaluate(mark)
    assert rows.nth(4).evaluate(mark)
    expect_all_saved(page)
