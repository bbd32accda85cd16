"""From decoded input to article drafts: cleaned bodies with their sentence spans."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from articles.ingest.errors import IngestError
from articles.ingest.segment import Span, normalise_body, sentence_spans


@dataclass(slots=True)
class ArticleDraft:
    """An article ready to store: ``body`` is normalised and ``spans`` point into it."""

    title: str
    body: str
    source: str
    line: int | None = None
    standfirst: str = ""
    author: str = ""
    url: str = ""
    published: datetime | None = None
    outlet_name: str = ""
    spans: list[Span] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return body_hash(self.body)


def body_hash(body: str) -> str:
    """Hash of the body with case and spacing folded, so trivial re-renders count as duplicates."""
    folded = " ".join(body.casefold().split())
    return hashlib.sha256(folded.encode()).hexdigest()


def draft_article(
    *, title: str, text: str, source: str, line: int | None = None, **metadata: object
) -> ArticleDraft:
    """Normalise ``text`` into a body, segment it, and return the draft.

    Raises IngestError when the title or the body is empty.
    """
    title = " ".join(title.split())
    if not title:
        raise IngestError("missing", source=source, line=line, field="title")
    body = normalise_body(text)
    if not body:
        raise IngestError("no article text", source=source, line=line, field="text")
    draft = ArticleDraft(title=title, body=body, source=source, line=line, **metadata)  # type: ignore[arg-type]
    draft.spans = sentence_spans(body)
    return draft


def parse_plain_text(text: str, *, source: str) -> list[ArticleDraft]:
    """A plain-text article: the first non-empty line is the title, the rest is the body."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip():
            body = "\n".join(lines[index + 1 :])
            if not body.strip():
                raise IngestError(
                    "no article text after the title line", source=source, line=index + 1
                )
            return [draft_article(title=line, text=body, source=source, line=index + 1)]
    raise IngestError("the input is empty", source=source)
