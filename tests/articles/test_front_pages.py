"""Front pages on the text-page path: short stories between long ones."""

from __future__ import annotations

from pathlib import Path

from articles.ingest.pages import find_articles

PAGES = Path(__file__).parent / "pages"


def test_a_news_brief_between_articles_is_its_own_article_not_the_tail_of_the_one_above():
    # 28 words under a headline, a byline and a date, after the article above it has ended:
    # an article of its own, too short for the usual length floor.
    page = (PAGES / "evening-ledger-brief.txt").read_text(encoding="utf-8")
    articles = find_articles(page).articles

    assert [a.title for a in articles] == [
        "Tram operator orders forty new carriages",
        "Council delays vote on harbour car park",
        "Heatwave warning issued for the weekend",
    ]
    tram, brief, heat = articles
    assert brief.author == "Leila Okafor"
    assert brief.published is not None and brief.published.date().isoformat() == "2026-06-03"
    assert [p.text for p in brief.paragraphs] == [
        "The city council postponed Tuesday's vote on the harbour car park until March.",
        "Councillors said they needed more time to study the traffic report, which arrived late.",
    ]
    assert all("council postponed" not in p.text for p in tram.paragraphs + heat.paragraphs)
    assert len(tram.paragraphs) == 3 and len(heat.paragraphs) == 2
