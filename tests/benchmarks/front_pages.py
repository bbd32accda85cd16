"""Front pages made from benchmark articles: several stories on one page, with the furniture
that confuses importers (headline lists before and after, bylines, dates, "Read more",
comment counts, adverts), to score how the text-page importer tells the stories apart.

The pages are generated with a fixed seed from the benchmark's marked bodies and each page's
own headline, so the right answer is known exactly: which titles, and whose paragraphs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from articles.ingest.page_lines import SENTENCE_END
from tests.benchmarks import extraction

SEED = 2026
FIRST_NAMES = ["Ana", "Tomás", "Priya", "Kofi", "Mei", "Jonas", "Leila", "Sam", "Ivana", "Omar"]
LAST_NAMES = ["Silva", "Okafor", "Lindqvist", "Haddad", "Nakamura", "Brennan", "Petrov", "Adeyemi"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
LIST_HEADINGS = ["Most read", "Most popular", "Trending now", "Related stories", "More stories"]
ADVERTS = ["Advertisement", "Sponsored", "ADVERTISEMENT"]
MENU = "Home | News | World | Business | Sport | Culture | Opinion"


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    paragraphs: list[str]


@dataclass(frozen=True, slots=True)
class FrontPage:
    text: str
    stories: list[Story]


def headline(html: str) -> str:
    """The page's own headline: og:title, else the first h1, else <title> without the site."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    for candidate in (
        tree.xpath("string(//meta[@property='og:title']/@content)"),
        tree.xpath("string(//h1[1])"),
        re.split(r"\s+[|–—-]\s+", tree.xpath("string(//title)"))[0],
    ):
        title = " ".join(str(candidate).split())
        if 3 <= len(title.split()) <= 25 and not title.endswith("."):
            return title
    return ""


def stories(pages: Sequence[extraction.Page]) -> list[Story]:
    """Benchmark articles usable on a front page: a headline and a few real paragraphs, each
    of eight words or more ending a sentence (so an advert whose "body" is a slogan and a
    "Click here to download" line is not taken for a story)."""
    found = []
    for page in pages:
        title = headline(page.html)
        paragraphs = [
            " ".join(p.split())
            for p in page.body.split("\n")
            if len(p.split()) >= 8 and p.strip().endswith(SENTENCE_END)
        ]
        if title and len(paragraphs) >= 2:
            found.append(Story(title, paragraphs[: 2 + len(paragraphs) % 5]))
    return found


def _byline(rng: random.Random) -> list[str]:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    day = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2026"
    return rng.choice(
        [[f"By {name}", day], [name, day], [f"By {name} | {day}"], [f"{day}", f"By {name}"]]
    )


def front_page(chosen: list[Story], rng: random.Random) -> FrontPage:
    titles = [story.title for story in chosen]
    lines = ["THE DAILY EXAMPLE", MENU, ""]
    lines += [rng.choice(LIST_HEADINGS), *rng.sample(titles, len(titles)), ""]
    for number, story in enumerate(chosen):
        lines += [story.title, *_byline(rng), ""]
        for paragraph in story.paragraphs:
            lines += [paragraph, ""]
        lines += [rng.choice(["Read more", "Continue reading", "Read the full story"])]
        lines += [f"{rng.randint(0, 300)} comments", ""]
        if number < len(chosen) - 1 and rng.random() < 0.6:
            lines += [rng.choice(ADVERTS), ""]
    lines += [rng.choice(LIST_HEADINGS), *rng.sample(titles, len(titles)), ""]
    lines += ["Follow us", "Facebook", "Instagram", "© 2026 The Daily Example"]
    return FrontPage("\n".join(lines), chosen)


def front_pages(
    count: int = 60, *, pages: Sequence[extraction.Page] | None = None, seed: int = SEED
) -> list[FrontPage]:
    """``count`` front pages of stories from ``pages`` (all the benchmark's by default)."""
    rng = random.Random(seed)
    pool = stories(extraction.pages() if pages is None else pages)
    made = []
    for _ in range(count):
        size = rng.randint(2, 6)
        made.append(front_page(rng.sample(pool, size), rng))
    return made


@dataclass(frozen=True, slots=True)
class FrontScore:
    pages: int
    pages_all_found: int
    titles: int
    titles_exact: int
    mixed_bodies: int  # an article holding a paragraph of another story
    incomplete_bodies: int  # an article missing one of its own paragraphs
    furniture_paragraphs: int  # paragraphs kept that belong to no story


def score_front_pages(made: Sequence[FrontPage]) -> FrontScore:
    """Per page: were all its stories found, how many titles are exact, and were the bodies
    kept apart, whole and clean."""
    from articles.ingest.pages import find_articles

    all_found = titles = exact = mixed = incomplete = furniture = 0
    for page in made:
        found = find_articles(page.text).articles
        wanted = {story.title: story for story in page.stories}
        titles += len(wanted)
        exact += sum(1 for article in found if article.title in wanted)
        all_found += int(len(found) == len(wanted) and all(a.title in wanted for a in found))
        owner = {p: story.title for story in page.stories for p in story.paragraphs}
        for article in found:
            body = [p.text for p in article.paragraphs]
            mixed += int(any(owner.get(text, article.title) != article.title for text in body))
            story = wanted.get(article.title)
            incomplete += int(story is not None and any(p not in body for p in story.paragraphs))
            furniture += sum(1 for text in body if text not in owner)
    return FrontScore(len(made), all_found, titles, exact, mixed, incomplete, furniture)
