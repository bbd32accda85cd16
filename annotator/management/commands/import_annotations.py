"""``manage.py import_annotations FILE... --campaign NAME``: labels made in Label Studio,
doccano or another instance of this tool, as submitted reviews or as a model's predictions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from annotator.bring.annotation_files import FORMATS, annotation_documents
from annotator.bring.annotations import LABEL_STUDIO_MODEL, annotations_import
from annotator.bring.outcome import Brought
from annotator.management.commands.import_predictions import campaign_named, label_names, report
from articles.ingest.errors import IngestError
from articles.ingest.sources import read_file


class Command(BaseCommand):
    help = (
        "Import annotations into a campaign: Label Studio JSON (its own export or ours), "
        "doccano JSONL (text and label spans) or our own JSONL export. Texts not stored yet "
        "become articles (split into our sentences); each span lands on the sentences it "
        "mostly covers. Labels are stored as submitted reviews of the annotators named "
        "(accounts found by name, or made inactive without a password), or with --as "
        "predictions as a model's predictions; a Label Studio file's own predictions are "
        "stored as predictions. All files are one import: bad input stores nothing; spans "
        "that land on no sentence are listed and skipped."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--campaign", required=True, help="The campaign's name (or id).")
        parser.add_argument("--format", choices=["auto", *FORMATS], default="auto")
        parser.add_argument(
            "--as", dest="store_as", choices=["reviews", "predictions"], default="reviews",
            help="Store the labels as submitted reviews (default) or as a model's predictions.",
        )  # fmt: skip
        parser.add_argument("--model-name", default="", help="With --as predictions.")
        parser.add_argument("--model-version", default="", help="With --as predictions.")
        parser.add_argument(
            "--predictions-model",
            default=LABEL_STUDIO_MODEL,
            help="The model name a Label Studio file's own predictions are stored under "
            f"(default: {LABEL_STUDIO_MODEL}; their model_version is kept).",
        )
        parser.add_argument(
            "--reviewer", default="", help="The annotator of a file that names none (doccano)."
        )
        parser.add_argument("--outlet", default="", help="Outlet of the articles made.")
        parser.add_argument(
            "--map", action="append", default=[], metavar="THEIRS=OURS",
            help='Read a label name of yours as one of ours, e.g. --map "Source=sourced" '
            "(repeatable). Names are matched case-insensitively anyway.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = campaign_named(options["campaign"])
        as_predictions = options["store_as"] == "predictions"
        if as_predictions and not options["model_name"].strip():
            raise CommandError("--as predictions needs --model-name NAME.")
        if not as_predictions and (options["model_name"] or options["model_version"]):
            raise CommandError("--model-name and --model-version go with --as predictions.")
        fmt = None if options["format"] == "auto" else options["format"]
        show = options["verbosity"] > 0
        results: list[Brought] = []
        try:
            with transaction.atomic():
                for path in tqdm(options["files"], desc="Importing", unit="file", disable=not show):
                    text = read_file(Path(path)).text
                    _, documents = annotation_documents(
                        text, source=path, labels=label_names(options["map"]), fmt=fmt
                    )
                    results.append(
                        annotations_import(
                            campaign=campaign, documents=documents, source=path,
                            as_predictions=as_predictions,
                            model_name=options["model_name"].strip()[:100],
                            model_version=options["model_version"].strip()[:100],
                            reviewer=options["reviewer"], outlet=options["outlet"],
                            predictions_model=options["predictions_model"].strip()[:100],
                        )
                    )  # fmt: skip
        except IngestError as error:
            raise CommandError(f"{error}\nNothing was imported.") from error
        for result in results:
            self.stdout.write(self.style.SUCCESS(summary(result, campaign.name)))
        made = sum(r.reviewers_made for r in results)
        if made:
            self.stdout.write(
                f"{made} reviewer account{'s were' if made != 1 else ' was'} made, inactive "
                "and without a password: activate it and set one in the admin before its "
                "owner can log in."
            )
        report(self, results)


def summary(result: Brought, campaign: str) -> str:
    """One sentence of what an annotations import stored."""
    parts = [
        f"{result.articles_imported} articles imported, {result.articles_found} already stored",
        f"{result.placed} spans placed ({result.exact} exactly on a sentence)",
    ]
    if result.reviews:
        parts.append(f"{result.reviews} submitted reviews with {result.labels} labels")
    predictions = result.predictions_created + result.predictions_updated
    if predictions:
        parts.append(f"{predictions} predictions")
    if result.gold_skipped:
        parts.append(
            f"{result.gold_skipped} gold labels skipped (gold follows from the reviews; to keep "
            "adjudicated gold, restore our JSONL export with import_articles)"
        )
    return f"{result.source} into campaign {campaign!r}: {'; '.join(parts)}."
