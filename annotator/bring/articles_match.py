"""The articles a file's texts are: the stored article with the same body (the content hash
the importer keys on) or URL, or a new article imported through ``batch_import``, split into
sentences our way."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User

from annotator.bring.marks import Document
from articles.ingest.drafts import ArticleDraft, checked_draft, web_url
from articles.ingest.pipeline import segment_stream
from articles.ingest.segment import Paragraph, split_paragraphs
from articles.models import Article, ImportBatch
from articles.services import batch_import

# A text with no title of its own is named by its first line, or by its first words when
# that line is longer than this.
TITLE_CHARS = 120


def _title(doc: Document) -> str:
    if doc.title:
        return doc.title
    first = next((line for line in doc.text.splitlines() if line.strip()), "")
    words = " ".join(first.split())
    if len(words) <= TITLE_CHARS:
        return words
    return words[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def _drafts(documents: Sequence[Document], source: str, outlet: str) -> list[ArticleDraft]:
    drafts = (
        checked_draft(
            title=_title(doc),
            paragraphs=[Paragraph(p) for p in split_paragraphs(doc.text)],
            source=source,
            line=doc.line,
            url=web_url(doc.url),
            outlet_name=outlet or doc.outlet,
        )
        for doc in documents
    )
    return list(segment_stream(drafts, workers=1))


def documents_articles(
    *, documents: Sequence[Document], source: str, outlet: str = "", created_by: User | None
) -> tuple[list[int], ImportBatch | None]:
    """Each document's article id (in order), importing the texts not stored yet as one
    batch (returned; None when every text was stored). Raises IngestError for a text that
    cannot be an article. Queries: 2, plus the import's."""
    drafts = _drafts(documents, source, outlet)
    by_hash = dict(
        Article.objects.filter(content_hash__in={d.content_hash for d in drafts}).values_list(
            "content_hash", "pk"
        )
    )
    by_url = dict(
        Article.objects.filter(url__in={d.url for d in drafts if d.url}).values_list("url", "pk")
    )
    fresh = [d for d in drafts if d.content_hash not in by_hash and d.url not in by_url]
    batch = None
    if fresh:
        batch = batch_import(drafts=fresh, source_name=source, source_format="jsonl",
                             created_by=created_by)  # fmt: skip
        for pk, content_hash, url in Article.objects.filter(batch=batch).values_list(
            "pk", "content_hash", "url"
        ):
            by_hash[content_hash] = pk
            if url:
                by_url[url] = pk
    return [by_hash.get(d.content_hash) or by_url[d.url] for d in drafts], batch
