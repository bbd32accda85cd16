"""``manage.py export_labels --format jsonl -o FILE``: every reviewed sentence with its labels."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from annotator import exports


class Command(BaseCommand):
    help = "Export one record per sentence of every reviewed article, with each reviewer's label."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")
        parser.add_argument(
            "-o", "--output", required=True, help="File to write, or - for standard output."
        )
        parser.add_argument(
            "--include-in-progress",
            action="store_true",
            help="Also export labels of reviews not yet submitted.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        include = options["include_in_progress"]
        to_stdout = options["output"] == "-"
        total = exports.export_articles(include_in_progress=include).count()
        records = exports.label_records(include_in_progress=include)
        show = options["verbosity"] > 0 and not to_stdout
        with tqdm(total=total, desc="Exporting", unit="article", disable=not show) as bar:
            last = None

            def tracked() -> Any:
                nonlocal last
                for record in records:
                    if record["article_id"] != last:
                        last = record["article_id"]
                        bar.update()
                    yield record

            if to_stdout:
                count = exports.write_jsonl(tracked(), sys.stdout)
            else:
                path = Path(options["output"])
                try:
                    with path.open("w", encoding="utf-8") as out:
                        count = exports.write_jsonl(tracked(), out)
                except OSError as error:
                    raise CommandError(f"{path}: cannot write: {error.strerror}") from error
        if not to_stdout:
            self.stdout.write(
                self.style.SUCCESS(f"Wrote {count} sentences of {total} articles to {path}.")
            )
