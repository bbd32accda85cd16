"""An article as read from any input, before it is stored, and what one source yields: the
drafts, the lines of a text page that were dropped, and the checks every reader shares."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from articles.ingest.errors import IngestError
from articles.ingest.segment import Paragraph, Span, SpanKind


@dataclass(slots=True)
class ArticleDraft:
    """An article ready to store: ``body`` is normalised and ``spans`` point into it."""

    title: str
    paragraphs: list[Paragraph]
    source: str
    line: int | None = None
    standfirst: str = ""
    author: str = ""
    url: str = ""
    published: datetime | None = None
    outlet_name: str = ""
    # A language tag ("de", "pt-br"): the input's, or detected when the body is assembled.
    language: str = ""
    body: str = ""
    spans: list[Span] = field(default_factory=list)
    content_hash: str = ""
    # Text pages: the input line of each non-empty paragraph (a span's ``paragraph`` indexes
    # it), so a preview can show the dropped lines where they stood.
    paragraph_lines: list[int] = field(default_factory=list)
    # Sentences longer than SENTENCE_MAX_CHARS that were split into pieces (``split_long``).
    split_sentences: int = 0
    # Instead of ``spans``, the sentences as rows to COPY (``copy_rows.sentence_rows``), when
    # ``segment_stream`` was asked for them; one line each. Then instead of ``body``, the
    # article's own values as a row to COPY too (``copy_rows.article_row``).
    sentence_rows: bytes = b""
    article_row: bytes = b""

    @property
    def sentence_count(self) -> int:
        return self.sentence_rows.count(b"\n") if self.sentence_rows else len(self.spans)

    def set_body(self, body: str, spans: list[Span]) -> None:
        """Store the assembled body; the paragraphs are no longer needed and are let go."""
        self.body, self.spans, self.content_hash = body, spans, body_hash(body)
        self.paragraphs = []


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A line of a text page that was not imported, and the rule that dropped it.

    ``article`` is the index (among its source's drafts) of the article whose lines it sits
    among, or None before the first article, after the last one, or in one left out.
    """

    source: str
    line: int
    text: str
    reason: str
    article: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.text} — {self.reason}"

    def as_record(self) -> dict[str, Any]:
        """The form ``ImportBatch.dropped`` stores."""
        return {"source": self.source, "line": self.line, "text": self.text, "reason": self.reason}


# Why the lines of an article an admin chose to leave out were not imported.
LEFT_OUT = "left out by the admin"


@dataclass(slots=True)
class Parsed:
    """What one source holds. ``drafts`` may be lazy (JSONL, CSV): iterate it once."""

    drafts: Iterable[ArticleDraft]
    format: str
    dropped: list[DroppedLine] = field(default_factory=list)  # text pages only, by line
    estimated: int = 0  # how many articles to expect, for progress bars
    encoding: str = ""  # the text encoding it was read in, when not UTF-8 or given by the user
    # JSONL not yet read, as (source, line number, line, page URL): the same articles as
    # ``drafts``, for ``segment_stream`` to read in its worker processes (see ``to_segment``).
    lines: Iterable[RawLine] | None = None
    utf8: bool = False  # JSONL read from its bytes, found valid UTF-8 (``sources.utf8_jsonl``)


# One JSONL record not yet read: (source, line number, the line, the page URL it came from);
# the line is text, or valid UTF-8 (see ``records.jsonl_lines``).
RawLine = tuple[str, int, str | bytes, str]


def body_hash(body: str) -> str:
    """SHA-256 of a normalised body (spacing is already folded by normalisation)."""
    return hashlib.sha256(body.encode()).hexdigest()


def checked_draft(
    *, title: str, paragraphs: list[Paragraph], source: str, line: int | None, **metadata: Any
) -> ArticleDraft:
    title = " ".join(title.split())
    if not title:
        raise IngestError("missing", source=source, line=line, field="title")
    if not any(p.text.strip() for p in paragraphs if p.kind != SpanKind.HEADING):
        raise IngestError("no article text", source=source, line=line, field="text")
    return ArticleDraft(title=title, paragraphs=paragraphs, source=source, line=line, **metadata)


def web_url(url: str) -> str:
    return url if urlsplit(url).scheme in ("http", "https") else ""


def parse_published(value: str, *, source: str, line: int | None) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise IngestError(
            f"expected an ISO 8601 date such as 2026-11-24, got {value[:40]!r}",
            source=source,
            line=line,
            field="published",
        ) from None
    if isinstance(parsed, datetime) and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed if isinstance(parsed, datetime) else datetime.combine(parsed, date.min.time())
