"""Finding the outlet a text page names itself (``page_outlet``), and its place among the
importer's other sources of an outlet."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.ingest.outlets import page_outlet
from articles.ingest.pipeline import parse

PAGES = Path(__file__).parent / "pages"

BODY = "\n\n".join(
    [
        "The council voted on Monday to close the Old Harbour bridge for eighteen months of "
        "repairs, after engineers found cracks in two of its supports.",
        "Drivers will be sent on a detour of about four kilometres. The council said the work "
        "would cost 14 million dollars, most of it paid for by the regional government.",
        '"We cannot take any risks with a bridge that carries 30,000 cars a day," said the '
        "head of the transport committee, Ana Ruiz.",
    ]
)


def page(*, top: str = "", bottom: str = "") -> str:
    """A one-article page with the given lines above and below the article."""
    return f"{top}\nBridge to close for repairs\n\n{BODY}\n\n{bottom}\n"


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (page(bottom="© 2024 The Metro Ledger"), "The Metro Ledger"),
        (
            page(bottom="Copyright 2023 Valley Courier Media. All rights reserved."),
            "Valley Courier",
        ),
        (
            page(bottom="Copyright © 2021–2024 by Coastline Courier, Inc. | Privacy Policy"),
            "Coastline Courier",
        ),
        (page(bottom="The Northern Post Newsletter\nGet the day's news."), "The Northern Post"),
        (page(bottom="Sign up for The Harbour Star Daily"), "The Harbour Star"),
        (page(bottom="Liked it? Take a second to support The Duran on Patreon!"), "The Duran"),
        (
            page(
                bottom="Plains Dispatch is a reader-supported publication. To receive new posts "
                "and support my work, consider becoming a free or paid subscriber."
            )
            + "\n",
            "Plains Dispatch",
        ),
        # A masthead in capitals, named again in the footer: the page's own spelling wins.
        (page(top="METRO LEDGER\nHome | City", bottom="© 2026 Metro Ledger Media"), "Metro Ledger"),
        (page(top="BBC NEWS", bottom="© 2024 BBC News"), "BBC News"),
        # Two weak signals that agree: a masthead and an "About" line.
        (page(top="THE HARBOUR STAR", bottom="About The Harbour Star"), "The Harbour Star"),
        # Every signal of one kind repeated on a front page still names one outlet.
        (page(bottom="Support The Duran on Patreon\nThe Duran Newsletter") * 3, "The Duran"),
    ],
)
def test_outlet_named_by_the_page(text, outlet):
    assert page_outlet(text) == outlet


@pytest.mark.parametrize(
    "text",
    [
        page(),
        # Photo credits and wire credits name who made a picture or a story, not the site.
        page(bottom="Photo: © Getty Images"),
        page(bottom="© Reuters"),
        page(bottom="© 2024 Reuters. All rights reserved."),
        page(bottom="Copyright 2024 The Associated Press. All rights reserved."),
        page(bottom="© 2024 AFP via Getty Images"),
        # No name at all.
        page(bottom="© 2024"),
        page(bottom="© 2024. All rights reserved."),
        page(bottom="Copyright policy\nCopyright Notice"),
        # Appeals that name no one.
        page(bottom="Sign up to our daily newsletter"),
        page(bottom="Get Our Newsletter\nDaily Newsletter\nSupport us on Patreon"),
        page(bottom="Remember to subscribe to The Duran's YouTube channel."),
        page(bottom="About the author\nAbout Us"),
        # A masthead alone may as well be a menu item or a headline.
        page(top="THE HARBOUR STAR"),
        page(top="Most Popular", bottom="Most Popular"),
        # A credit inside the article (not the footer, no year) is too weak on its own.
        page(bottom=f"© Jane Doe\n{BODY}\n{BODY}\n{BODY}\n{BODY}"),
        # Two outlets named as strongly as each other: unsure.
        page(bottom="© 2024 The Metro Ledger\nThe Northern Post Newsletter"),
    ],
    ids=lambda text: text.strip().splitlines()[-1][:40],
)
def test_nothing_is_found_when_the_page_does_not_clearly_name_itself(text):
    assert page_outlet(text) == ""


def test_the_example_pages_name_their_outlets():
    assert page_outlet((PAGES / "metro-ledger-front.txt").read_text()) == "Metro Ledger"
    assert page_outlet((PAGES / "valley-courier-single.txt").read_text()) == "The Valley Courier"


def test_text_page_drafts_get_the_page_outlet_before_the_url_domain():
    text = page(bottom="© 2024 The Metro Ledger")
    parsed = parse(text, source="page.txt", fmt="text", url="https://metro.example/bridge")
    assert [draft.outlet_name for draft in parsed.drafts] == ["The Metro Ledger"]

    unnamed = parse(page(), source="page.txt", fmt="text", url="https://metro.example/bridge")
    assert [draft.outlet_name for draft in unnamed.drafts] == ["metro.example"]


def test_a_short_title_and_body_file_gets_the_page_outlet_too():
    text = "Bridge to close\nThe bridge closes on Monday.\n© 2024 The Metro Ledger\n"
    (draft,) = parse(text, source="short.txt", fmt="text").drafts
    assert draft.outlet_name == "The Metro Ledger"


def test_records_keep_their_own_outlet():
    record = '{"title": "T", "text": "Sign up for The Harbour Star Daily.", "outlet": "Bugle"}'
    (draft,) = parse(record, source="feed.jsonl", fmt="jsonl").drafts
    assert draft.outlet_name == "Bugle"


@pytest.mark.parametrize("masthead", ["The Metro Ledger", "THE METRO LEDGER", "the metro ledger"])
def test_a_line_that_is_only_the_outlet_name_is_its_masthead_not_a_headline(masthead):
    tagline = (
        "The Metro Ledger has covered the city and its suburbs since 1950 and belongs to its "
        "readers."
    )
    text = page(
        top=f"{masthead}\n\n{tagline}\n\nHome | News | Sport", bottom="© 2024 The Metro Ledger"
    )
    (draft,) = parse(text, source="page.txt", fmt="text").drafts
    assert draft.title == "Bridge to close for repairs"
    assert draft.outlet_name == "The Metro Ledger"
    dropped = {line.text: line.reason for line in parse(text, source="p", fmt="text").dropped}
    assert dropped[masthead].startswith("the outlet's name (its masthead)")
