"""``manage.py export_labels --format jsonl|csv|labelstudio|bundle -o FILE``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from annotator.datasets import exports, selectors
from annotator.datasets.bundle import bundle_warnings
from annotator.datasets.formats import FORMATS, export_format
from annotator.datasets.labelstudio import LABEL_CONFIG
from annotator.datasets.options import ExportOptions
from annotator.ids import parse_id
from annotator.models import Campaign


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date: expected YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Export one record per sentence of every reviewed article: gold labels and each "
        "reviewer's label, source and note (under a stable pseudonym unless --real-names)."
    )
    # A data command, like dumpdata: it needs the models, not the URLs and views the system
    # checks would import first.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="jsonl")
        parser.add_argument(
            "-o", "--output", required=True, help="File to write, or - for standard output."
        )
        parser.add_argument(
            "--campaign", action="append", default=[], help="Campaign name or id (repeatable)."
        )
        parser.add_argument("--outlet", action="append", type=int, default=[], help="Outlet id.")
        parser.add_argument("--published-from", type=_day, help="YYYY-MM-DD")
        parser.add_argument("--published-to", type=_day, help="YYYY-MM-DD")
        parser.add_argument(
            "--labels",
            choices=["both", "gold", "reviewers"],
            default="both",
            help="Gold labels, reviewers' labels, or both (default).",
        )
        parser.add_argument(
            "--no-claims",
            choices=["include", "exclude"],
            default="include",
            help="Keep or drop sentences that are not claims (by gold, else by every label).",
        )
        parser.add_argument(
            "--include-in-progress",
            action="store_true",
            help="Also export labels of reviews not yet submitted.",
        )
        parser.add_argument(
            "--real-names", action="store_true", help="Usernames instead of pseudonyms."
        )
        parser.add_argument("--seed", type=int, default=13, help="Bundle: train/dev/test split.")
        parser.add_argument(
            "--gzip",
            action="store_true",
            help="Compress the file with gzip (implied by an output name ending in .gz); a "
            "bundle is a compressed zip already.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        export = ExportOptions(
            campaign_ids=tuple(self._campaign(name) for name in options["campaign"]),
            outlet_ids=tuple(options["outlet"]),
            published_from=options["published_from"],
            published_to=options["published_to"],
            labels=options["labels"],
            include_no_claim=options["no_claims"] == "include",
            include_in_progress=options["include_in_progress"],
            real_names=options["real_names"],
        )
        to_stdout = options["output"] == "-"
        kind = options["format"]
        if to_stdout and not export_format(kind).streamed:
            raise CommandError(f"A {kind} is a zip file: give a file name with -o.")
        total = selectors.export_size(export)
        show = options["verbosity"] > 0 and not to_stdout
        with tqdm(total=total, desc="Exporting", unit="article", disable=not show) as bar:
            rows = exports.per_article(selectors.export_rows(export), bar.update)
            if to_stdout:
                exports.write(kind, export, rows, sys.stdout, seed=options["seed"])
                return
            path = Path(options["output"])
            try:
                gzip = options["gzip"] or path.suffix == ".gz"
                if gzip and not export_format(kind).streamed:
                    raise CommandError(f"A {kind} is a compressed zip already: leave out --gzip.")
                count = exports.write_file(
                    kind, export, rows, path, seed=options["seed"], gzip=gzip
                )
                config = None
                if kind == "labelstudio":
                    # The project's labeling config, which Label Studio needs before the import.
                    config = path.with_name(f"{path.stem}.label_config.xml")
                    config.write_text(LABEL_CONFIG, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    f"{error.filename or path}: cannot write: {error.strerror}"
                ) from error
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {count} sentence records of {total} articles to {path}.")
        )
        if kind == "bundle":
            for warning in bundle_warnings(path):
                self.stdout.write(self.style.WARNING(warning))
        if config is not None:
            self.stdout.write(
                f"Label Studio labeling config (create the project with it): {config}"
            )

    def _campaign(self, value: str) -> int:
        found = Campaign.objects.filter(name=value).values_list("pk", flat=True).first()
        pk = parse_id(value)
        if found is None and pk is not None:
            found = Campaign.objects.filter(pk=pk).values_list("pk", flat=True).first()
        if found is None:
            names = ", ".join(Campaign.objects.values_list("name", flat=True)[:20]) or "none"
            raise CommandError(f"No campaign {value!r}. Campaigns: {names}.")
        return found
