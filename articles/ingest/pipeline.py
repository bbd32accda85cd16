"""From decoded input to article drafts: cleaned paragraphs, a body, and its sentence spans.

``parse(text, source=..., fmt=...)`` is the one entry point: it reads any supported format and
returns the drafts found plus the lines dropped as boilerplate. Every problem is an
IngestError naming the source, the line and the field.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import os
import re
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

from articles.ingest.errors import IngestError
from articles.ingest.language import article_language, language_tag
from articles.ingest.outlets import page_outlet
from articles.ingest.pages import PageResult, find_articles, is_title_like
from articles.ingest.segment import (
    Paragraph,
    Span,
    SpanKind,
    assemble,
    normalise_text,
    split_paragraphs,
)

FORMATS = ("text", "html", "jsonl", "json", "csv")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
REQUIRED_FIELDS = ("title", "text")
OPTIONAL_FIELDS = ("outlet", "url", "author", "published", "standfirst", "language")
# Below this many articles, segmenting in this process beats starting worker processes.
PARALLEL_THRESHOLD = 64


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


def body_hash(body: str) -> str:
    """SHA-256 of a normalised body (spacing is already folded by normalisation)."""
    return hashlib.sha256(body.encode()).hexdigest()


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
    text: str,
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
    """
    fmt = fmt or detect_format(text, name=source)
    if fmt == "text":
        parsed = parse_text_page(
            text, source=source, keep=keep, leave_out=leave_out, left_out_reason=left_out_reason
        )
    elif fmt == "html":
        parsed = Parsed(parse_html(text, source=source, url=url), fmt, estimated=1)
    elif fmt == "jsonl":
        lines = text.count("\n") + (not text.endswith("\n"))  # a last newline ends a line
        parsed = Parsed(parse_jsonl(text, source=source), fmt, estimated=lines)
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
    parsed.drafts = _with_outlet(parsed.drafts, url)
    if segment:
        drafts = list(segment_stream(parsed.drafts, workers=1))
        if not drafts:
            raise IngestError("no article found in the input", source=source)
        parsed.drafts = drafts
    return parsed


def batch_format(fmt: str | None) -> str:
    """The format an ImportBatch records for input read as ``fmt`` (JSON arrays are JSONL)."""
    return "jsonl" if fmt == "json" else fmt or "text"


def domain_of(url: str) -> str:
    """``news.example.com`` for ``https://www.news.example.com/a``; "" for no web address."""
    host = (urlsplit(url).hostname or "") if _web_url(url) else ""
    return host.removeprefix("www.")


def _with_outlet(drafts: Iterable[ArticleDraft], page_url: str) -> Iterator[ArticleDraft]:
    """Drafts whose page named no outlet get the domain of their URL (or the page's)."""
    for draft in drafts:
        if not draft.outlet_name:
            draft.outlet_name = domain_of(draft.url) or domain_of(page_url)
        yield draft


def _draft(
    *, title: str, paragraphs: list[Paragraph], source: str, line: int | None, **metadata: Any
) -> ArticleDraft:
    title = " ".join(title.split())
    if not title:
        raise IngestError("missing", source=source, line=line, field="title")
    if not any(p.text.strip() for p in paragraphs if p.kind != SpanKind.HEADING):
        raise IngestError("no article text", source=source, line=line, field="text")
    return ArticleDraft(title=title, paragraphs=paragraphs, source=source, line=line, **metadata)


_KINDS = list(SpanKind)
CompactSpans = list[tuple[int, int, int, int]]
Assembled = tuple[str, list[Span], str]


def _assemble_draft(title: str, paragraphs: list[Paragraph], language: str) -> Assembled:
    """Body, spans and language of an article: the given language, or the detected one."""
    language = language or article_language(title, (p.text for p in paragraphs))
    return (*assemble(paragraphs, language=language), language)


def _assemble_compact(
    batch: list[tuple[str, list[Paragraph], str]],
) -> list[tuple[str, CompactSpans, str]]:
    """Worker side of ``segment_stream``: plain tuples pickle many times faster than objects."""
    out = []
    for title, paragraphs, language in batch:
        body, spans, language = _assemble_draft(title, paragraphs, language)
        compact = [(s.start, s.end, s.paragraph, _KINDS.index(s.kind)) for s in spans]
        out.append((body, compact, language))
    return out


def _finish(draft: ArticleDraft, body: str, spans: list[Span], language: str) -> ArticleDraft:
    if not spans:
        raise IngestError("no sentences in the article text", source=draft.source,
                          line=draft.line, field="text")  # fmt: skip
    draft.set_body(body, spans)
    draft.language = language
    return draft


def _unpack(
    drafts: list[ArticleDraft], results: list[tuple[str, CompactSpans, str]]
) -> Iterator[ArticleDraft]:
    for draft, (body, compact, language) in zip(drafts, results, strict=True):
        spans = [Span(a, b, p, _KINDS[k]) for a, b, p, k in compact]
        yield _finish(draft, body, spans, language)


def segment_stream(
    drafts: Iterable[ArticleDraft], *, workers: int | None = None, chunk: int = 100
) -> Iterator[ArticleDraft]:
    """Yield the drafts in order with body, spans and language filled in, segmenting on every
    core (each article with the rules for its language).

    Chunks of ``chunk`` drafts go to worker processes, at most two per worker in flight, so
    memory stays flat however long the input is. With one worker (or a short input) all the
    work happens in this process.
    """
    workers = workers or os.cpu_count() or 1
    iterator = iter(drafts)
    first = list(islice(iterator, chunk))
    if workers == 1 or len(first) < min(chunk, PARALLEL_THRESHOLD):
        for draft in itertools.chain(first, iterator):
            yield _finish(draft, *_assemble_draft(draft.title, draft.paragraphs, draft.language))
        return
    chunks = itertools.chain([first], iter(lambda: list(islice(iterator, chunk)), []))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[tuple[list[ArticleDraft], Future[list[tuple[str, CompactSpans, str]]]]]
        pending = deque()
        try:
            for batch in chunks:
                work = [(d.title, d.paragraphs, d.language) for d in batch]
                pending.append((batch, pool.submit(_assemble_compact, work)))
                while len(pending) > workers * 2 or (pending and pending[0][1].done()):
                    done, future = pending.popleft()
                    yield from _unpack(done, future.result())
            while pending:
                done, future = pending.popleft()
                yield from _unpack(done, future.result())
        finally:
            for _batch, future in pending:
                future.cancel()


def parse_text_page(
    text: str,
    *,
    source: str,
    keep: frozenset[int] = frozenset(),
    leave_out: frozenset[int] = frozenset(),
    left_out_reason: str = LEFT_OUT,
) -> Parsed:
    """A plain-text page: every article on it, without the site's furniture.

    A file that is just a title line and a short body (too short to look like an article on a
    page) is taken as it stands: first non-empty line the title, the rest the body. Every
    draft gets the outlet the page names itself, if it does (``page_outlet``).

    ``keep`` holds dropped lines an admin put back (they join the article they sit in);
    ``leave_out`` the title lines of articles an admin left out: those give no draft, and
    their lines are dropped with ``left_out_reason``. Every dropped line comes back in
    ``Parsed.dropped``, in line order, with the rule that dropped it.
    """
    outlet = page_outlet(text)
    result = find_articles(text, keep=keep, leave_out=leave_out)
    if result.articles:
        chosen = [article for article in result.articles if article.line not in leave_out]
        drafts = [
            _draft(
                title=article.title,
                paragraphs=article.paragraphs,
                source=source,
                line=article.line,
                standfirst=article.standfirst,
                author=article.author,
                published=article.published,
                outlet_name=outlet,
                paragraph_lines=[
                    n for p, n in zip(article.paragraphs, article.lines, strict=True) if p.text
                ],
            )
            for article in chosen
        ]
        dropped = _dropped_lines(text, result, source=source, leave_out=leave_out,
                                 left_out_reason=left_out_reason)  # fmt: skip
        return Parsed(drafts, "text", dropped, estimated=len(drafts))
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip():
            paragraphs = split_paragraphs("\n".join(lines[index + 1 :]))
            if not paragraphs:
                raise IngestError(
                    "no article text after the title line", source=source, line=index + 1
                )
            kinds = [SpanKind.HEADING if is_title_like(p) else SpanKind.BODY for p in paragraphs]
            return Parsed(
                [
                    _draft(
                        title=line,
                        paragraphs=[
                            Paragraph(p, k) for p, k in zip(paragraphs, kinds, strict=True)
                        ],
                        source=source,
                        line=index + 1,
                        outlet_name=outlet,
                    )
                ],
                "text",
                estimated=1,
            )
    raise IngestError("the input is empty", source=source)


def _dropped_lines(
    text: str, result: PageResult, *, source: str, leave_out: frozenset[int], left_out_reason: str
) -> list[DroppedLine]:
    """Every line the page lost, each placed in the article it sits among (see DroppedLine)."""
    articles = sorted(result.articles, key=lambda article: article.line)
    starts = [article.line for article in articles]
    index_of: dict[int, int] = {}  # title line -> index among the drafts
    for article in result.articles:
        if article.line not in leave_out:
            index_of[article.line] = len(index_of)
    last_line = max(articles[-1].lines, default=articles[-1].line)
    lines = {line.number: (line.text, line.reason or "not article text") for line in result.dropped}
    left_out = [article for article in articles if article.line in leave_out]
    if left_out:
        raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for article in left_out:
            for number in range(article.line, max(article.lines, default=article.line) + 1):
                cleaned = normalise_text(raw[number - 1]) if number <= len(raw) else ""
                if cleaned and number not in lines:
                    lines[number] = (cleaned, left_out_reason)

    def owner(number: int) -> int | None:
        at = bisect_right(starts, number) - 1
        if at < 0 or (at == len(articles) - 1 and number > last_line):
            return None
        return index_of.get(articles[at].line)

    return [
        DroppedLine(source, number, line_text, reason, owner(number))
        for number, (line_text, reason) in sorted(lines.items())
    ]


def parse_html(html: str, *, source: str, url: str = "") -> list[ArticleDraft]:
    """The main article of an HTML page, with its metadata, as plain text (never markup)."""
    import trafilatura  # imported here: it is heavy and only HTML needs it

    document: Any = trafilatura.bare_extraction(
        html,
        url=url or None,
        favor_precision=True,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        output_format="python",
    )
    if document is None or not (document.text or "").strip():
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
        _draft(
            title=title,
            paragraphs=paragraphs,
            source=source,
            line=None,
            author=(document.author or "")[:500],
            url=_web_url(document.url or url),
            published=_parse_published(document.date or "", source=source, line=None)
            if document.date
            else None,
            outlet_name=document.sitename or "",
        )
    ]


_TABLE_RULE = re.compile(r"^\|?[\s:|-]*-[\s:|-]*\|?$")


def _strip_markdown(text: str) -> str:
    """Undo the inline markers trafilatura's formatting adds; keep the words themselves."""
    text = re.sub(r"^[-*]\s+", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.replace("`", "")


def _web_url(url: str) -> str:
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _parse_published(value: str, *, source: str, line: int | None) -> datetime:
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


def _record_draft(record: dict[str, Any], *, source: str, line: int) -> ArticleDraft:
    """One JSONL object or CSV row as a draft, every field checked."""
    values: dict[str, str] = {}
    for name in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS):
        value = record.get(name)
        if value is None or value == "":
            if name in REQUIRED_FIELDS:
                raise IngestError("missing", source=source, line=line, field=name)
            continue
        if not isinstance(value, str):
            raise IngestError(
                f"expected a string, got {type(value).__name__}", source=source, line=line,
                field=name,
            )  # fmt: skip
        if "\x00" in value:
            raise IngestError("contains a NUL character", source=source, line=line, field=name)
        if _SURROGATE.search(value):
            raise IngestError(
                "contains an unpaired surrogate escape (such as \\ud800): not valid Unicode text",
                source=source, line=line, field=name,
            )  # fmt: skip
        values[name] = value
    try:
        language = language_tag(values["language"]) if "language" in values else ""
    except ValueError as error:
        raise IngestError(str(error), source=source, line=line, field="language") from None
    url = values.get("url", "").strip()
    if url and not _web_url(url):
        raise IngestError(
            f"expected an http(s) URL, got {url[:60]!r}", source=source, line=line, field="url"
        )
    paragraphs = [Paragraph(p) for p in split_paragraphs(values["text"])]
    if not paragraphs:
        raise IngestError("empty", source=source, line=line, field="text")
    standfirst = normalise_text(values.get("standfirst", ""))
    if standfirst:
        paragraphs.insert(0, Paragraph(standfirst, SpanKind.STANDFIRST))
    published = values.get("published")
    return _draft(
        title=values["title"],
        paragraphs=paragraphs,
        source=source,
        line=line,
        standfirst=standfirst,
        author=values.get("author", "").strip()[:500],
        url=url,
        published=_parse_published(published, source=source, line=line) if published else None,
        outlet_name=values.get("outlet", "").strip(),
        language=language,
    )


def _lines(text: str, *, keepends: bool = False) -> Iterator[str]:
    """The lines of ``text`` one at a time, without first copying them all into a list."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end + 1
        yield text[start:end] if keepends else text[start:end].rstrip("\r\n")
        start = end


def parse_jsonl(text: str, *, source: str) -> Iterator[ArticleDraft]:
    """One JSON object per line with at least ``title`` and ``text``; blank lines are skipped."""
    for number, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise IngestError(
                f"not valid JSON ({error.msg} at column {error.colno})", source=source, line=number
            ) from None
        except RecursionError:
            raise IngestError(
                "not valid JSON (nested too deeply)", source=source, line=number
            ) from None
        if not isinstance(record, dict):
            raise IngestError(
                f"expected a JSON object, got {type(record).__name__}", source=source, line=number
            )
        _refuse_export(record, source=source, line=number)
        yield _record_draft(record, source=source, line=number)


def _refuse_export(
    record: dict[str, Any], *, source: str, line: int | None, index: int | None = None
) -> None:
    """Refuse a record of an annotation export, saying what to do with the file instead."""
    if {"sentence_id", "gap_before"} <= record.keys():
        # Our own export of labels: its records are sentences, not articles.
        if index is None:
            message = (
                "this is an export of labels, not articles: restore it with "
                "`python manage.py import_articles FILE`"
            )
        else:
            message = (
                "this is an export of labels saved as a JSON array, not articles: only the "
                "JSONL export can be restored; export the labels as JSONL (`python manage.py "
                "export_labels --format jsonl`) and restore that file with `python manage.py "
                "import_articles FILE.jsonl`"
            )
        raise IngestError(message, source=source, line=line, record=index)
    if isinstance(record.get("data"), dict) and (
        {"annotations", "predictions"} & record.keys() or not record.keys() & {"title", "text"}
    ):
        raise IngestError(
            'this is a Label Studio export (tasks with "data" and "annotations" or '
            '"predictions"), not articles: Label Studio exports cannot be imported as articles '
            "yet (importing their predictions is planned); import the source texts as JSONL "
            "or CSV records with title and text",
            source=source,
            line=line,
            record=index,
        )


_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number",
               float: "a number", bool: "true or false", type(None): "null"}  # fmt: skip
_JSON_SPACE = re.compile(r"\s*")


def parse_json(text: str, *, source: str) -> Iterator[ArticleDraft]:
    """A JSON array of article records, each read as a JSONL line is; errors name the record
    by its index in the array (``record [2]``) and the line it starts on.

    Exports of labels (ours, Label Studio's) and JSON that is not an array of objects are
    refused with what to do instead.
    """
    decoder = json.JSONDecoder()
    position = _JSON_SPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("[", position):
        _refuse_json_value(text, source=source)
    position += 1
    line, counted = 1, 0
    for index in itertools.count():
        position = _JSON_SPACE.match(text, position).end()  # type: ignore[union-attr]
        if index == 0 and text.startswith("]", position):
            break
        line += text.count("\n", counted, position)
        counted = position
        try:
            record, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise IngestError(
                f"not valid JSON ({error.msg} at column {error.colno})",
                source=source, line=error.lineno, record=index,
            ) from None  # fmt: skip
        except RecursionError:
            raise IngestError(
                "not valid JSON (nested too deeply)", source=source, line=line, record=index
            ) from None
        yield _array_record(record, source=source, line=line, index=index)
        position = _JSON_SPACE.match(text, position).end()  # type: ignore[union-attr]
        if text.startswith(",", position):
            position += 1
            continue
        if text.startswith("]", position):
            break
        raise IngestError(
            "not valid JSON (expected ',' or ']' after the record)",
            source=source, line=line + text.count("\n", counted, position), record=index,
        )  # fmt: skip
    rest = text[position + 1 :]
    if rest.strip():
        extra = position + 1 + _JSON_SPACE.match(rest).end()  # type: ignore[union-attr]
        raise IngestError(
            "not valid JSON (more data after the array ends)",
            source=source, line=text.count("\n", 0, extra) + 1,
        )  # fmt: skip


def _array_record(record: Any, *, source: str, line: int, index: int) -> ArticleDraft:
    if not isinstance(record, dict):
        raise IngestError(
            "expected an article record (a JSON object with title and text), got "
            f"{_JSON_TYPES.get(type(record), type(record).__name__)}",
            source=source, line=line, record=index,
        )  # fmt: skip
    _refuse_export(record, source=source, line=line, index=index)
    if not record.keys() & {"title", "text"}:
        raise IngestError(
            f"not an article record: no title or text (its fields: {', '.join(list(record)[:8])}); "
            "expected objects with title and text, as in a JSONL import",
            source=source, line=line, record=index,
        )  # fmt: skip
    try:
        return _record_draft(record, source=source, line=line)
    except IngestError as error:
        raise IngestError(
            error.message, source=source, line=error.line, field=error.field, record=index
        ) from None


def _refuse_json_value(text: str, *, source: str) -> None:
    """JSON that is not an array: say what it is, and what was expected."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise IngestError(
            f"not valid JSON ({error.msg} at column {error.colno})",
            source=source, line=error.lineno,
        ) from None  # fmt: skip
    except RecursionError:
        raise IngestError("not valid JSON (nested too deeply)", source=source) from None
    if isinstance(value, dict):
        _refuse_export(value, source=source, line=1)
    what = _JSON_TYPES.get(type(value), type(value).__name__)
    fields = f" (fields: {', '.join(list(value)[:8])})" if isinstance(value, dict) else ""
    raise IngestError(
        f"expected a JSON array of article records (objects with title and text), got "
        f"{what}{fields}; for one record per line, use JSONL",
        source=source,
    )


def parse_csv(text: str, *, source: str) -> Iterator[ArticleDraft]:
    """A CSV file with a header row naming at least ``title`` and ``text``, each once.

    Read strictly: a quoted field may hold line breaks (paragraphs), but one whose closing
    quote never comes would swallow every record after it into one cell, so reaching the end
    of the file inside quotes is an error naming the line where that field's quote opened.
    So is text right after a closing quote (``"a"b``), where a stray quote usually closes an
    unbalanced one from an earlier line.
    """
    csv.field_size_limit(50 * 1024 * 1024)
    pending: list[str] = []  # the lines of the record being read, for locating a stray quote

    def tracked() -> Iterator[str]:
        for line in _lines(text, keepends=True):
            pending.append(line)
            yield line

    reader = csv.DictReader(tracked(), strict=True)
    first_line = 1
    try:
        columns = [c.strip() for c in reader.fieldnames or []]
        reader.fieldnames = columns
        for name in columns:
            if name and columns.count(name) > 1:  # unnamed columns (trailing commas) are unread
                raise IngestError(
                    f"column {name!r} appears {columns.count(name)} times in the header row: "
                    "each column needs its own name",
                    source=source,
                    line=1,
                )
        for name in REQUIRED_FIELDS:
            if name not in columns:
                raise IngestError(
                    f"missing column {name!r} in the header row (found: {', '.join(columns)})",
                    source=source,
                    line=1,
                )
        first_line, pending[:] = reader.line_num + 1, []
        for row in reader:
            if None in row:
                raise IngestError(
                    f"{len(columns) + len(row[None])} cells where the header has {len(columns)}",  # type: ignore[index]
                    source=source,
                    line=reader.line_num,
                )
            yield _record_draft(row, source=source, line=reader.line_num)
            first_line, pending[:] = reader.line_num + 1, []
    except csv.Error as error:
        opened = _open_quote_line(pending, first_line)
        if str(error) == "unexpected end of data" and opened is not None:
            raise IngestError(
                f"a quoted field opened on line {opened} never closes: the rest of the file "
                'would run into it (close the quote, or double a literal quote as "")',
                source=source,
                line=opened,
            ) from None
        line = reader.reader.line_num  # DictReader's own count stops at the last good row
        hint = (
            f"; the record began on line {first_line}: is a quote there left open?"
            if line > first_line
            else ""
        )
        raise IngestError(f"not valid CSV ({error}){hint}", source=source, line=line) from None


def _open_quote_line(lines: list[str], first: int) -> int | None:
    """The line (numbered from ``first``) where the quoted field still open at the end of
    ``lines`` began, reading them as CSV does; None if no field is open."""
    opened: int | None = None
    at_field_start = True
    for number, line in enumerate(lines, start=first):
        index = 0
        while index < len(line):
            char = line[index]
            if opened is not None:
                if char == '"':
                    if line.startswith('"', index + 1):
                        index += 1  # a doubled quote: a literal one
                    else:
                        opened = None
            elif char == '"' and at_field_start:
                opened = number
                at_field_start = False
            else:
                at_field_start = char in ",\r\n"
            index += 1
    return opened
