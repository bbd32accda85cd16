"""An article and its sentences as lines of PostgreSQL's COPY text format, made in the
import's worker processes (``pipeline.segment_stream`` with ``rows``) so that the storing
process only puts the keys in (``bulk.framed_row``, ``bulk.keyed_rows``) and sends them."""

from __future__ import annotations

from articles.ingest.drafts import ArticleDraft
from articles.ingest.records import FIELD_MAX_CHARS
from articles.ingest.segment import Span

# The columns of ``sentence_rows``, in order, after the article's key.
SENTENCE_ROW_FIELDS = ("position", "paragraph", "start", "end", "text", "kind")
# The columns of ``article_row``, in order, after the article's key, outlet and batch.
ARTICLE_ROW_FIELDS = (
    "title", "standfirst", "author", "url", "published", "language", "body", "content_hash",
)  # fmt: skip


def _copy_text(value: str) -> str:
    """``value`` escaped for PostgreSQL's COPY text format (four scans, each in C: a whole
    body goes through them many times faster than through ``str.translate``)."""
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    return value.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def article_row(draft: ArticleDraft) -> bytes:
    """The values of ``ARTICLE_ROW_FIELDS`` of an assembled draft as the end of a line of COPY
    text (UTF-8), starting with a tab and without the line's end: the storing process puts
    the article's key, outlet and batch before it and its creation time after
    (``bulk.framed_row``). Made in the worker processes, the body (most of an import's
    bytes) goes to the database without being decoded or looked at again."""
    published = r"\N" if draft.published is None else draft.published.isoformat()
    values = (
        _copy_text(draft.title[: FIELD_MAX_CHARS["title"]]), _copy_text(draft.standfirst),
        _copy_text(draft.author[: FIELD_MAX_CHARS["author"]]), _copy_text(draft.url), published,
        _copy_text(draft.language), _copy_text(draft.body), draft.content_hash,
    )  # fmt: skip
    return ("\t" + "\t".join(values)).encode()


def sentence_rows(body: str, spans: list[Span]) -> bytes:
    """The sentences of an article as lines of PostgreSQL's COPY text format (UTF-8), the
    values of ``SENTENCE_ROW_FIELDS``, each line starting with a tab: the article's key goes
    before it once known (``bulk.keyed_rows``). Made in the worker processes, the lines cost
    the storing process one replacement an article instead of a call a sentence."""
    lines = []
    for position, (start, end, paragraph, kind) in enumerate(spans):
        text = body[start:end]
        if "\\" in text or not text.isprintable():
            text = _copy_text(text)
        lines.append(f"\t{position}\t{paragraph}\t{start}\t{end}\t{text}\t{kind.value}\n")
    return "".join(lines).encode()
