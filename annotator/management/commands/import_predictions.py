"""``manage.py import_predictions FILE... --campaign NAME``: a model's predictions from JSON
lines or CSV, all files as one atomic import; rows that land on no sentence are listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from annotator.bring.label_names import LabelNames
from annotator.bring.outcome import Brought
from annotator.bring.prediction_files import MODEL_FIELD_CHARS, prediction_lines
from annotator.bring.services import predictions_import
from annotator.models import Campaign
from articles.ingest.errors import IngestError
from articles.ingest.sources import read_file


def campaign_named(value: str) -> Campaign:
    """The campaign with this name (or id); CommandError naming the campaigns otherwise."""
    found = Campaign.objects.filter(name=value).first()
    if found is None and value.isdigit():
        found = Campaign.objects.filter(pk=int(value)).first()
    if found is None:
        names = ", ".join(repr(n) for n in Campaign.objects.values_list("name", flat=True)[:20])
        raise CommandError(f"--campaign {value!r}: no such campaign (there are: {names or 'none'})")
    return found


def label_names(pairs: list[str]) -> LabelNames:
    try:
        return LabelNames.with_map(pairs)
    except ValueError as error:
        raise CommandError(str(error)) from None


def report(command: BaseCommand, results: list[Brought]) -> None:
    """Every row or span that was not placed, file:line: why (each was skipped)."""
    unplaced = [line for result in results for line in result.unplaced_lines()]
    if not unplaced:
        return
    command.stdout.write(
        command.style.WARNING(
            f"{len(unplaced)} row{'s' if len(unplaced) != 1 else ''} could not be placed on a "
            "sentence of the campaign and were skipped (the rest were stored):"
        )
    )
    for line in unplaced:
        command.stdout.write(f"  {line}")


class Command(BaseCommand):
    help = (
        "Import a model's predictions into a campaign from JSON lines or CSV files. Each row "
        "names its sentence by sentence_id, or by its article (article_id, article_url, or "
        "title with outlet) plus start and end (characters of the article's text) or the "
        "sentence's text, and gives label and score (0 to 1); model_name and model_version "
        "are optional. All files are one import: a malformed row stores nothing; rows that "
        "land on no sentence of the campaign are listed and skipped."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--campaign", required=True, help="The campaign's name (or id).")
        parser.add_argument(
            "--model-name",
            default="imported",
            help="The model's name for rows that give none (default: imported). A sentence "
            "holds one prediction per model name: importing again replaces it.",
        )
        parser.add_argument("--model-version", default="", help="For rows that give none.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="THEIRS=OURS",
            help='Read a label name of yours as one of ours, e.g. --map "Claim=unsourced" '
            "(repeatable). Names are matched case-insensitively anyway.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_named(options["campaign"])
        model_name, version = options["model_name"].strip(), options["model_version"].strip()
        if not model_name or len(model_name) > MODEL_FIELD_CHARS:
            raise CommandError(f"--model-name: 1 to {MODEL_FIELD_CHARS} characters")
        if len(version) > MODEL_FIELD_CHARS:
            raise CommandError(f"--model-version: at most {MODEL_FIELD_CHARS} characters")
        show = options["verbosity"] > 0
        results: list[Brought] = []
        try:
            with transaction.atomic():
                for path in tqdm(options["files"], desc="Importing", unit="file", disable=not show):
                    text = read_file(Path(path)).text
                    lines = prediction_lines(text, source=path, labels=label_names(options["map"]))
                    results.append(
                        predictions_import(
                            campaign=campaign, lines=lines, source=path,
                            model_name=model_name, model_version=version,
                        )
                    )  # fmt: skip
        except IngestError as error:
            raise CommandError(f"{error}\nNothing was imported.") from error
        created = sum(r.predictions_created for r in results)
        updated = sum(r.predictions_updated for r in results)
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored {created + updated} predictions for campaign {campaign.name!r} "
                f"({created} new, {updated} replacing the same model's earlier ones)."
            )
        )
        report(self, results)
