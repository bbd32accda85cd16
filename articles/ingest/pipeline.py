"""From decoded input to article drafts: cleaned paragraphs, a body, and its sentence spans.

``parse(text, source=..., fmt=...)`` is the one entry point: it reads any supported format and
returns the drafts found plus the lines dropped as boilerplate. Every problem is an
IngestError naming the source, the line and the field.
"""

from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.forkserver
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from articles.ingest.copy_rows import article_row, sentence_rows
from articles.ingest.drafts import LEFT_OUT, ArticleDraft, Parsed, RawLine, web_url
from articles.ingest.errors import IngestError
from articles.ingest.html_pages import parse_html
from articles.ingest.language import article_language
from articles.ingest.records import jsonl_draft, jsonl_lines, parse_csv, parse_json, parse_jsonl
from articles.ingest.segment import Paragraph, Span, SpanKind, assemble, split_long
from articles.ingest.text_pages import parse_text_page

FORMATS = ("text", "html", "jsonl", "json", "csv")
# Below this many articles, segmenting in this process beats starting worker processes.
PARALLEL_THRESHOLD = 64
# Segmenting processes start from a fork server, not as forks of the caller: a fork would
# share the caller's database connection and signal handlers, and outlive a task worker that
# is killed, holding its import's transaction (and locks) open for good.
_POOL = (
    multiprocessing.get_context("forkserver")
    if "forkserver" in multiprocessing.get_all_start_methods()
    else multiprocessing.get_context()
)
if _POOL.get_start_method() == "forkserver":
    _POOL.set_forkserver_preload([__name__])
# Inputs from this size on (bytes) are worth starting the fork server for before they are read.
WARM_FROM_BYTES = 256 * 1024


def workers_warm(*, size: int = 0, articles: int = 0) -> None:
    """Start the fork server the segmenting processes come from if an input of ``size`` bytes
    or ``articles`` articles will want them: its start-up (an interpreter importing this
    module) then runs on another core while the caller reads the input, not after. Started
    once a process."""
    wanted = size >= WARM_FROM_BYTES or articles >= PARALLEL_THRESHOLD
    if wanted and _POOL.get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def detect_format(text: str, *, name: str = "") -> str:
    """Guess the format from the file name, then from the content."""
    suffix = os.path.splitext(name.lower())[1]
    by_suffix = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
                 ".html": "html", ".htm": "html", ".xhtml": "html"}  # fmt: skip
    if suffix in by_suffix:
        return by_suffix[suffix]
    head = text.lstrip()[:2000]
    if re.match(r"\[\s*[\[{]", head):  # a JSON array of objects (or arrays): never a page
        return "json"
    lowered = head.lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or re.search(
        r"<(body|article|p|div)[\s>]", lowered
    ):
        return "html"
    if head.startswith("{"):
        return "jsonl"
    first_line = head.split("\n", 1)[0].lower()
    columns = {c.strip().strip('"') for c in first_line.split(",")}
    if {"title", "text"} <= columns:
        return "csv"
    return "text"


def parse(
    text: str | bytes,
    *,
    source: str,
    fmt: str | None = None,
    url: str = "",
    segment: bool = True,
    keep: frozenset[int] = frozenset(),
    leave_out: frozenset[int] = frozenset(),
    left_out_reason: str = LEFT_OUT,
) -> Parsed:
    """Read ``text`` in format ``fmt`` (detected when None) into article drafts.

    ``url`` is where the text came from, if it was fetched. With ``segment`` on, the drafts are
    a list with bodies and spans; with it off they are produced lazily, unsegmented, for
    ``segment_stream`` (so a large JSONL file never sits in memory as drafts all at once).
    ``keep`` and ``leave_out`` are an admin's choices for a text page (see
    ``parse_text_page``); other formats drop nothing and ignore them.

    ``text`` may be bytes for JSONL only: valid UTF-8 without a byte order mark, read line by
    line, never decoded whole (see ``sources.utf8_jsonl``).
    """
    if isinstance(text, bytes):
        if fmt != "jsonl":
            raise ValueError("only JSONL is read from bytes")
        parsed = _jsonl_parsed(text, source=source, url=url, segment=segment)
    else:
        parsed = _text_parsed(
            text, source=source, fmt=fmt, url=url, segment=segment, keep=keep,
            leave_out=leave_out, left_out_reason=left_out_reason,
        )  # fmt: skip
    parsed.drafts = _with_outlet(parsed.drafts, url)
    if segment:
        drafts = list(segment_stream(parsed.drafts, workers=1))
        if not drafts:
            raise IngestError("no article found in the input", source=source)
        parsed.drafts = drafts
    return parsed


def _jsonl_parsed(text: str | bytes, *, source: str, url: str, segment: bool) -> Parsed:
    # A last newline ends a line.
    if isinstance(text, bytes):
        lines = text.count(b"\n") + (not text.endswith(b"\n"))
    else:
        lines = text.count("\n") + (not text.endswith("\n"))
    parsed = Parsed(parse_jsonl(text, source=source), "jsonl", estimated=lines)
    if not segment:
        parsed.lines = ((source, number, line, url) for number, line in jsonl_lines(text))
    return parsed


def _text_parsed(
    text: str,
    *,
    source: str,
    fmt: str | None,
    url: str,
    segment: bool,
    keep: frozenset[int],
    leave_out: frozenset[int],
    left_out_reason: str,
) -> Parsed:
    """``parse`` of a text."""
    fmt = fmt or detect_format(text, name=source)
    if fmt == "text":
        parsed = parse_text_page(
            text, source=source, keep=keep, leave_out=leave_out, left_out_reason=left_out_reason
        )
    elif fmt == "html":
        parsed = Parsed(parse_html(text, source=source, url=url), fmt, estimated=1)
    elif fmt == "jsonl":
        parsed = _jsonl_parsed(text, source=source, url=url, segment=segment)
    elif fmt == "json":
        # Read like JSONL, and recorded as such: ImportBatch has no format of its own for it.
        # Every record names a title, and a quote inside a JSON string is escaped, so counting
        # the key counts the records however the array is laid out (indented, or on one line).
        records = max(text.count('"title"'), 1)
        parsed = Parsed(parse_json(text, source=source), "jsonl", estimated=records)
    elif fmt == "csv":
        rows = text.count("\n") - text.endswith("\n")  # the lines after the header row
        parsed = Parsed(parse_csv(text, source=source), fmt, estimated=rows)
    else:
        raise IngestError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}",
                          source=source)  # fmt: skip
    return parsed


def batch_format(fmt: str | None) -> str:
    """The format an ImportBatch records for input read as ``fmt`` (JSON arrays are JSONL)."""
    return "jsonl" if fmt == "json" else fmt or "text"


def domain_of(url: str) -> str:
    """``news.example.com`` for ``https://www.news.example.com/a``; "" for no web address."""
    host = (urlsplit(url).hostname or "") if web_url(url) else ""
    return host.removeprefix("www.")


def _with_outlet(drafts: Iterable[ArticleDraft], page_url: str) -> Iterator[ArticleDraft]:
    """Drafts whose page named no outlet get the domain of their URL (or the page's)."""
    for draft in drafts:
        yield _outlet_named(draft, page_url)


def _outlet_named(draft: ArticleDraft, page_url: str) -> ArticleDraft:
    if not draft.outlet_name:
        draft.outlet_name = domain_of(draft.url) or domain_of(page_url)
    return draft


def to_segment(parsed: Iterable[Parsed]) -> Iterator[ArticleDraft | RawLine]:
    """What ``segment_stream`` takes for these sources: their drafts, or for JSONL its lines
    still unread, so that reading them is shared by the worker processes too."""
    for source in parsed:
        yield from source.drafts if source.lines is None else source.lines


def _draft_of(item: ArticleDraft | RawLine) -> ArticleDraft:
    if isinstance(item, ArticleDraft):
        return item
    source, number, line, page_url = item
    return _outlet_named(jsonl_draft(line, source=source, number=number), page_url)


_KINDS = list(SpanKind)
CompactSpans = list[tuple[int, int, int, int]]
CompactParagraphs = list[tuple[str, int]]
# A draft's metadata, for one read from a JSONL line in a worker process.
Metadata = tuple[str, str, int | None, str, str, str, datetime | None, str]
# What a worker process gives back for each article: the metadata (None for a draft it was
# given), body (or the article's row, see ``article_row``), spans (or the sentences' rows, see
# ``sentence_rows``), language, content hash and how many long sentences were split.
Finished = tuple[Metadata | None, str | bytes, CompactSpans | bytes, str, str, int]


Assembled = tuple[str, list[Span], str]


def _assemble_draft(title: str, paragraphs: list[Paragraph], language: str) -> Assembled:
    """Body, spans and language of an article: the given language, or the detected one."""
    language = language or article_language(title, (p.text for p in paragraphs))
    return (*assemble(paragraphs, language=language), language)


def _compact_paragraphs(paragraphs: list[Paragraph]) -> CompactParagraphs:
    return [(p.text, _KINDS.index(p.kind)) for p in paragraphs]


def _work(item: ArticleDraft | RawLine) -> tuple[Any, ...]:
    """An item as sent to a worker process: a draft's paragraphs, language, where it was read
    (for its errors) and the rest of what its article row holds (``article_row``), or the
    unread line itself."""
    if isinstance(item, ArticleDraft):
        paragraphs = _compact_paragraphs(item.paragraphs)
        return ("draft", paragraphs, item.language, item.source, item.line, item.title,
                item.standfirst, item.author, item.url, item.published)  # fmt: skip
    return ("line", *item)


def _segmented(work: list[tuple[Any, ...]], max_chars: int, rows: bool) -> list[Finished]:
    """Worker side of ``segment_stream``. Both ways it gets and gives plain tuples of strings
    and numbers: they pickle many times faster than dataclasses and enum members. With
    ``rows``, each article comes back as ``article_row`` and ``sentence_rows``."""
    out: list[Finished] = []
    for item in work:
        metadata: Metadata | None = None
        if item[0] == "draft":
            _, compact_paragraphs, language, source, line, *row = item
            title, standfirst, author, url, published = row
            paragraphs = [Paragraph(text, _KINDS[kind]) for text, kind in compact_paragraphs]
            draft = ArticleDraft(title=title, paragraphs=paragraphs, source=source, line=line,
                                 language=language, standfirst=standfirst, author=author,
                                 url=url, published=published)  # fmt: skip
        else:
            draft = _draft_of(item[1:])
            metadata = (draft.title, draft.source, draft.line, draft.standfirst, draft.author,
                        draft.url, draft.published, draft.outlet_name)  # fmt: skip
        _finish(draft, *_assemble_draft(draft.title, draft.paragraphs, draft.language), max_chars)
        compact: CompactSpans | bytes
        body: str | bytes
        if rows:
            body, compact = article_row(draft), sentence_rows(draft.body, draft.spans)
        else:
            body = draft.body
            compact = [(s.start, s.end, s.paragraph, _KINDS.index(s.kind)) for s in draft.spans]
        out.append((metadata, body, compact, draft.language, draft.content_hash,
                    draft.split_sentences))  # fmt: skip
    return out


def _finish(
    draft: ArticleDraft, body: str, spans: list[Span], language: str, max_chars: int
) -> ArticleDraft:
    if not spans:
        raise IngestError("no sentences in the article text", source=draft.source,
                          line=draft.line, field="text")  # fmt: skip
    spans, draft.split_sentences = split_long(body, spans, max_chars)
    draft.set_body(body, spans)
    draft.language = language
    return draft


def _unpack(items: list[ArticleDraft | RawLine], results: list[Finished]) -> Iterator[ArticleDraft]:
    for item, (metadata, body, compact, language, content_hash, split) in zip(
        items, results, strict=True
    ):
        if isinstance(item, ArticleDraft):
            draft = item
            draft.paragraphs = []
        else:
            assert metadata is not None
            title, source, line, standfirst, author, url, published, outlet = metadata
            draft = ArticleDraft(title=title, paragraphs=[], source=source, line=line,
                                 standfirst=standfirst, author=author, url=url,
                                 published=published, outlet_name=outlet)  # fmt: skip
        draft.content_hash, draft.language = content_hash, language
        if isinstance(body, bytes):
            draft.article_row = body
        else:
            draft.body = body
        if isinstance(compact, bytes):
            draft.sentence_rows = compact
        else:
            draft.spans = [Span(a, b, p, _KINDS[k]) for a, b, p, k in compact]
        draft.split_sentences = split
        yield draft


def segment_stream(
    drafts: Iterable[ArticleDraft | RawLine],
    *,
    workers: int | None = None,
    chunk: int = 100,
    rows: bool = False,
) -> Iterator[ArticleDraft]:
    """Yield the drafts in order with body, spans and language filled in, segmenting on every
    core (each article with the rules for its language). ``drafts`` may hold unread JSONL
    lines (``to_segment``): the worker processes read them too.

    Chunks of ``chunk`` drafts go to worker processes, at most two per worker in flight, so
    memory stays flat however long the input is. With one worker (or a short input) all the
    work happens in this process. With ``rows`` (for a store by COPY), the drafts segmented in
    worker processes carry their sentences as ``sentence_rows``, not ``spans``, and their own
    values as ``article_row``, not ``body``.
    """
    workers = workers or os.cpu_count() or 1
    max_chars = settings.SENTENCE_MAX_CHARS
    iterator = iter(drafts)
    first = list(islice(iterator, chunk))
    if workers == 1 or len(first) < min(chunk, PARALLEL_THRESHOLD):
        for item in itertools.chain(first, iterator):
            draft = _draft_of(item)
            yield _finish(
                draft, *_assemble_draft(draft.title, draft.paragraphs, draft.language), max_chars
            )
        return
    chunks = itertools.chain([first], iter(lambda: list(islice(iterator, chunk)), []))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_POOL) as pool:
        pending: deque[tuple[list[ArticleDraft | RawLine], Future[list[Finished]]]] = deque()
        try:
            for batch in chunks:
                work = [_work(item) for item in batch]
                pending.append((batch, pool.submit(_segmented, work, max_chars, rows)))
                while len(pending) > workers * 2 or (pending and pending[0][1].done()):
                    done, future = pending.popleft()
                    yield from _unpack(done, future.result())
            while pending:
                done, future = pending.popleft()
                yield from _unpack(done, future.result())
        finally:
            for _batch, future in pending:
                future.cancel()
