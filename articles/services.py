"""Writes to the corpus: outlets, and batches of articles. Every import goes through
``batch_import``; a web import is prepared (stored and previewed) here, then queued and run by
``articles.tasks``."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from articles import inputs, previews
from articles.bulk import (
    collector_paused,
    framed_row,
    key_checked_per_statement,
    keyed_rows,
    keys_draw,
    objects_insert,
    rows_copy,
    rows_insert,
)
from articles.ingest.copy_rows import ARTICLE_ROW_FIELDS, SENTENCE_ROW_FIELDS
from articles.ingest.drafts import ArticleDraft, DroppedLine
from articles.ingest.errors import IngestError
from articles.ingest.pipeline import batch_format, domain_of
from articles.ingest.records import FIELD_MAX_CHARS
from articles.models import Article, ImportBatch, Outlet, Sentence
from articles.read_ahead import chunks_ahead

ARTICLES_PER_CHUNK = 500
# A batch stores at most this many dropped lines; past it, a last item says how many more.
DROPPED_STORED = 5000
Progress = Callable[[int], None]


def outlet_get_or_create(*, name: str, domain: str = "") -> Outlet:
    """The outlet with this name's slug, created if new."""
    slug = slugify(name)[:200] or _unicode_name_slug(name) or slugify(domain)[:200] or "unknown"
    outlet, created = Outlet.objects.get_or_create(
        slug=slug, defaults={"name": name.strip()[:200] or domain or slug, "domain": domain[:253]}
    )
    if not created and domain and not outlet.domain:
        outlet.domain = domain[:253]
        outlet.save(update_fields=["domain"])
    return outlet


def outlet_update(*, outlet: Outlet, name: str, slug: str, domain: str = "") -> Outlet:
    """Rename an outlet, change its slug (unique: a taken one raises IntegrityError) or its
    domain; every article of it follows. Queries: 1."""
    outlet.name = " ".join(name.split())[:200]
    outlet.slug = slug
    outlet.domain = domain.strip()[:253]
    outlet.save(update_fields=["name", "slug", "domain"])
    return outlet


def _unicode_name_slug(name: str) -> str:
    """A slug of its own for a name with no Latin letters or digits ("Коммерсантъ", "朝日新聞"),
    which ``slugify`` empties: without it, every such outlet would be one and the same."""
    words = slugify(name, allow_unicode=True)
    return f"outlet-{hashlib.sha256(words.encode()).hexdigest()[:12]}" if words else ""


@transaction.atomic
def articles_set_outlet(*, articles: QuerySet[Article] | Iterable[int], outlet_name: str) -> int:
    """Give these articles (a queryset, or ids) the outlet named ``outlet_name``, created if
    new; an empty name leaves them with no outlet. Returns how many articles there were.
    Queries: the outlet's lookup (one or two), then one UPDATE, however many articles."""
    name = " ".join(outlet_name.split())
    outlet = outlet_get_or_create(name=name) if name else None
    if isinstance(articles, QuerySet):
        # By id: the queryset may be sliced, ordered or annotated for a page.
        chosen = Article.objects.filter(pk__in=articles.values_list("pk", flat=True))
    else:
        chosen = Article.objects.filter(pk__in=list(articles))
    return chosen.update(outlet=outlet)


@dataclass
class _Seen:
    """What an import has met so far: body hashes and URLs (stored or in the batch), and the
    outlets by name."""

    hashes: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    outlets: dict[str, Outlet] = field(default_factory=dict)


def _outlet(seen: _Seen, draft: ArticleDraft, outlet_name: str) -> Outlet | None:
    return seen.outlets.get((outlet_name or draft.outlet_name).strip())


def _chunk_store(
    batch: ImportBatch, chunk: list[ArticleDraft], *, seen: _Seen, outlet_name: str
) -> None:
    """Store a chunk of drafts and their sentences, skipping (and counting) duplicates."""
    hashes = {draft.content_hash for draft in chunk}
    urls = {draft.url for draft in chunk if draft.url}
    seen.hashes.update(
        Article.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True)
    )
    seen.urls.update(Article.objects.filter(url__in=urls).values_list("url", flat=True))
    fresh: list[ArticleDraft] = []
    for draft in chunk:
        content_hash = draft.content_hash
        if content_hash in seen.hashes or (draft.url and draft.url in seen.urls):
            batch.duplicate_count += 1
            continue
        seen.hashes.add(content_hash)
        if draft.url:
            seen.urls.add(draft.url)
        name = (outlet_name or draft.outlet_name).strip()
        if name and name not in seen.outlets:
            seen.outlets[name] = outlet_get_or_create(name=name, domain=domain_of(draft.url))
        fresh.append(draft)

    # Drafts segmented in worker processes for a store by COPY bring their rows made: the
    # article's (``article_row``) and its sentences' (``sentence_rows``).
    made = [draft for draft in fresh if draft.article_row]
    built = [draft for draft in fresh if not draft.article_row]
    articles = objects_insert(
        [
            Article(
                outlet=_outlet(seen, draft, outlet_name),
                batch=batch,
                title=draft.title[: FIELD_MAX_CHARS["title"]],
                standfirst=draft.standfirst,
                author=draft.author[: FIELD_MAX_CHARS["author"]],
                url=draft.url,
                published=draft.published,
                language=draft.language,
                body=draft.body,
                content_hash=draft.content_hash,
            )
            for draft in built
        ]
    )
    fields = ("article_id", *SENTENCE_ROW_FIELDS)
    rows = [
        (article.pk, position, span.paragraph, span.start, span.end,
         draft.body[span.start : span.end], span.kind.value)
        for article, draft in zip(articles, built, strict=True)
        for position, span in enumerate(draft.spans)
    ]  # fmt: skip
    if rows:
        rows_insert(Sentence, fields, rows)
    if made:
        keys = keys_draw(Article, len(made))
        created = timezone.now().isoformat().encode()
        outlets = [_outlet(seen, draft, outlet_name) for draft in made]
        rows_copy(
            Article,
            ("id", "outlet_id", "batch_id", *ARTICLE_ROW_FIELDS, "created_at"),
            b"".join(
                framed_row(
                    (key, outlet.pk if outlet else None, batch.pk), draft.article_row, created
                )
                for key, outlet, draft in zip(keys, outlets, made, strict=True)
            ),
        )
        data = b"".join(keyed_rows(key, d.sentence_rows) for key, d in zip(keys, made, strict=True))
        rows_copy(Sentence, fields, data)
    batch.article_count += len(fresh)
    batch.sentence_count += sum(draft.sentence_count for draft in fresh)
    batch.split_sentences += sum(draft.split_sentences for draft in fresh)


@transaction.atomic
def batch_import(
    *,
    drafts: Iterable[ArticleDraft],
    source_name: str,
    source_format: str,
    outlet_name: str = "",
    created_by: User | None = None,
    batch: ImportBatch | None = None,
    encodings: dict[str, str] | None = None,
    dropped: Sequence[DroppedLine] = (),
    on_progress: Progress | None = None,
) -> ImportBatch:
    """Store every draft and its sentences as one batch, all or nothing, with the lines the
    text-page importer ``dropped`` (see ``dropped_records``).

    ``drafts`` may be a lazy stream (segmented as it is read); an error raised while reading
    it rolls back everything stored so far.

    Articles whose body hash or URL is already stored (or repeated in this batch) are skipped
    and counted as duplicates. ``batch`` is an ImportBatch created earlier (by the web import)
    to finish; otherwise one is created, recording ``encodings`` (source name -> the text
    encoding it was read in). Returns the finished batch. Queries: a fixed handful
    per chunk of 500 articles, whatever their length, and 3 more on PostgreSQL.
    """
    if batch is None:
        batch = ImportBatch.objects.create(
            source_name=source_name[:1000], source_format=source_format, created_by=created_by,
            encodings=encodings or {},
        )  # fmt: skip
    seen = _Seen()
    done = 0
    # The next chunks are read (segmented on the worker processes) while one is stored, and
    # the sentences' key to their article is checked as each chunk is stored, not all at the
    # commit: the database and the worker processes work side by side.
    with (
        collector_paused(),
        key_checked_per_statement(Sentence, "article"),
        chunks_ahead(drafts, ARTICLES_PER_CHUNK) as chunks,
    ):
        for chunk in chunks:
            _chunk_store(batch, chunk, seen=seen, outlet_name=outlet_name)
            done += len(chunk)
            if on_progress is not None:
                on_progress(done)

    if batch.article_count + batch.duplicate_count == 0:
        raise IngestError("no article found in the input", source=source_name)
    batch.dropped = dropped_records(dropped)
    batch.finish()
    return batch


def dropped_records(dropped: Sequence[DroppedLine]) -> list[dict[str, Any]]:
    """``ImportBatch.dropped``: each line as ``{"source", "line", "text", "reason"}``, the first
    DROPPED_STORED of them; when there were more, a last item ``{"more": n, "total": t}``."""
    records = [line.as_record() for line in dropped[:DROPPED_STORED]]
    if len(dropped) > DROPPED_STORED:
        records.append({"more": len(dropped) - DROPPED_STORED, "total": len(dropped)})
    return records


def batch_record_failure(
    *,
    source_name: str,
    source_format: str,
    error: str,
    created_by: User | None = None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Record an import that stored nothing, with the error that stopped it. Queries: 1."""
    if batch is None:
        batch = ImportBatch(
            source_name=source_name[:1000], source_format=source_format, created_by=created_by
        )
    batch.fail(error)
    return batch


# Web imports: stored and previewed here, then queued and run by ``articles.tasks``. ------


def import_prepare(
    *,
    files: Sequence[UploadedFile] = (),
    pasted: str = "",
    url: str = "",
    fmt: str | None = None,
    encoding: str | None = None,
    outlet_name: str = "",
    created_by: User | None = None,
) -> ImportBatch:
    """Store a web import's inputs and preview it, storing no article yet. ``encoding`` is the
    text encoding of the files and URL when the user gives it (else detected).

    Returns a batch awaiting confirmation, or a failed batch whose ``errors`` say why (the
    inputs are then deleted). Queries: 1.
    """
    folder = f"imports/{uuid.uuid4().hex}"
    names = [f.name or "upload" for f in files] + (["pasted text"] if pasted.strip() else [])
    names += [url.strip()] if url.strip() else []
    source_name = ", ".join(names) or "web form"
    try:
        stored = inputs.inputs_store(
            folder=folder, files=files, pasted=pasted, url=url, fmt=fmt, encoding=encoding
        )
        parsed = inputs.inputs_parse(stored)
        preview = previews.preview_build(parsed, names=[item["name"] for item in stored])
    except IngestError as error:
        inputs.inputs_delete(folder)
        return batch_record_failure(
            source_name=source_name, source_format=batch_format(fmt), error=str(error),
            created_by=created_by,
        )  # fmt: skip
    source_format, encodings = inputs.inputs_format_and_encodings(stored, parsed)
    return batch_of_inputs(
        status=ImportBatch.Status.PREVIEW,
        stored=stored,
        source_name=source_name,
        source_format=source_format,
        encodings=encodings,
        outlet_name=outlet_name,
        created_by=created_by,
        preview=preview,
    )


def batch_of_inputs(
    *,
    status: str,
    stored: list[dict[str, Any]],
    source_name: str,
    source_format: str,
    encodings: dict[str, str],
    outlet_name: str,
    created_by: User | None,
    preview: dict[str, Any] | None = None,
) -> ImportBatch:
    """The batch of a web or API import whose inputs are stored (awaiting confirmation, or
    queued), names and outlet cut to their fields' lengths. Queries: 1."""
    return ImportBatch.objects.create(
        source_name=source_name[:1000],
        source_format=source_format,
        status=status,
        inputs=stored,
        outlet_name=outlet_name.strip()[:200],
        preview=preview,
        encodings=encodings,
        created_by=created_by,
    )


@transaction.atomic
def import_choose(
    *,
    batch: ImportBatch,
    keep: Iterable[tuple[int, int]] = (),
    leave_out: Iterable[tuple[int, int]] = (),
) -> ImportBatch:
    """Store an admin's choices for a previewed import and preview it again from its stored
    inputs: ``keep`` holds (input index, line) of dropped lines to import after all,
    ``leave_out`` (input index, title line) of text-page articles not to import. The choices
    replace any made before; confirming the import then stores what the new preview shows.

    Raises IngestError when the choices leave nothing to import, and ValueError when the
    import is no longer awaiting confirmation; either way nothing changes. Queries: 2.
    """
    choices: inputs.Choices = {}
    for name, pairs in (("keep", keep), ("leave_out", leave_out)):
        for index, line in pairs:
            if 0 <= index < len(batch.inputs) and line > 0:
                chosen = choices.setdefault(str(index), {"keep": [], "leave_out": []})
                chosen[name].append(line)
    for chosen in choices.values():
        for name in chosen:
            chosen[name] = sorted(set(chosen[name]))
    locked = ImportBatch.objects.select_for_update().filter(
        pk=batch.pk, status=ImportBatch.Status.PREVIEW
    )
    if not locked.exists():
        raise ValueError("this import is no longer awaiting confirmation")
    try:
        preview = previews.preview_build(
            inputs.inputs_parse(batch.inputs, choices=choices),
            names=[item["name"] for item in batch.inputs],
            choices=choices,
        )
    except IngestError as error:
        if "no article found" in error.message:
            raise IngestError(
                "every article is left out: leave at least one in, or discard this import",
                source=batch.source_name,
            ) from None
        raise
    locked.update(preview=preview)
    batch.preview = preview
    return batch


def import_discard(*, batch: ImportBatch) -> None:
    """Throw away a previewed or failed import (which stored nothing) and its stored inputs.
    Raises ValueError for any other."""
    deletable = (ImportBatch.Status.PREVIEW, ImportBatch.Status.FAILED)
    deleted, _ = ImportBatch.objects.filter(pk=batch.pk, status__in=deletable).delete()
    if not deleted:
        raise ValueError("only an import awaiting confirmation or failed can be discarded")
    inputs.inputs_remove(batch)
