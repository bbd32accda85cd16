"""Writes to the corpus. Every import goes through ``batch_import``."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.ingest.pipeline import ArticleDraft
from articles.models import Article, ImportBatch, Outlet, Sentence


def outlet_get_or_create(*, name: str, domain: str = "") -> Outlet:
    """The outlet with this name's slug, created if new."""
    slug = slugify(name)[:200] or slugify(domain)[:200] or "unknown"
    outlet, _ = Outlet.objects.get_or_create(
        slug=slug, defaults={"name": name.strip() or domain or slug, "domain": domain}
    )
    return outlet


@transaction.atomic
def batch_import(
    *,
    drafts: Sequence[ArticleDraft],
    source_name: str,
    source_format: str,
    outlet_name: str = "",
    created_by: User | None = None,
    on_article: Callable[[ArticleDraft], None] | None = None,
) -> ImportBatch:
    """Store every draft and its sentences as one batch, all or nothing.

    Articles whose body hash or URL is already stored (or repeated in this batch) are skipped
    and counted as duplicates. Returns the finished ImportBatch. Queries: a fixed handful per
    stored article (insert article, bulk-insert sentences) plus two duplicate look-ups per batch.
    """
    batch = ImportBatch.objects.create(
        source_name=source_name[:1000],
        source_format=source_format,
        created_by=created_by,
    )
    hashes = {draft.content_hash for draft in drafts}
    urls = {draft.url for draft in drafts if draft.url}
    seen_hashes = set(
        Article.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True)
    )
    seen_urls = set(Article.objects.filter(url__in=urls).values_list("url", flat=True))
    outlets: dict[str, Outlet] = {}

    for draft in drafts:
        content_hash = draft.content_hash
        if content_hash in seen_hashes or (draft.url and draft.url in seen_urls):
            batch.duplicate_count += 1
        else:
            seen_hashes.add(content_hash)
            if draft.url:
                seen_urls.add(draft.url)
            name = outlet_name or draft.outlet_name
            if name and name not in outlets:
                outlets[name] = outlet_get_or_create(name=name)
            article = Article.objects.create(
                outlet=outlets.get(name) if name else None,
                batch=batch,
                title=draft.title[:1000],
                standfirst=draft.standfirst,
                author=draft.author[:500],
                url=draft.url,
                published=draft.published,
                body=draft.body,
                content_hash=content_hash,
            )
            Sentence.objects.bulk_create(
                Sentence(
                    article=article,
                    position=position,
                    paragraph=span.paragraph,
                    start=span.start,
                    end=span.end,
                    text=draft.body[span.start : span.end],
                )
                for position, span in enumerate(draft.spans)
            )
            batch.article_count += 1
            batch.sentence_count += len(draft.spans)
        if on_article is not None:
            on_article(draft)

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
) -> ImportBatch:
    """Record an import that stored nothing, with the errors that stopped it."""
    return ImportBatch.objects.create(
        source_name=source_name[:1000],
        source_format=source_format,
        created_by=created_by,
        status=ImportBatch.Status.FAILED,
        finished_at=timezone.now(),
        errors=list(errors),
    )
