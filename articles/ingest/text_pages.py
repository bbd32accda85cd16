"""Plain-text pages: every article on the page (``pages.find_articles``) as a draft, and every
line dropped, placed among the articles it sat between."""

from __future__ import annotations

from bisect import bisect_right

from articles.ingest.drafts import LEFT_OUT, DroppedLine, Parsed, checked_draft
from articles.ingest.errors import IngestError
from articles.ingest.line_rules import is_title_like
from articles.ingest.outlets import page_outlet
from articles.ingest.page_structure import PageResult
from articles.ingest.pages import find_articles
from articles.ingest.segment import Paragraph, SpanKind, normalise_text, split_paragraphs


def parse_text_page(
    text: str,
    *,
    source: str,
    keep: frozenset[int] = frozenset(),
    leave_out: frozenset[int] = frozenset(),
    left_out_reason: str = LEFT_OUT,
) -> Parsed:
    """A plain-text page: every article on it, without the site's furniture.

    A file that is just a title line and a short body (too short to look like an article on a
    page) is taken as it stands: first non-empty line the title, the rest the body. Every
    draft gets the outlet the page names itself, if it does (``page_outlet``).

    ``keep`` holds dropped lines an admin put back (they join the article they sit in);
    ``leave_out`` the title lines of articles an admin left out: those give no draft, and
    their lines are dropped with ``left_out_reason``. Every dropped line comes back in
    ``Parsed.dropped``, in line order, with the rule that dropped it.
    """
    outlet = page_outlet(text)
    result = find_articles(text, keep=keep, leave_out=leave_out, outlet=outlet)
    if result.articles:
        chosen = [article for article in result.articles if article.line not in leave_out]
        drafts = [
            checked_draft(
                title=article.title,
                paragraphs=article.paragraphs,
                source=source,
                line=article.line,
                standfirst=article.standfirst,
                author=article.author,
                published=article.published,
                outlet_name=outlet,
                paragraph_lines=[
                    n for p, n in zip(article.paragraphs, article.lines, strict=True) if p.text
                ],
            )
            for article in chosen
        ]
        dropped = _dropped_lines(text, result, source=source, leave_out=leave_out,
                                 left_out_reason=left_out_reason)  # fmt: skip
        return Parsed(drafts, "text", dropped, estimated=len(drafts))
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip():
            paragraphs = split_paragraphs("\n".join(lines[index + 1 :]))
            if not paragraphs:
                raise IngestError(
                    "no article text after the title line", source=source, line=index + 1
                )
            kinds = [SpanKind.HEADING if is_title_like(p) else SpanKind.BODY for p in paragraphs]
            return Parsed(
                [
                    checked_draft(
                        title=line,
                        paragraphs=[
                            Paragraph(p, k) for p, k in zip(paragraphs, kinds, strict=True)
                        ],
                        source=source,
                        line=index + 1,
                        outlet_name=outlet,
                    )
                ],
                "text",
                estimated=1,
            )
    raise IngestError("the input is empty", source=source)


def _dropped_lines(
    text: str, result: PageResult, *, source: str, leave_out: frozenset[int], left_out_reason: str
) -> list[DroppedLine]:
    """Every line the page lost, each placed in the article it sits among (see DroppedLine)."""
    articles = sorted(result.articles, key=lambda article: article.line)
    starts = [article.line for article in articles]
    index_of: dict[int, int] = {}  # title line -> index among the drafts
    for article in result.articles:
        if article.line not in leave_out:
            index_of[article.line] = len(index_of)
    last_line = max(articles[-1].lines, default=articles[-1].line)
    lines = {line.number: (line.text, line.reason or "not article text") for line in result.dropped}
    left_out = [article for article in articles if article.line in leave_out]
    if left_out:
        raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for article in left_out:
            for number in range(article.line, max(article.lines, default=article.line) + 1):
                cleaned = normalise_text(raw[number - 1]) if number <= len(raw) else ""
                if cleaned and number not in lines:
                    lines[number] = (cleaned, left_out_reason)

    def owner(number: int) -> int | None:
        at = bisect_right(starts, number) - 1
        if at < 0 or (at == len(articles) - 1 and number > last_line):
            return None
        return index_of.get(articles[at].line)

    return [
        DroppedLine(source, number, line_text, reason, owner(number))
        for number, (line_text, reason) in sorted(lines.items())
    ]
