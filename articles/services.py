"""Writes to the corpus. Every import goes through ``batch_import``."""

from __future__ import annotations

import hashlib
import itertools
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify

from articles.bulk import objects_insert, rows_insert
from articles.ingest.errors import IngestError
from articles.ingest.fetch import fetch_url
from articles.ingest.pipeline import (
    ArticleDraft,
    DroppedLine,
    Parsed,
    batch_format,
    domain_of,
    segment_stream,
)
from articles.ingest.sources import MEDIA_FORMATS, parse_bytes
from articles.models import Article, ImportBatch, Outlet, Sentence

logger = logging.getLogger(__name__)
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


def _chunks(drafts: Iterable[ArticleDraft], size: int) -> Iterator[list[ArticleDraft]]:
    iterator = iter(drafts)
    while chunk := list(islice(iterator, size)):
        yield chunk


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
    per chunk of 500 articles, whatever their length.
    """
    if batch is None:
        batch = ImportBatch.objects.create(
            source_name=source_name[:1000], source_format=source_format, created_by=created_by,
            encodings=encodings or {},
        )  # fmt: skip
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
                outlets[name] = outlet_get_or_create(name=name, domain=domain_of(draft.url))
            fresh.append(draft)

        articles = objects_insert(
            [
                Article(
                    outlet=outlets.get((outlet_name or draft.outlet_name).strip()),
                    batch=batch,
                    title=draft.title[:1000],
                    standfirst=draft.standfirst,
                    author=draft.author[:500],
                    url=draft.url,
                    published=draft.published,
                    language=draft.language,
                    body=draft.body,
                    content_hash=draft.content_hash,
                )
                for draft in fresh
            ]
        )
        rows_insert(
            Sentence,
            ("article_id", "position", "paragraph", "start", "end", "text", "kind"),
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
            ],
        )
        batch.article_count += len(fresh)
        batch.sentence_count += sum(len(draft.spans) for draft in fresh)
        done += len(chunk)
        if on_progress is not None:
            on_progress(done)

    if batch.article_count + batch.duplicate_count == 0:
        raise IngestError("no article found in the input", source=source_name)
    batch.dropped = dropped_records(dropped)
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save()
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
    errors: Sequence[str],
    created_by: User | None = None,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Record an import that stored nothing, with the errors that stopped it."""
    if batch is None:
        batch = ImportBatch(
            source_name=source_name[:1000], source_format=source_format, created_by=created_by
        )
    # The counts of a rolled-back import describe nothing that was stored.
    batch.article_count = batch.sentence_count = batch.duplicate_count = 0
    batch.status = ImportBatch.Status.FAILED
    batch.finished_at = timezone.now()
    batch.errors = list(errors)
    batch.save()
    return batch


# Web imports: prepare (store the inputs, preview), start (queue the task), run (the task). --

PREVIEW_ARTICLES = 100
PREVIEW_DROPPED = 1000  # dropped lines shown in place; the rest are counted
LEFT_OUT_IN_PREVIEW = "left out in the preview"
# An admin's choices for a previewed import, by input index ("0", "1", …): the dropped lines
# to keep and the title lines of the text-page articles to leave out.
Choices = dict[str, dict[str, list[int]]]


def _store_inputs(
    *,
    folder: str,
    files: Sequence[UploadedFile],
    pasted: str,
    url: str,
    fmt: str | None,
    encoding: str | None = None,
) -> list[dict[str, str]]:
    # A given encoding is for the bytes of files and fetched pages; pasted text is already text.
    given = {"encoding": encoding} if encoding else {}
    inputs: list[dict[str, str]] = []
    for upload in files:
        name = upload.name or "upload"
        if upload.size and upload.size > settings.INGEST_MAX_BYTES:
            raise IngestError(
                f"file is {upload.size:,} bytes, over the limit of {settings.INGEST_MAX_BYTES:,}",
                source=name,
            )
        path = default_storage.save(f"{folder}/{get_valid_filename(name)}", upload)
        inputs.append({"name": name, "path": path, "format": fmt or "", **given})
    if pasted.strip():
        path = default_storage.save(f"{folder}/pasted.txt", ContentFile(pasted.encode()))
        inputs.append({"name": "pasted text", "path": path, "format": fmt or ""})
    if url.strip():
        page = fetch_url(url.strip())
        path = default_storage.save(f"{folder}/fetched", ContentFile(page.content))
        inputs.append(
            {
                "name": url.strip(),
                "path": path,
                "format": fmt or MEDIA_FORMATS.get(page.content_type, ""),
                "charset": page.charset or "",
                "url": page.url,
                **given,
            }
        )
    if not inputs:
        raise IngestError(
            "nothing to import: upload a file, paste text or give a URL", source="form"
        )
    return inputs


def _chosen(choices: Choices | None, index: int) -> tuple[frozenset[int], frozenset[int]]:
    """The lines kept and the article title lines left out in input ``index``."""
    chosen = (choices or {}).get(str(index), {})
    return frozenset(chosen.get("keep", ())), frozenset(chosen.get("leave_out", ()))


def _parse_inputs(inputs: list[dict[str, str]], *, choices: Choices | None = None) -> list[Parsed]:
    parsed = []
    for index, item in enumerate(inputs):
        with default_storage.open(item["path"], "rb") as handle:
            data = handle.read()
        keep, leave_out = _chosen(choices, index)
        parsed.append(
            parse_bytes(
                data,
                name=item["name"],
                fmt=item.get("format") or None,
                charset=item.get("charset") or None,
                encoding=item.get("encoding") or None,
                url=item.get("url", ""),
                segment=False,
                keep=keep,
                leave_out=leave_out,
                left_out_reason=LEFT_OUT_IN_PREVIEW,
            )
        )
    return parsed


def _preview(
    parsed: list[Parsed], *, names: Sequence[str], choices: Choices | None = None
) -> dict[str, Any]:
    """What importing would store: every record is read (so bad ones fail now), the first
    PREVIEW_ARTICLES are segmented and kept sentence by sentence, with the dropped lines of
    their pages in place (see ``_preview_items``), so the page renders from this alone."""

    def numbered() -> Iterator[tuple[int, int, ArticleDraft]]:
        for number, source in enumerate(parsed):
            for position, draft in enumerate(source.drafts):
                yield number, position, draft

    drafts = numbered()
    first = list(itertools.islice(drafts, PREVIEW_ARTICLES))
    # Segmenting fills in each draft's body and spans in place.
    for _ in segment_stream((draft for _, _, draft in first), workers=1):
        pass
    remaining = 0
    no_outlet = sum(1 for _, _, draft in first if not draft.outlet_name)
    for _, _, draft in drafts:
        remaining += 1
        no_outlet += not draft.outlet_name
    if not first:
        raise IngestError(
            "no article found in the input", source=", ".join(p.format for p in parsed)
        )
    sources = []
    budget = PREVIEW_DROPPED
    for number, source in enumerate(parsed):
        shown = {position: draft for n, position, draft in first if n == number}
        keep, leave_out = _chosen(choices, number)
        items, budget = _preview_items(source, shown, keep=keep, leave_out=leave_out, budget=budget)
        if items:
            sources.append(
                {"input": number, "name": names[number], "choosable": source.format == "text",
                 "items": items}
            )  # fmt: skip
    dropped_total = sum(len(p.dropped) for p in parsed)
    left_out = sum(line.reason == LEFT_OUT_IN_PREVIEW for p in parsed for line in p.dropped)
    return {
        "articles": [
            {
                "title": draft.title,
                "where": f"{draft.source}:{draft.line}" if draft.line else draft.source,
                "sentences": len(draft.spans),
                "author": draft.author,
                "published": draft.published.date().isoformat() if draft.published else "",
                "outlet": draft.outlet_name,
                "anchor": f"preview-{number}-{position}",
            }
            for number, position, draft in first
        ],
        "article_total": len(first) + remaining,
        # Articles neither their page nor their address named an outlet for.
        "no_outlet": no_outlet,
        "sources": sources,
        "dropped_total": dropped_total,
        "dropped_left_out": left_out,
        # Dropped lines not shown: inside articles past the preview, or past PREVIEW_DROPPED.
        "dropped_hidden": dropped_total - left_out - (PREVIEW_DROPPED - budget),
        "choices": {key: value for key, value in (choices or {}).items() if any(value.values())},
    }


def _preview_items(
    source: Parsed,
    shown: dict[int, ArticleDraft],
    *,
    keep: frozenset[int],
    leave_out: frozenset[int],
    budget: int,
) -> tuple[list[dict[str, Any]], int]:
    """One input as the preview shows it, in the order of its lines: each shown article's
    header and paragraphs (each paragraph's sentences one by one), its page's dropped lines
    where they stood, and the articles left out. Dropped lines inside articles past the
    preview are not shown, nor any past ``budget``; returns the items and the budget left."""
    items: list[tuple[int, int, dict[str, Any]]] = []  # (line, order, item): a stable sort
    for position, draft in shown.items():
        line = draft.line or 0
        items.append((line, len(items), {
            "type": "article", "title": draft.title, "line": draft.line, "position": position,
            "author": draft.author, "sentences": len(draft.spans),
            "published": draft.published.date().isoformat() if draft.published else "",
        }))  # fmt: skip
        paragraphs: dict[int, list[str]] = {}
        kinds: dict[int, str] = {}
        for span in draft.spans:
            paragraphs.setdefault(span.paragraph, []).append(draft.body[span.start : span.end])
            kinds[span.paragraph] = span.kind.value
        for paragraph, sentences in paragraphs.items():
            at = (
                draft.paragraph_lines[paragraph] if paragraph < len(draft.paragraph_lines) else None
            )
            items.append((line if at is None else at, len(items), {
                "type": "paragraph", "kind": kinds[paragraph], "sentences": sentences,
                "line": at, "kept": at in keep,
            }))  # fmt: skip
    for dropped in source.dropped:
        if dropped.reason == LEFT_OUT_IN_PREVIEW:
            if dropped.line in leave_out:
                items.append((dropped.line, len(items), {
                    "type": "left_out", "title": dropped.text, "line": dropped.line,
                }))  # fmt: skip
            continue
        if (dropped.article is not None and dropped.article not in shown) or budget <= 0:
            continue
        budget -= 1
        items.append((dropped.line, len(items), {
            "type": "dropped", "line": dropped.line, "text": dropped.text,
            "reason": dropped.reason,
        }))  # fmt: skip
    items.sort(key=lambda item: item[:2])
    return [item for _, _, item in items], budget


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
        inputs = _store_inputs(
            folder=folder, files=files, pasted=pasted, url=url, fmt=fmt, encoding=encoding
        )
        parsed = _parse_inputs(inputs)
        preview = _preview(parsed, names=[item["name"] for item in inputs])
    except IngestError as error:
        _delete_folder(folder)
        return batch_record_failure(
            source_name=source_name, source_format=batch_format(fmt), errors=[str(error)],
            created_by=created_by,
        )  # fmt: skip
    source_format, encodings = _batch_format_and_encodings(inputs, parsed)
    return ImportBatch.objects.create(
        source_name=source_name[:1000],
        source_format=source_format,
        status=ImportBatch.Status.PREVIEW,
        inputs=inputs,
        outlet_name=outlet_name.strip()[:200],
        preview=preview,
        encodings=encodings,
        created_by=created_by,
    )


def _batch_format_and_encodings(
    inputs: list[dict[str, str]], parsed: list[Parsed]
) -> tuple[str, dict[str, str]]:
    """A batch's format (one input's, "url" for a fetched page, else mixed) and the encodings
    its inputs were read in, where worth recording."""
    formats = {
        "url" if item.get("url") else p.format for item, p in zip(inputs, parsed, strict=True)
    }
    encodings = {
        item["name"]: p.encoding for item, p in zip(inputs, parsed, strict=True) if p.encoding
    }
    return formats.pop() if len(formats) == 1 else ImportBatch.Format.MIXED, encodings


def import_submit(
    *,
    files: Sequence[UploadedFile] = (),
    url: str = "",
    fmt: str | None = None,
    encoding: str | None = None,
    outlet_name: str = "",
    created_by: User | None = None,
) -> ImportBatch:
    """An import with no preview to confirm (the API): store the inputs, read each just far
    enough to refuse one that cannot be read (its encoding, its format, its first article) and
    to count its articles (by lines for JSONL and CSV), then store it at once when it holds at
    most INGEST_BACKGROUND_ARTICLES articles, or else queue it for a task worker.

    Either way ``import_run`` reads and checks every record as it stores them, all or nothing,
    as for a confirmed web import; unlike ``import_prepare`` the request never reads a large
    input whole, so it is read once, by the worker. Returns the batch: done, failed (its
    ``errors`` name the file, line and field) or queued. Queries: 2 to queue an import (the
    batch, the task); a small one's storing instead costs what ``import_run`` does.
    """
    from articles.tasks import run_import

    folder = f"imports/{uuid.uuid4().hex}"
    names = [f.name or "upload" for f in files] + ([url.strip()] if url.strip() else [])
    source_name = ", ".join(names) or "api"
    try:
        inputs = _store_inputs(
            folder=folder, files=files, pasted="", url=url, fmt=fmt, encoding=encoding
        )
        source_format, encodings, total = _glance(inputs)
    except IngestError as error:
        _delete_folder(folder)
        return batch_record_failure(
            source_name=source_name, source_format=batch_format(fmt), errors=[str(error)],
            created_by=created_by,
        )  # fmt: skip
    batch = ImportBatch.objects.create(
        source_name=source_name[:1000],
        source_format=source_format,
        status=ImportBatch.Status.QUEUED,
        inputs=inputs,
        outlet_name=outlet_name.strip()[:200],
        encodings=encodings,
        created_by=created_by,
    )
    import_progress_set(batch_id=batch.pk, done=0, total=total)
    if total <= settings.INGEST_BACKGROUND_ARTICLES:
        return import_run(batch_id=batch.pk)
    run_import.enqueue(batch.pk)
    return batch


def _glance(inputs: list[dict[str, str]]) -> tuple[str, dict[str, str], int]:
    """The batch format, the encodings and about how many articles stored inputs hold, read
    no further than each one's first article (a lazy source, JSONL or CSV, reads nothing until
    asked: its first article is read so that a wrong format or header is refused now).
    Raises IngestError for an input that cannot be read."""
    parsed = _parse_inputs(inputs)
    for source in parsed:
        next(iter(source.drafts), None)
    source_format, encodings = _batch_format_and_encodings(inputs, parsed)
    return source_format, encodings, sum(p.estimated for p in parsed)


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
    choices: Choices = {}
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
        preview = _preview(
            _parse_inputs(batch.inputs, choices=choices),
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


def _delete_folder(folder: str) -> None:
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")


def import_discard(*, batch: ImportBatch) -> None:
    """Throw away a previewed import and its stored inputs."""
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValueError("only an import awaiting confirmation can be discarded")
    for item in batch.inputs:
        default_storage.delete(item["path"])
    batch.delete()


def import_start(*, batch: ImportBatch) -> bool:
    """Queue a previewed import as a background task. Returns False if it was already started
    (a double click queues it once)."""
    from articles.tasks import run_import

    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
        status=ImportBatch.Status.QUEUED
    )
    if claimed:
        import_progress_set(batch_id=batch.pk, done=0, total=_expected(batch))
        run_import.enqueue(batch.pk)
    return bool(claimed)


def _expected(batch: ImportBatch) -> int:
    """The articles a queued import holds: as previewed, or as counted when it was queued
    with no preview (``import_submit``)."""
    if batch.preview:
        return int(batch.preview.get("article_total", 0))
    return import_progress_get(batch_id=batch.pk)["total"]


def import_run(*, batch_id: int) -> ImportBatch:
    """The background task: store a queued import, reporting progress as it goes."""
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING
    )
    batch = ImportBatch.objects.get(pk=batch_id)
    if not claimed:
        return batch  # started by another worker, or not queued at all
    total = _expected(batch)
    try:
        # The admin's choices in the preview apply: the import stores what it showed.
        parsed = _parse_inputs(batch.inputs, choices=(batch.preview or {}).get("choices"))
        drafts = segment_stream(itertools.chain.from_iterable(p.drafts for p in parsed))
        batch = batch_import(
            drafts=drafts,
            source_name=batch.source_name,
            source_format=batch.source_format,
            outlet_name=batch.outlet_name,
            created_by=batch.created_by,
            batch=batch,
            # Text pages are read whole, so their dropped lines are all known by now.
            dropped=[line for p in parsed for line in p.dropped],
            on_progress=lambda done: import_progress_set(batch_id=batch_id, done=done, total=total),
        )
    except IngestError as error:
        batch = batch_record_failure(
            source_name=batch.source_name, source_format=batch.source_format,
            errors=[str(error)], batch=batch,
        )  # fmt: skip
    except Exception as error:
        # A bug must not leave the batch "running" forever: say so on the batch (nothing was
        # stored: the import is one transaction) and keep the details for the log.
        logger.exception("import batch %s stopped on an unexpected error", batch_id)
        batch = batch_record_failure(
            source_name=batch.source_name, source_format=batch.source_format,
            errors=[f"the import stopped on an unexpected error ({type(error).__name__}); "
                    "nothing was stored. Try again; if it happens again, report it."],
            batch=batch,
        )  # fmt: skip
    import_progress_set(batch_id=batch_id, done=batch.article_count + batch.duplicate_count,
                        total=total)  # fmt: skip
    return batch


def _progress_key(batch_id: int) -> str:
    return f"import-progress:{batch_id}"


def import_progress_set(*, batch_id: int, done: int, total: int) -> None:
    """Record how far a running import has got. Kept in the cache, not the database: the
    import's own transaction hides its rows from every other connection until it commits."""
    cache.set(_progress_key(batch_id), {"done": done, "total": total}, timeout=24 * 3600)


def import_progress_get(*, batch_id: int) -> dict[str, int]:
    return cache.get(_progress_key(batch_id)) or {"done": 0, "total": 0}
