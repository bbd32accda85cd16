"""Two reviewers disagree, an admin settles it by keyboard, and the gold labels are exported."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from annotator.models import Campaign, GoldLabel, Review
from articles.models import Article
from tests.browser.conftest import strict_context
from tests.browser.helpers import (
    expect_all_saved,
    expect_workspace_ready,
    log_in,
    sentences,
    stored_labels,
)
from tests.browser.submitting import submit_article
from tests.factories import CampaignFactory, UserFactory, make_article

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Harbour plan"
LABEL_OF_KEY = {"s": "sourced", "u": "unsourced", "o": "opinion", "n": "no_claim"}
UNANIMOUS = GoldLabel.Method.UNANIMOUS.value
ADJUDICATED = GoldLabel.Method.ADJUDICATED.value


def _page(browser: Browser, live_server, request) -> Iterator[Page]:
    """A page in a browser context of its own (own cookies: one user each), strict about
    console errors and CSP violations like the harness's ``page``."""
    for context in strict_context(browser, live_server, request):
        yield context.new_page()


@pytest.fixture
def rita_page(browser: Browser, live_server, request) -> Iterator[Page]:
    yield from _page(browser, live_server, request)


@pytest.fixture
def otto_page(browser: Browser, live_server, request) -> Iterator[Page]:
    yield from _page(browser, live_server, request)


@pytest.fixture
def ada_page(browser: Browser, live_server, request) -> Iterator[Page]:
    yield from _page(browser, live_server, request)


@pytest.fixture
def disputed(db) -> tuple[Campaign, Article, User, User, User]:
    rita, otto = UserFactory.create(username="rita"), UserFactory.create(username="otto")
    ada = UserFactory.create(username="ada", is_staff=True)
    campaign = CampaignFactory.create(name="Harbour audit", reviews_per_article=2)
    campaign.reviewers.add(rita, otto)
    article = make_article(sentences=6, title=TITLE)
    campaign.articles.add(article)
    return campaign, article, rita, otto, ada


def open_next_article(page: Page) -> None:
    """From home, Enter on the autofocused "Open my next article" button."""
    button = page.get_by_role("button", name=re.compile(r"^Open my next article"))
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect_workspace_ready(page)


def tag(page: Page, index: int, key: str, *, then: int) -> None:
    """Tag the focused sentence ``index`` by key; focus goes on to sentence ``then``."""
    rows = sentences(page)
    expect(rows.nth(index)).to_be_focused()
    page.keyboard.press(key)
    expect(rows.nth(index)).to_have_attribute("data-label", LABEL_OF_KEY[key])
    expect(rows.nth(then)).to_be_focused()


def move(page: Page, key: str, *, to: int) -> None:
    page.keyboard.press(key)
    expect(sentences(page).nth(to)).to_be_focused()


def submit(page: Page) -> dict[str, int]:
    """Shift+Enter and "Yes, submit" in the dialog; ends on home (the only article is done).
    Returns the counts the dialog showed."""
    expect_all_saved(page)
    counts = submit_article(page)
    expect(page.get_by_role("heading", name="My articles")).to_be_visible()
    expect(page.locator(".messages")).to_contain_text(f"Submitted “{TITLE}”.")
    return counts


def item_url(campaign: Campaign, sentence_id: int) -> re.Pattern[str]:
    return re.compile(rf"/campaigns/{campaign.pk}/adjudication/{sentence_id}(\?.*)?$")


def test_two_reviewers_disagree_the_admin_settles_by_keyboard_and_gold_is_exported(
    rita_page: Page, otto_page: Page, ada_page: Page, disputed, tmp_path: Path
):
    campaign, article, rita, otto, ada = disputed
    by_position = {s.position: s for s in article.sentences.order_by("position")}
    assert len(by_position) == 6

    # Both reviewers take the article (k = 2: one slot each) before either submits.
    log_in(rita_page, "rita")
    open_next_article(rita_page)
    log_in(otto_page, "otto")
    open_next_article(otto_page)

    # Rita tags every sentence in order: s u o n s u.
    for index, key in enumerate("suons"):
        tag(rita_page, index, key, then=index + 1)
    rita_page.keyboard.press("u")
    expect(sentences(rita_page).nth(5)).to_have_attribute("data-label", "unsourced")
    expect(rita_page.locator("#progress")).to_contain_text("6 of 6 tagged")
    assert submit(rita_page)["untagged"] == 0

    # Otto: s o, back up and down with k/j, o, skips sentence 4 with j (no claim on submit),
    # then u n; agrees on sentences 1, 3, 4 and disagrees on 2, 5, 6.
    tag(otto_page, 0, "s", then=1)
    tag(otto_page, 1, "o", then=2)
    move(otto_page, "k", to=1)
    move(otto_page, "k", to=0)
    move(otto_page, "j", to=1)
    move(otto_page, "j", to=2)
    tag(otto_page, 2, "o", then=3)
    move(otto_page, "j", to=4)
    tag(otto_page, 4, "u", then=5)
    tag(otto_page, 5, "n", then=3)  # wraps round to the one untagged sentence
    expect(otto_page.locator("#progress")).to_contain_text("5 of 6 tagged")
    assert submit(otto_page) == {
        "sourced": 1,
        "unsourced": 1,
        "opinion": 2,
        "no_claim": 1,
        "untagged": 1,
    }

    rita_review = Review.objects.get(reviewer=rita)
    otto_review = Review.objects.get(reviewer=otto)
    assert rita_review.status == otto_review.status == Review.Status.SUBMITTED
    assert stored_labels(rita_review) == {
        0: "sourced",
        1: "unsourced",
        2: "opinion",
        3: "no_claim",
        4: "sourced",
        5: "unsourced",
    }
    assert stored_labels(otto_review) == {
        0: "sourced",
        1: "opinion",
        2: "opinion",
        3: "no_claim",
        4: "unsourced",
        5: "no_claim",
    }
    disputed_positions = [1, 4, 5]

    # The admin walks there through the navigation.
    log_in(ada_page, "ada")
    ada_page.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Campaigns", exact=True
    ).click()
    expect(ada_page.get_by_role("heading", level=1, name="Campaigns")).to_be_visible()
    ada_page.get_by_role("link", name="Harbour audit", exact=True).click()
    expect(ada_page.get_by_role("heading", level=1, name="Harbour audit")).to_be_visible()
    expect(ada_page.get_by_text("Every article has its reviews.")).to_be_visible()
    ada_page.get_by_role("navigation", name="Campaign").get_by_role(
        "link", name="Adjudication", exact=True
    ).click()

    expect(ada_page.get_by_role("heading", level=1, name="Disagreements")).to_contain_text(
        "(3 to settle)"
    )
    rows = ada_page.locator("table.data tbody tr")
    expect(rows).to_have_count(3)
    listed = {
        1: ["rita: Unsourced", "otto: Opinion"],
        4: ["rita: Sourced", "otto: Unsourced"],
        5: ["rita: Unsourced", "otto: No claim"],
    }
    for position, swatches in listed.items():
        row = rows.filter(has_text=by_position[position].text)
        expect(row).to_have_count(1)
        for swatch in swatches:
            expect(row).to_contain_text(swatch)
    expect(rows.filter(has_text="not settled")).to_have_count(3)

    settle = ada_page.get_by_role("link", name=re.compile(r"^Settle by keyboard"))
    expect(settle).to_be_focused()
    ada_page.keyboard.press("Enter")

    choices = {1: "o", 4: "s", 5: "u"}
    for n, position in enumerate(disputed_positions):
        sentence = by_position[position]
        ada_page.wait_for_url(item_url(campaign, sentence.pk))  # loaded: adjudicate.js is ready
        expect(ada_page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
        expect(ada_page.locator("#disputed")).to_have_text(sentence.text)
        expect(ada_page.get_by_text(f"{3 - n} left to settle for this filter")).to_be_visible()
        reviews = ada_page.locator("table.reviews tbody tr")
        expect(reviews).to_have_count(2)
        expect(ada_page.locator("#gold-state")).to_have_text("No gold label yet.")
        ada_page.keyboard.press(choices[position])

    # After the last one: back on the list, nothing left.
    ada_page.wait_for_url(re.compile(rf"/campaigns/{campaign.pk}/adjudication(\?.*)?$"))
    expect(ada_page.locator(".messages")).to_contain_text(
        "That was the last disagreement for this filter."
    )
    expect(ada_page.get_by_text("Nothing left to settle")).to_be_visible()
    expect(ada_page.get_by_role("heading", level=1, name="Disagreements")).to_have_text(
        "Disagreements (0 to settle)"
    )
    expect(ada_page.get_by_role("link", name=re.compile(r"^Settle by keyboard"))).to_have_count(0)

    # Every disputed sentence has the admin's gold; the others their unanimous label.
    gold = {
        g.sentence.position: (g.value, g.method, g.decided_by_id)
        for g in GoldLabel.objects.filter(campaign=campaign).select_related("sentence")
    }
    assert gold == {
        0: ("sourced", UNANIMOUS, None),
        1: ("opinion", ADJUDICATED, ada.pk),
        2: ("opinion", UNANIMOUS, None),
        3: ("no_claim", UNANIMOUS, None),
        4: ("sourced", ADJUDICATED, ada.pk),
        5: ("unsourced", ADJUDICATED, ada.pk),
    }

    out = tmp_path / "labels.jsonl"
    stdout = io.StringIO()
    call_command(
        "export_labels", "--format", "jsonl", "--real-names", "-o", str(out), stdout=stdout
    )
    assert f"Wrote 6 sentence records of 1 articles to {out}." in stdout.getvalue()
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["position"] for r in records] == list(range(6))
    assert {r["sentence_id"] for r in records} == {s.pk for s in by_position.values()}
    exported = {
        r["position"]: (r["gold_label"], r["gold_method"], r["gold_decided_by"]) for r in records
    }
    assert exported == {
        0: ("sourced", UNANIMOUS, None),
        1: ("opinion", ADJUDICATED, "ada"),
        2: ("opinion", UNANIMOUS, None),
        3: ("no_claim", UNANIMOUS, None),
        4: ("sourced", ADJUDICATED, "ada"),
        5: ("unsourced", ADJUDICATED, "ada"),
    }
    labels = {
        r["position"]: sorted((x["reviewer"], x["label"]) for x in r["labels"]) for r in records
    }
    assert labels == {
        0: [("otto", "sourced"), ("rita", "sourced")],
        1: [("otto", "opinion"), ("rita", "unsourced")],
        2: [("otto", "opinion"), ("rita", "opinion")],
        3: [("otto", "no_claim"), ("rita", "no_claim")],
        4: [("otto", "unsourced"), ("rita", "sourced")],
        5: [("otto", "no_claim"), ("rita", "unsourced")],
    }


def test_the_workspace_shows_markdown_guidelines_and_a_script_in_them_as_text(page: Page):
    reviewer = UserFactory.create(username="rita")
    campaign = CampaignFactory.create(
        name="Guided audit",
        guidelines="Tag a claim **Sourced** only when a source is *named*.\n\n"
        "<script>window.__pwned = 1</script>",
    )
    campaign.reviewers.add(reviewer)
    campaign.articles.add(make_article(sentences=3, title=TITLE))

    log_in(page, "rita")
    open_next_article(page)

    guidelines = page.get_by_role("complementary", name="Guidelines").locator(".guidelines")
    expect(guidelines.locator("strong")).to_have_text("Sourced")
    expect(guidelines.locator("em")).to_have_text("named")
    expect(guidelines).to_contain_text("<script>window.__pwned = 1</script>")
    expect(guidelines.locator("script")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None
