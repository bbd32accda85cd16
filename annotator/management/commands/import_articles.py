"""``manage.py import_articles SOURCE...``: import files and URLs as one atomic batch."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from tqdm import tqdm

from annotator.datasets.restore import export_restore, is_export
from articles.bulk import copy_available
from articles.ingest.charset import encoding_name
from articles.ingest.drafts import ArticleDraft, DroppedLine, Parsed
from articles.ingest.errors import IngestError
from articles.ingest.pipeline import (
    FORMATS,
    batch_format,
    segment_stream,
    to_segment,
    workers_warm,
)
from articles.ingest.sources import is_url, load_source
from articles.selectors import batch_outlet_counts
from articles.services import batch_import, batch_record_failure

if TYPE_CHECKING:
    from annotator.datasets.restore_store import RestoreResult


class Command(BaseCommand):
    help = (
        "Import articles from files or http(s) URLs: scraped text pages (every article on the "
        "page, without the site's furniture), HTML pages, JSONL, JSON arrays or CSV (fields title "
        "and text; outlet, url, author, published and standfirst optional); the text encoding "
        "is detected, or refused when unsure. All sources form one batch: "
        "one bad record stores nothing. Our own JSONL export of labels is restored instead: "
        "articles, sentences (with their ids), reviews, labels and gold labels."
    )
    # A data command, like loaddata: it needs the models, not the URLs and views the system
    # checks would import first (a third of a small import's time).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("sources", nargs="+", metavar="SOURCE", help="File path or URL.")
        parser.add_argument(
            "--format", choices=["auto", *FORMATS], default="auto",
            help="Input format (default: detected from the name and content).",
        )  # fmt: skip
        parser.add_argument("--outlet", default="", help="Outlet name for every article.")
        parser.add_argument(
            "--encoding",
            default="",
            help="Text encoding of every file and URL, such as cp1251 or shift_jis (default: "
            "UTF-8, UTF-16 with a BOM, or detected when the detector is sure).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show the articles found, their sentence counts and the lines dropped as "
            "boilerplate; store nothing.",
        )
        parser.add_argument(
            "--show-dropped",
            action="store_true",
            help="List every line dropped as boilerplate, with its line number and why.",
        )
        parser.add_argument(
            "--keep-line",
            action="append",
            default=[],
            metavar="SOURCE:LINE",
            help="Import this dropped line of a text page after all, in the article it sits "
            "in (repeatable; LINE alone when there is one source).",
        )
        parser.add_argument(
            "--leave-out",
            action="append",
            default=[],
            metavar="SOURCE:LINE",
            help="Do not import the text-page article whose title is on this line "
            "(repeatable; LINE alone when there is one source).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sources: list[str] = options["sources"]
        fmt = None if options["format"] == "auto" else options["format"]
        show = options["verbosity"] > 0
        source_name = ", ".join(sources)
        try:
            encoding = encoding_name(options["encoding"]) if options["encoding"] else None
        except ValueError as error:
            raise CommandError(f"--encoding: {error}.") from None
        if fmt in (None, "jsonl"):
            exports = [s for s in sources if not is_url(s) and is_export(s)]
            if exports and len(exports) < len(sources):
                raise CommandError(
                    f"{exports[0]} is an export of labels and "
                    f"{next(s for s in sources if s not in exports)} is not: import them "
                    "separately.\nNothing was imported."
                )
            if exports:
                if options["outlet"]:
                    raise CommandError("--outlet does not apply to restoring an export.")
                if encoding:
                    raise CommandError("--encoding does not apply to restoring an export (UTF-8).")
                if options["keep_line"] or options["leave_out"]:
                    raise CommandError(
                        "--keep-line and --leave-out do not apply to restoring an export."
                    )
                self._restore(sources, dry_run=options["dry_run"], show=show)
                return
        keep = _source_lines(options["keep_line"], sources, option="--keep-line")
        leave_out = _source_lines(options["leave_out"], sources, option="--leave-out")
        parsed: list[Parsed] = []
        formats: set[str] = set()
        workers_warm(size=sum(_file_size(s) for s in sources))
        try:
            for source in tqdm(sources, desc="Reading", unit="source", disable=not show):
                parsed.append(
                    load_source(
                        source, fmt=fmt, encoding=encoding, segment=False,
                        keep=frozenset(keep.get(source, ())),
                        leave_out=frozenset(leave_out.get(source, ())),
                        left_out_reason=LEFT_OUT,
                    )
                )  # fmt: skip
                formats.add("url" if is_url(source) else parsed[-1].format)
                _check_choices(source, parsed[-1], keep=keep, leave_out=leave_out)
            dropped = [line for p in parsed for line in p.dropped]
            # A dry run stores nothing: its drafts keep their spans to show.
            rows = copy_available() and not options["dry_run"]
            drafts = segment_stream(to_segment(parsed), rows=rows)
            total = sum(p.estimated for p in parsed)
            with tqdm(total=total, desc="Importing", unit="article", disable=not show) as bar:
                if options["dry_run"]:
                    found = [draft for draft in drafts if bar.update() or True]
                    if not found:
                        raise IngestError("no article found in the input", source=source_name)
                    self._preview(found, outlet=options["outlet"])
                    self._dropped(sources, dropped, listed=True)
                    self.stdout.write(f"Dry run: {len(found)} articles found, nothing stored.")
                    self._no_outlet_warning(found, outlet=options["outlet"])
                    return
                batch = batch_import(
                    drafts=drafts,
                    source_name=source_name,
                    source_format=_format_name(formats, fmt),
                    outlet_name=options["outlet"],
                    encodings={
                        s: p.encoding for s, p in zip(sources, parsed, strict=True) if p.encoding
                    },
                    dropped=dropped,
                    on_progress=lambda done: bar.update(done - bar.n),
                )
        except IngestError as error:
            if not options["dry_run"]:
                batch_record_failure(
                    source_name=source_name,
                    source_format=_format_name(formats, fmt),
                    error=str(error),
                )
            raise CommandError(f"{error}\nNothing was imported.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.article_count} articles, {batch.sentence_count} sentences "
                f"({batch.duplicate_count} duplicates skipped) as batch {batch.pk}."
                + _split_note(batch.split_sentences)
            )
        )
        self._dropped(sources, dropped, listed=options["show_dropped"])
        no_outlet = batch_outlet_counts(batch=batch).no_outlet
        if no_outlet:
            self.stdout.write(
                self.style.WARNING(
                    f"{_articles_have(no_outlet)} no outlet: set it on the batch page, "
                    f"{reverse('import-detail', args=[batch.pk])}"
                )
            )

    def _restore(self, sources: list[str], *, dry_run: bool, show: bool) -> None:
        """Restore exports (all or nothing), with a progress bar per file."""
        results: list[RestoreResult] = []
        try:
            with transaction.atomic():
                for source in sources:
                    with tqdm(desc=f"Restoring {source}", unit="article", disable=not show) as bar:

                        def progress(done: int, total: int, bar: tqdm[Any] = bar) -> None:
                            bar.total = total
                            bar.update(done - bar.n)

                        results.append(
                            export_restore(
                                path_or_lines=source,
                                source_name=source,
                                on_progress=progress,
                                dry_run=dry_run,
                            )
                        )
        except IngestError as error:
            if not dry_run:
                batch_record_failure(
                    source_name=", ".join(sources), source_format="jsonl", error=str(error)
                )
            raise CommandError(f"{error}\nNothing was restored.") from error
        for source, result in zip(sources, results, strict=True):
            counts = (
                f"{result.articles} articles, {result.sentences} sentences, {result.reviews} "
                f"reviews, {result.labels} labels, {result.gold_labels} gold labels from {source}"
            )
            if dry_run:
                self.stdout.write(f"Dry run: would restore {counts}; nothing stored.")
            else:
                self.stdout.write(self.style.SUCCESS(f"Restored {counts}."))
            if result.existing_articles:
                self.stdout.write(
                    f"{result.existing_articles} articles were already stored with the same "
                    "text and were kept."
                )
            if result.reviewers and not dry_run:
                self.stdout.write(
                    f"{result.reviewers} reviewer accounts were made, without a password: set "
                    "one (manage.py changepassword) before they can log in."
                )

    def _dropped(self, sources: list[str], dropped: list[DroppedLine], *, listed: bool) -> None:
        """Per source, how many lines were dropped; each of them too when ``listed``."""
        for source in dict.fromkeys(sources):
            lines = [line for line in dropped if line.source == source]
            if not lines:
                continue
            count = f"{len(lines)} line{'s' if len(lines) != 1 else ''}"
            if not listed:
                self.stdout.write(
                    f"Dropped {count} as boilerplate from {source} (--show-dropped lists them)."
                )
                continue
            self.stdout.write(f"Dropped {count} as boilerplate from {source}:")
            for line in lines:
                self.stdout.write(f"  {line}")

    def _preview(self, drafts: list[ArticleDraft], *, outlet: str) -> None:
        for draft in drafts:
            where = f"{draft.source}:{draft.line}" if draft.line else draft.source
            details = [f"{draft.sentence_count} sentences"]
            if draft.author:
                details.append(f"by {draft.author}")
            if draft.published:
                details.append(draft.published.date().isoformat())
            name = (outlet or draft.outlet_name).strip()
            details.append(f"outlet {name}" if name else "no outlet")
            self.stdout.write(f"{where}: {draft.title!r}: {', '.join(details)}")

    def _no_outlet_warning(self, drafts: list[ArticleDraft], *, outlet: str) -> None:
        no_outlet = 0 if outlet.strip() else sum(1 for d in drafts if not d.outlet_name.strip())
        if no_outlet:
            self.stdout.write(
                self.style.WARNING(
                    f"{_articles_have(no_outlet)} no outlet: give --outlet NAME, or set it "
                    "later on the batch page."
                )
            )


LEFT_OUT = "left out with --leave-out"


def _source_lines(values: list[str], sources: list[str], *, option: str) -> dict[str, set[int]]:
    """``SOURCE:LINE`` values (``LINE`` alone for a single source) as lines by source."""
    chosen: dict[str, set[int]] = {}
    for value in values:
        source, _, line = value.rpartition(":")
        if not source and len(sources) == 1:
            source = sources[0]
        if source not in sources or not line.isascii() or not line.isdigit() or int(line) < 1:
            raise CommandError(
                f"{option} {value}: expected SOURCE:LINE, SOURCE being one of the sources "
                "given and LINE a line number"
            )
        chosen.setdefault(source, set()).add(int(line))
    return chosen


def _check_choices(
    source: str, parsed: Parsed, *, keep: dict[str, set[int]], leave_out: dict[str, set[int]]
) -> None:
    """Refuse a kept line no article took in, or a left-out line that is no article's title.
    A text page's drafts are all in memory already: they are listed here to be looked at."""
    if not (keep.get(source) or leave_out.get(source)):
        return
    if parsed.format != "text":
        raise CommandError(
            f"--keep-line and --leave-out apply to text pages; {source} is {parsed.format}"
        )
    drafts = parsed.drafts = list(parsed.drafts)
    taken = {number for draft in drafts for number in draft.paragraph_lines}
    for line in sorted(keep.get(source, ())):
        if line not in taken:
            raise CommandError(
                f"--keep-line {source}:{line}: not a dropped line of a text page's article "
                "(--dry-run --show-dropped lists them)"
            )
    titles = {d.line for d in parsed.dropped if d.reason == LEFT_OUT}
    for line in sorted(leave_out.get(source, ())):
        if line not in titles:
            found = ", ".join(str(d.line) for d in drafts if d.line) or "none"
            raise CommandError(
                f"--leave-out {source}:{line}: no text-page article's title is on line {line} "
                f"(titles are on lines {found})"
            )


def _articles_have(count: int) -> str:
    return "1 article has" if count == 1 else f"{count} articles have"


def _format_name(found: set[str], forced: str | None) -> str:
    if len(found) == 1:
        return next(iter(found))
    return "mixed" if found else batch_format(forced)


def _split_note(split: int) -> str:
    if not split:
        return ""
    return (
        f" {split} sentence{'s' if split != 1 else ''} longer than "
        f"{settings.SENTENCE_MAX_CHARS:,} characters {'were' if split != 1 else 'was'} split "
        "into pieces (SENTENCE_MAX_CHARS)."
    )


def _file_size(source: str) -> int:
    """The size of a local file (0 for a URL or a path that can't be read: reading it says
    what is wrong)."""
    try:
        return 0 if is_url(source) else Path(source).stat().st_size
    except OSError:
        return 0
