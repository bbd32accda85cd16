"""The article-extraction yardstick: 181 real news pages with their article body marked.

The pages live in ``../shared/benchmarks/article-extraction/`` (not in the repo: a user's clone
has no copy, and then the benchmark says so and measures nothing). Each page is scored the way
the benchmark's authors score it: the words of the extracted body and of the marked
``articleBody`` are cut into overlapping 4-word shingles, and precision and recall count the
shingles the two share (with multiplicity). Precision, recall and F1 are computed per page and
then averaged over the pages.

For the text-page importer, each page is first rendered to plain text the way a scraper or a
copy from the browser gives it: the whole page, furniture included, blocks on their own lines.
Two independent HTML-to-text libraries do the rendering, so that no rule of ours can lean on one
renderer's habits.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "article-extraction"
_WORD = re.compile(r"\w+")
SHINGLE = 4


def available() -> bool:
    return (ROOT / "ground-truth.json").is_file()


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    html: str
    body: str  # the marked article body


def pages() -> list[Page]:
    truth = json.loads((ROOT / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for name in sorted(truth):
        raw = gzip.decompress((ROOT / "html" / f"{name}.html.gz").read_bytes())
        found.append(Page(name, _decode(raw), truth[name]["articleBody"]))
    return found


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score(extracted: str, truth: str) -> Score:
    """Shingle precision and recall of one page's extracted body against the marked one."""
    got, want = shingles(extracted), shingles(truth)
    shared = sum((got & want).values())
    if not got and not want:
        return Score(1.0, 1.0)
    precision = shared / sum(got.values()) if got else 0.0
    recall = shared / sum(want.values()) if want else 0.0
    return Score(precision, recall)


@dataclass(frozen=True, slots=True)
class Summary:
    f1: float
    precision: float
    recall: float
    per_page: dict[str, Score]

    def worst(self, count: int = 10) -> list[tuple[str, Score]]:
        return sorted(self.per_page.items(), key=lambda item: item[1].f1)[:count]


def summarise(per_page: dict[str, Score]) -> Summary:
    scores = list(per_page.values())
    return Summary(
        f1=statistics.fmean(s.f1 for s in scores),
        precision=statistics.fmean(s.precision for s in scores),
        recall=statistics.fmean(s.recall for s in scores),
        per_page=per_page,
    )


def render_inscriptis(html: str) -> str:
    from inscriptis import get_text

    return get_text(html)


def render_html_text(html: str) -> str:
    import html_text

    return html_text.extract_text(html, guess_layout=True)


RENDERERS: dict[str, Callable[[str], str]] = {
    "inscriptis": render_inscriptis,
    "html-text": render_html_text,
}


def text_page_body(text: str, model: Any = None) -> str:
    """What the text-page importer keeps of a page: every article's paragraphs, no titles."""
    from articles.ingest.pages import find_articles

    result = find_articles(text, model=model)
    return "\n\n".join(p.text for article in result.articles for p in article.paragraphs)


def html_body(html: str) -> str:
    from articles.ingest.errors import IngestError
    from articles.ingest.html_pages import parse_html

    try:
        drafts = parse_html(html, source="page.html")
    except IngestError:
        return ""
    return "\n\n".join(p.text for draft in drafts for p in draft.paragraphs)


def evaluate(items: Iterable[tuple[str, str, str]], extract: Callable[[str], str]) -> Summary:
    """Score ``extract`` on (name, input, marked body) triples."""
    return summarise({name: score(extract(given), body) for name, given, body in items})
