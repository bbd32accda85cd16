"""An admin pastes a scraped page of two articles, keeps a line the importer dropped and
leaves the second article out in the preview, then imports what the preview showed; at a
laptop's size and at a phone's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, Request, expect

from articles.ingest.page_structure import PageResult
from articles.ingest.pages import find_articles
from articles.models import Article, ImportBatch
from tests.browser.conftest import strict_context
from tests.browser.helpers import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "Council approves the new harbour plan"
SECOND = "Rail strike halts trains across the region"
# The masthead's one line of prose: the importer drops it as outside the article text.
TAGLINE = (
    "The Harbour Courier has reported on the city and its port since 1921 and is owned by "
    "the people who read it."
)
# Each article's paragraphs, sentence by sentence.
FIRST_BODY = [
    [
        "The city council approved the harbour redevelopment plan on Tuesday by a vote of "
        "nine to four.",
        "The plan adds a ferry terminal and four hundred homes along the eastern quay.",
    ],
    [
        "Opponents said the cost estimate of 120 million euros was drawn up before "
        "construction prices rose last year.",
        "The finance committee will publish a revised estimate in May.",
    ],
    [
        "The mayor said work on the terminal could start next spring if the port authority "
        "agrees to share the cost.",
    ],
]
SECOND_BODY = [
    [
        "Regional train services stopped on Wednesday morning as drivers began a two-day "
        "strike over pay.",
        "The operator said about forty thousand commuters were affected.",
    ],
    [
        "The union wants a raise in line with inflation, which reached six percent last year.",
        "Talks with the operator broke down on Monday evening.",
    ],
]


def _paragraphs(body: list[list[str]]) -> str:
    return "\n\n".join(" ".join(sentences) for sentences in body)


PAGE = f"""The Harbour Courier

{TAGLINE}

Home | News | Politics | Business | Sport | Opinion

{FIRST}

By Maria Jensen

12 March 2026

{_paragraphs(FIRST_BODY)}

Read more

{SECOND}

By Tom Okafor

13 March 2026

{_paragraphs(SECOND_BODY)}

Most read

{FIRST}

{SECOND}

Share this

© 2026 The Harbour Courier. All rights reserved.
"""

# Chromium's mobile mode (is_mobile) is left off: it widens the layout viewport to the page's
# widest element, and the site header is wider than a phone (see the last test).
SIZES: dict[str, dict[str, Any]] = {
    "laptop": {"viewport": {"width": 1366, "height": 768}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "has_touch": True,
    },
}


@pytest.fixture(params=list(SIZES))
def sized_page(browser: Browser, live_server, request) -> Iterator[Page]:
    """A strict page (console errors fail the test) at a laptop's size, then a phone's."""
    for context in strict_context(browser, live_server, request, **SIZES[request.param]):
        yield context.new_page()


@pytest.fixture
def phone_page(browser: Browser, live_server, request) -> Iterator[Page]:
    for context in strict_context(browser, live_server, request, **SIZES["phone"]):
        yield context.new_page()


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def found() -> PageResult:
    """What the importer makes of PAGE, checked to be the page this test is about."""
    result = find_articles(PAGE)
    assert [article.title for article in result.articles] == [FIRST, SECOND]
    reasons = {line.text: line.reason for line in result.dropped}
    assert reasons[TAGLINE].startswith("outside the page's article text")
    assert {"Read more", "Most read", "Share this"} <= reasons.keys()
    return result


def line_of(result: PageResult, text: str) -> int:
    return next(line.number for line in result.dropped if line.text == text)


def preview_items(page: Page) -> list[list[str]]:
    """The preview's text column in order: article headers, paragraphs, dropped lines."""
    return page.locator(".preview-source > :not(h3)").evaluate_all(
        """items => items.map(item =>
          item.classList.contains("preview-dropped")
            ? ["dropped", item.querySelector(".dropped-text").textContent,
               item.querySelector(".reason").textContent]
          : item.classList.contains("preview-article")
            ? ["article", item.querySelector("h4").textContent]
          : ["paragraph", [...item.querySelectorAll(".sentence")].map(s => s.textContent)
                            .join(" ")])"""
    )


def expected_items(result: PageResult) -> list[list[str]]:
    """What the preview should show of ``result``, each line where it stood on the page."""
    items: list[tuple[int, list[str]]] = []
    for article in result.articles:
        items.append((article.line, ["article", article.title]))
        for number, paragraph in zip(article.lines, article.paragraphs, strict=True):
            items.append((number, ["paragraph", paragraph.text]))
    for line in result.dropped:
        text, reason = f"line {line.number}: {line.text}", f"— {line.reason}"
        items.append((line.number, ["dropped", text, reason]))
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def expect_reachable(page: Page, button: Locator) -> None:
    """The button can be scrolled to and lies across no edge of the screen."""
    button.scroll_into_view_if_needed()
    expect(button).to_be_visible()
    expect(button).to_be_in_viewport(ratio=1)
    box = button.bounding_box()
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_the_admin_keeps_a_dropped_line_leaves_an_article_out_and_imports_the_rest(
    sized_page: Page, found: PageResult
):
    page = sized_page
    UserFactory.create(username="ada", is_staff=True)
    tagline_line = line_of(found, TAGLINE)
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)

    log_in(page, "ada")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1, name="Import articles")).to_be_visible()
    page.get_by_label("Or paste text").fill(PAGE)
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEW

    # Both articles sentence by sentence, every dropped line where it stood, with its reason.
    expect(page.get_by_role("heading", level=2, name="Articles found (2)")).to_be_visible()
    expect(page.locator("#import-preview .sentence")).to_have_text(
        [sentence for body in (FIRST_BODY, SECOND_BODY) for p in body for sentence in p]
    )
    assert preview_items(page) == expected_items(found)
    confirm = page.get_by_role("button", name="Import 2 articles")
    apply = page.get_by_role("button", name="Apply choices")
    expect(apply).to_have_count(2)
    for button in (apply.first, apply.last, confirm):
        expect_reachable(page, button)

    # Neither a stray Enter, nor ticking boxes by keyboard, nor focus on the import button
    # sends anything.
    sent = len(posts)
    page.evaluate("document.activeElement.blur()")
    assert page.evaluate("document.activeElement === document.body")
    page.keyboard.press("Enter")
    second = page.locator(".preview-article").filter(has_text=SECOND)
    leave_out = second.get_by_label("Leave out")
    tagline = page.locator(".preview-dropped").filter(has_text=TAGLINE)
    keep = tagline.get_by_label("Keep")
    for box in (leave_out, keep):
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    confirm.focus()
    page.evaluate("document.activeElement.blur()")
    expect(page).to_have_url(re.compile(rf"/imports/{batch.pk}/$"))
    page.evaluate("new Promise(requestAnimationFrame)")  # any submission would have started
    batch.refresh_from_db()
    assert posts[sent:] == []
    assert batch.status == ImportBatch.Status.PREVIEW
    assert batch.preview is not None and batch.preview["choices"] == {}

    expect_reachable(page, apply.last)
    apply.last.click()

    # The second article is left out, the kept line joins the first article.
    expect(page.get_by_role("heading", level=2, name="Articles found (1)")).to_be_visible()
    left_out = page.locator(".preview-left-out")
    expect(left_out).to_have_count(1)
    expect(left_out.locator("del")).to_have_text(SECOND)
    expect(left_out).to_contain_text("left out: not imported")
    expect(left_out.get_by_label("Leave out")).to_be_checked()
    kept = page.locator(".preview-paragraph").filter(has_text=TAGLINE)
    expect(kept.locator(".sentence")).to_have_text([TAGLINE])
    expect(
        kept.get_by_label(f"Keep (line {tagline_line}, dropped by the importer)")
    ).to_be_checked()
    expect(page.locator(".preview-dropped").filter(has_text=TAGLINE)).to_have_count(0)
    sentence_count = 1 + sum(len(p) for p in FIRST_BODY)
    expect(page.locator("#import-preview .sentence")).to_have_text(
        [TAGLINE, *(sentence for p in FIRST_BODY for sentence in p)]
    )
    expect(page.locator(".preview-article").filter(has_text=FIRST)).to_contain_text(
        f"{sentence_count} sentences"
    )
    rows = page.locator("#import-preview table.data tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(FIRST)
    assert ImportBatch.objects.get().status == ImportBatch.Status.PREVIEW

    confirm = page.get_by_role("button", name="Import 1 article", exact=True)
    expect_reachable(page, confirm)
    confirm.click()

    status = page.locator("#import-status").get_by_role("status")
    expect(status).to_contain_text("Imported 1 article", timeout=15_000)
    expect(status).to_contain_text("Done")
    expect(page.get_by_role("button", name=re.compile("^Import "))).to_have_count(0)

    article = Article.objects.get()
    assert article.title == FIRST
    assert article.body.startswith(TAGLINE)
    assert article.sentences.count() == sentence_count
    assert not Article.objects.filter(title=SECOND).exists()
    assert SECOND_BODY[0][0] not in article.body


def test_the_import_page_is_no_wider_than_a_phone(phone_page: Page):
    UserFactory.create(username="ada", is_staff=True)
    log_in(phone_page, "ada")
    phone_page.goto("/imports/")
    expect(phone_page.get_by_role("heading", level=1, name="Import articles")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    log_out = phone_page.get_by_role("button", name="Log out")
    box = log_out.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
