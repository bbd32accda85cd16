"""Writes to the corpus. Every import goes through ``batch_import``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.ingest.errors import IngestError
from articles.ingest.pipeline import ArticleDraft
from articles.models import Article, ImportBatch, Outlet, Sentence

ARTICLES_PER_CHUNK = 500
Progress = Callable[[int], None]


def outlet_get_or_create(*, name: str, domain: str = "") -> Outlet:
    """The outlet with this name's slug, created if new."""
    slug = slugify(name)[:200] or slugify(domain)[:200] or "unknown"
    outlet, _ = Outlet.objects.get_or_create(
        slug=slug, defaults={"name": name.strip()[:200] or domain or slug, "domain": domain}
    )
    return outlet


def _chunks(drafts: Iterable[ArticleDraft], size: int) -> Iterator[list[ArticleDraft]]:
    iterator = iter(drafts)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _insert_articles(articles: list[Article]) -> list[Article]:
    """Insert articles and set their primary keys.

    On PostgreSQL the keys are drawn from the table's sequence and the rows sent with COPY:
    Django's bulk INSERT quotes every body in Python, which dominates a large import.
    """
    if connection.vendor != "postgresql" or not articles:
        return Article.objects.bulk_create(articles)
    table = Article._meta.db_table
    fields = list(Article._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(articles)],
        )
        for article, (pk,) in zip(articles, cursor.fetchall(), strict=True):
            article.pk = pk
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for article in articles:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(article, True), connection) for f in fields]
                )
    for article in articles:
        article._state.adding = False
    return articles


def _insert_sentences(rows: list[tuple[int, int, int, int, int, str, str]]) -> None:
    """Insert sentence rows: COPY on PostgreSQL (several times faster), bulk INSERT elsewhere."""
    if connection.vendor == "postgresql":
        columns = 'article_id, position, paragraph, start, "end", text, kind'
        with (
            connection.cursor() as cursor,
            cursor.copy(  # type: ignore[attr-defined]
                f"COPY {Sentence._meta.db_table} ({columns}) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    Sentence.objects.bulk_create(
        (
            Sentence(article_id=a, position=p, paragraph=g, start=s, end=e, text=t, kind=k)
            for a, p, g, s, e, t, k in rows
        ),
        batch_size=2000,
    )


@transaction.atomic
def batch_import(
    *,
    drafts: Iterable[ArticleDraft],
    source_name: str,
    source_format: str,
    outlet_name: str = "",
    created_by: User | None = None,
    batch: ImportBatch | None = None,
    on_progress: Progress | None = None,
) -> ImportBatch:
    """Store every draft and its sentences as one batch, all or nothing.

    ``drafts`` may be a lazy stream (segmented as it is read); an error raised while reading
    it rolls back everything stored so far.

    Articles whose body hash or URL is already stored (or repeated in this batch) are skipped
    and counted as duplicates. ``batch`` is an ImportBatch created earlier (by the web import)
    to finish; otherwise one is created. Returns the finished batch. Queries: a fixed handful
    per chunk of 500 articles, whatever their length.
    """
    if batch is None:
        batch = ImportBatch.objects.create(
            source_name=source_name[:1000], source_format=source_format, created_by=created_by
        )
    seen_hashes: set[str] = set()
    seen_urls: set[str] = set()
    outlets: dict[str, Outlet] = {}
    done = 0

    for chunk in _chunks(drafts, ARTICLES_PER_CHUNK):
        hashes = {draft.content_hash for draft in chunk}
        urls = {draft.url for draft in chunk if draft.url}
        seen_hashes.update(
            Article.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True)
        )
        seen_urls.update(Article.objects.filter(url__in=urls).values_list("url", flat=True))
        fresh: list[ArticleDraft] = []
        for draft in chunk:
            content_hash = draft.content_hash
            if content_hash in seen_hashes or (draft.url and draft.url in seen_urls):
                batch.duplicate_count += 1
                continue
            seen_hashes.add(content_hash)
            if draft.url:
                seen_urls.add(draft.url)
            name = (outlet_name or draft.outlet_name).strip()
            if name and name not in outlets:
                outlets[name] = outlet_get_or_create(name=name)
            fresh.append(draft)

        articles = _insert_articles(
            [
                Article(
                    outlet=outlets.get((outlet_name or draft.outlet_name).strip()),
                    batch=batch,
                    title=draft.title[:1000],
                    standfirst=draft.standfirst,
                    author=draft.author[:500],
                    url=draft.url,
                    published=draft.published,
                    body=draft.body,
                    content_hash=draft.content_hash,
                )
                for draft in fresh
            ]
        )
        _insert_sentences(
            [
                (
                    article.pk,
                    position,
                    span.paragraph,
                    span.start,
                    span.end,
                    draft.body[span.start : span.end],
                    span.kind.value,
                )
                for article, draft in zip(articles, fresh, strict=True)
                for position, span in enumerate(draft.spans)
            ]
        )
        batch.article_count += len(fresh)
        batch.sentence_count += sum(len(draft.spans) for draft in fresh)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done)

    if batch.article_count + batch.duplicate_count == 0:
        raise IngestError("no article found in the input", source=source_name)
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def batch_record_failure(
    *,
    source_name: str,
    source_format: str,
    errors: Sequence[str],
    created_by: User | None = None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Record an import that stored nothing, with the errors that stopped it."""
    if batch is None:
        batch = ImportBatch(
            source_name=source_name[:1000], source_format=source_format, created_by=created_by
        )
    batch.status = ImportBatch.Status.FAILED
    batch.finished_at = timezone.now()
    batch.errors = list(errors)
    batch.save()
    return batch
