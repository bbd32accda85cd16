"""HTML pages: the main article and its metadata, extracted as plain text by trafilatura."""

from __future__ import annotations

import re
from typing import Any

from articles.ingest.drafts import ArticleDraft, checked_draft, parse_published, web_url
from articles.ingest.errors import IngestError
from articles.ingest.segment import Paragraph, SpanKind, normalise_text

# Fewer words than this from the strict pass is too little to trust as a news article.
SHORT_ARTICLE_WORDS = 100


def parse_html(html: str, *, source: str, url: str = "") -> list[ArticleDraft]:
    """The main article of an HTML page, with its metadata, as plain text (never markup)."""
    document = _extract(html, url, favor_precision=True)
    if document is None or len(document.text.split()) < SHORT_ARTICLE_WORDS:
        # Precision first. When the strict pass finds nothing or next to nothing (a reprint
        # notice, a caption: an unusual layout hid the article from it), the page is read again
        # with trafilatura's default balance, and the reading with more text is kept.
        balanced = _extract(html, url, favor_precision=False)
        if balanced is not None and (
            document is None or len(balanced.text.split()) > 2 * len(document.text.split())
        ):
            document = balanced
    if document is None:
        raise IngestError("no article text found in the HTML page", source=source)
    paragraphs = []
    for block in document.text.split("\n"):
        block = block.strip()
        if not block:
            continue
        heading = re.match(r"^#{1,6}\s+(.*)$", block)
        if _TABLE_RULE.match(block):
            continue  # the line under a table's header row
        if block.startswith("|"):
            # A table row: its cells, kept as text (a table's figures are the article's).
            cells = [normalise_text(_strip_markdown(c)) for c in block.strip("| ").split("|")]
            paragraphs.append(Paragraph(" | ".join(c for c in cells if c)))
        elif heading:
            paragraphs.append(Paragraph(normalise_text(heading.group(1)), SpanKind.HEADING))
        else:
            paragraphs.append(Paragraph(normalise_text(_strip_markdown(block))))
    title = document.title or ""
    if paragraphs and paragraphs[0].text.casefold() == title.casefold():
        paragraphs.pop(0)  # the page's own <h1>, already the title
    return [
        checked_draft(
            title=title,
            paragraphs=paragraphs,
            source=source,
            line=None,
            author=(document.author or "")[:500],
            url=web_url(document.url or url),
            published=parse_published(document.date or "", source=source, line=None)
            if document.date
            else None,
            outlet_name=document.sitename or "",
        )
    ]


def _extract(html: str, url: str, *, favor_precision: bool) -> Any:
    """trafilatura's reading of the page, or None when it found no text."""
    import trafilatura  # imported here: it is heavy and only HTML needs it

    document: Any = trafilatura.bare_extraction(
        html,
        url=url or None,
        favor_precision=favor_precision,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        output_format="python",
    )
    if document is None or not (document.text or "").strip():
        return None
    return document


_TABLE_RULE = re.compile(r"^\|?[\s:|-]*-[\s:|-]*\|?$")


def _strip_markdown(text: str) -> str:
    """Undo the inline markers trafilatura's formatting adds; keep the words themselves."""
    text = re.sub(r"^[-*]\s+", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.replace("`", "")
