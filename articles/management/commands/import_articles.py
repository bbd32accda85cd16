"""``manage.py import_articles FILE...``: import plain-text articles as one atomic batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from articles.ingest.errors import IngestError
from articles.ingest.pipeline import ArticleDraft, parse_plain_text
from articles.ingest.sources import read_file
from articles.models import ImportBatch
from articles.services import batch_import, batch_record_failure


class Command(BaseCommand):
    help = (
        "Import articles from plain-text files (first non-empty line the title, the rest the "
        "body). All files form one batch: one bad file stores nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--outlet", default="", help="Outlet name for every article.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show the articles found and their sentence counts; store nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        files: list[Path] = options["files"]
        source_name = ", ".join(str(path) for path in files)
        progress = options["verbosity"] > 0
        drafts: list[ArticleDraft] = []
        try:
            for path in tqdm(files, desc="Reading", unit="file", disable=not progress):
                drafts.extend(parse_plain_text(read_file(path), source=str(path)))
        except IngestError as error:
            if not options["dry_run"]:
                batch_record_failure(
                    source_name=source_name,
                    source_format=ImportBatch.Format.TEXT,
                    errors=[str(error)],
                )
            raise CommandError(f"{error}\nNothing was imported.") from error

        if options["dry_run"]:
            for draft in drafts:
                self.stdout.write(f"{draft.source}: {draft.title!r}: {len(draft.spans)} sentences")
            self.stdout.write(f"Dry run: {len(drafts)} articles found, nothing stored.")
            return

        with tqdm(total=len(drafts), desc="Storing", unit="article", disable=not progress) as bar:
            batch = batch_import(
                drafts=drafts,
                source_name=source_name,
                source_format=ImportBatch.Format.TEXT,
                outlet_name=options["outlet"],
                on_article=lambda _draft: bar.update(),
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.article_count} articles, {batch.sentence_count} sentences "
                f"({batch.duplicate_count} duplicates skipped) as batch {batch.pk}."
            )
        )
