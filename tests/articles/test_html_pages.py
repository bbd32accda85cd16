"""The HTML path (articles/ingest/html_pages.py) on pages built the way some outlets build them."""

from __future__ import annotations

from pathlib import Path

from articles.ingest.html_pages import parse_html
from articles.ingest.segment import SpanKind

PAGES = Path(__file__).parent / "pages"


def test_an_article_cut_into_chunks_between_adverts_is_read_whole_and_in_order():
    # The body container is repeated three times, with an advert between the chunks:
    # trafilatura alone reads the first chunk only.
    html = (PAGES / "harbour-times-chunked.html").read_text(encoding="utf-8")
    (draft,) = parse_html(html, source="harbour-times-chunked.html")

    assert draft.title == "Ferry operator to add night crossings after record summer"
    assert draft.outlet_name == "The Harbour Times"
    texts = [p.text for p in draft.paragraphs]
    starts = [
        "The island ferry company will run crossings",
        "Two extra sailings",
        "Its chief executive, Daniel Ferreira",
        "The company carried 1.9 million passengers",
        "Harbour councillors welcomed the plan",
        "Fares unchanged for now",
        "Fares for the night crossings",
        "A union representing the crews",
        "The first night sailing is planned for Friday 3 July.",
    ]
    assert len(texts) == len(starts)
    assert all(text.startswith(start) for text, start in zip(texts, starts, strict=True))
    assert [p.kind for p in draft.paragraphs].count(SpanKind.HEADING) == 1
    # A block of the same layout holding links to other stories is not the article going on.
    for furniture in ["Bridge tolls", "Airport bus", "Advertisement", "All rights reserved"]:
        assert all(furniture not in text for text in texts), furniture
