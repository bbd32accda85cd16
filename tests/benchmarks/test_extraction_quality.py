"""How much of the real article text each import path keeps, on 181 real news pages.

Prints, per HTML-to-text renderer, the text-page importer's body F1, precision and recall
(the benchmark's 4-word shingle metric, per page then averaged) scored out of fold: every page
is read with a line model fitted on the other folds only. Also the HTML path on the original
pages, the ten worst pages, and the generated front pages (articles found, titles exact,
bodies kept apart). The pages are not in the repo: without ../shared the test says so and
measures nothing.
"""

from __future__ import annotations

import pytest

from articles.ingest.pages import find_articles
from tests.benchmarks import extraction, front_pages, line_model
from tests.benchmarks.figures import report

pytestmark = pytest.mark.skipif(
    not extraction.available(),
    reason=f"the article-extraction pages are not at {extraction.ROOT}: nothing to measure",
)


def _print_summary(name: str, summary: extraction.Summary, *, target: str = "") -> None:
    line = (
        f"BENCH {name}: F1 {summary.f1:.3f}, precision {summary.precision:.3f}, "
        f"recall {summary.recall:.3f}"
    )
    print(f"{line}  (target {target})" if target else line)
    worst = ", ".join(f"{page[:10]} {score.f1:.2f}" for page, score in summary.worst(10))
    print(f"  worst pages (F1): {worst}")


def test_text_page_importer_out_of_fold():
    pages = extraction.pages()
    renderings = line_model.renderings(pages)
    models = line_model.out_of_fold_models(renderings)
    for renderer in extraction.RENDERERS:
        per_page = {
            item.page: extraction.score(
                extraction.text_page_body(item.text, models[item.page]), item.body
            )
            for item in renderings
            if item.renderer == renderer
        }
        _print_summary(
            f"text page via {renderer}",
            extraction.summarise(per_page),
            target=">= 0.91 with recall >= 0.95",
        )
    rules_only = extraction.summarise(
        {
            item.page: extraction.score(
                "\n\n".join(
                    p.text
                    for article in find_articles(item.text, model=_NoModel()).articles
                    for p in article.paragraphs
                ),
                item.body,
            )
            for item in renderings
            if item.renderer == "html-text"
        }
    )
    _print_summary("text page via html-text, rules alone (no line model)", rules_only)


class _NoModel:
    """Stands in for the line model: every line scores as article text, so the rules decide."""

    def score(self, lines):
        return [1.0] * len(lines)


def test_html_path():
    pages = extraction.pages()
    summary = extraction.summarise(
        {page.name: extraction.score(extraction.html_body(page.html), page.body) for page in pages}
    )
    _print_summary("HTML path", summary, target=">= 0.965")


def test_front_pages():
    score = front_pages.score_front_pages(front_pages.front_pages())
    report("front pages with every article found", score.pages_all_found, f"of {score.pages}")
    report("front-page titles exact", 100 * score.titles_exact / score.titles, "%",
           target=">= 98%")  # fmt: skip
    report("front-page articles holding another story's paragraph", score.mixed_bodies, "",
           target="0")  # fmt: skip
    report("front-page articles missing a paragraph of their own", score.incomplete_bodies, "")
    report("front-page furniture paragraphs kept", score.furniture_paragraphs, "")
