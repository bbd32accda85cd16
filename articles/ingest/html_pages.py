"""HTML pages: the main article and its metadata, extracted as plain text by trafilatura."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from articles.ingest.drafts import ArticleDraft, checked_draft, parse_published, web_url
from articles.ingest.errors import IngestError
from articles.ingest.segment import Paragraph, SpanKind, normalise_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Fewer words than this from the strict pass is too little to trust as a news article.
SHORT_ARTICLE_WORDS = 100


def parse_html(html: str, *, source: str, url: str = "") -> list[ArticleDraft]:
    """The main article of an HTML page, with its metadata, as plain text (never markup)."""
    document = _read(html, url)
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


def _read(html: str, url: str) -> Any:
    """trafilatura's reading of the page (None when it found no text): strict first, with two
    second looks where the strict reading is known to fall short."""
    from trafilatura.utils import load_html  # imported here: heavy, and only HTML needs it

    tree = load_html(html)
    if tree is None:
        return None
    precise = True
    document = _extract(tree, url, favor_precision=True)
    if document is None or _words(document) < SHORT_ARTICLE_WORDS:
        # When the strict pass finds nothing or next to nothing (a reprint notice, a caption:
        # an unusual layout hid the article from it), the page is read again with
        # trafilatura's default balance, and the reading with more text is kept.
        balanced = _extract(tree, url, favor_precision=False)
        if balanced is not None and (document is None or _words(balanced) > 2 * _words(document)):
            document, precise = balanced, False
    # Some layouts cut the article into chunks with advertising between them: the same body
    # container repeated. trafilatura reads the first chunk only; the chunks are joined into
    # the one it read and the page read again.
    if document is not None and join_chunks(tree, document.text):
        again = _extract(tree, url, favor_precision=precise)
        if again is not None and _words(again) > _words(document):
            document = again
    return document


def _words(document: Any) -> int:
    return len(document.text.split())


def _extract(tree: HtmlElement, url: str, *, favor_precision: bool) -> Any:
    """trafilatura's reading of the page (of a copy: ``tree`` stays as it is), or None when it
    found no text."""
    import trafilatura

    document: Any = trafilatura.bare_extraction(
        tree,
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


# A chunk holding fewer words of prose than this is not read as the article going on.
CHUNK_WORDS = 30


def join_chunks(tree: HtmlElement, text: str) -> bool:
    """Join the article's chunks in ``tree`` into one; False when it is in one piece.

    The paragraphs of ``text`` (what trafilatura read) are found in the page; the element
    holding them all is the body container. Going up from it, the first element with a class
    that has siblings of the same tag and class is a chunk; a sibling chunk that holds the same
    body container (same tag and class) with prose in it is where the article goes on, and its
    container's content is moved into the one that was read, in page order.
    """
    read = {_key(_strip_markdown(line.lstrip("# "))) for line in text.split("\n")} - {""}
    found = [p for p in tree.iter("p") if _key(p.text_content()) in read]
    if len(found) < 2:
        return False
    body = _common_ancestor(found)
    if body is None or not _signature(body)[1]:
        return False
    chunk = body
    while chunk.tag not in ("body", "html") and (parent := chunk.getparent()) is not None:
        siblings = [s for s in parent if s is not chunk and _signature(s) == _signature(chunk)]
        if _signature(chunk)[1] and siblings:
            break
        chunk = parent
    else:
        return False
    more = [c for s in siblings if (c := _same_container(s, body)) is not None]
    more = [c for c in more if _prose_words(c) >= CHUNK_WORDS]
    if not more:
        return False
    elements = list(tree.iter())  # held, so that the ids stay those of these elements
    position = {id(element): index for index, element in enumerate(elements)}
    for container in sorted(more, key=lambda c: -position[id(c)]):
        if position[id(container)] < position[id(body)]:
            body[0:0] = list(container)  # nearest first, each before the last added
    for container in sorted(more, key=lambda c: position[id(c)]):
        if position[id(container)] > position[id(body)]:
            body.extend(list(container))
    return True


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _signature(element: Any) -> tuple[str, str]:
    return str(element.tag), " ".join((element.get("class") or "").split())


def _common_ancestor(elements: list[Any]) -> Any:
    chains = [list(element.iterancestors())[::-1] for element in elements]
    common = None
    for level in zip(*chains, strict=False):
        if any(node is not level[0] for node in level):
            break
        common = level[0]
    return common


def _same_container(chunk: Any, body: Any) -> Any:
    """The element in ``chunk`` that has the body container's tag and class (or the chunk)."""
    if _signature(chunk) == _signature(body):
        return chunk
    return next((e for e in chunk.iter(body.tag) if _signature(e) == _signature(body)), None)


def _prose_words(element: Any) -> int:
    """Words in the paragraphs of ``element`` that are prose, not mostly link text."""
    total = 0
    for paragraph in element.iter("p"):
        words = len(paragraph.text_content().split())
        linked = sum(len(link.text_content().split()) for link in paragraph.iter("a"))
        if words >= 5 and 2 * linked <= words:
            total += words
    return total


_TABLE_RULE = re.compile(r"^\|?[\s:|-]*-[\s:|-]*\|?$")


def _strip_markdown(text: str) -> str:
    """Undo the inline markers trafilatura's formatting adds; keep the words themselves."""
    text = re.sub(r"^[-*]\s+", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.replace("`", "")
