"""The dataset bundle: a zip of train/dev/test JSONL split by article, a data card and the
agreement figures, written in constant memory.

Records stream once: each goes to its split's temporary file while the data card's counts
add up; then the zip gets README.md (the data card), agreement.json,
label_studio_config.xml and the three splits, copied in from the temporary files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import timezone

from annotator.analysis.agreement import AgreementReport, Figure
from annotator.analysis.selectors import campaign_agreement
from annotator.datasets.jsonl import records
from annotator.datasets.labelstudio import LABEL_CONFIG
from annotator.datasets.names import pseudonyms_for
from annotator.datasets.options import ExportOptions
from annotator.datasets.selectors import Row, export_campaigns
from annotator.models import Campaign, GoldLabel
from annotator.vocabulary import VOCABULARY, LabelValue

SPLITS = ("train", "dev", "test")
# Cumulative shares of the articles: train below 0.8, dev below 0.9, test the rest.
SPLIT_BOUNDS = ((0.8, "train"), (0.9, "dev"), (1.0, "test"))
NO_OUTLET = "(no outlet)"
METHODS = tuple(GoldLabel.Method)


def split_of(article_id: int, *, seed: int) -> str:
    """The split of an article: the same for a seed whatever the campaign, so an article's
    text is never in two splits; about 80/10/10 over many articles."""
    digest = hashlib.sha256(f"{seed}:{article_id}".encode()).digest()
    share = int.from_bytes(digest[:8], "big") / 2**64
    return next(name for bound, name in SPLIT_BOUNDS if share < bound)


@dataclass(slots=True)
class _Tally:
    """What the data card counts, added up one record at a time."""

    records: int = 0
    articles: int = 0
    split_records: Counter[str] = field(default_factory=Counter)
    split_articles: Counter[str] = field(default_factory=Counter)
    gold: Counter[str | None] = field(default_factory=Counter)
    reviewers: Counter[str] = field(default_factory=Counter)
    outlet_articles: Counter[str] = field(default_factory=Counter)
    outlet_records: Counter[str] = field(default_factory=Counter)
    outlet_labels: Counter[tuple[str, str | None]] = field(default_factory=Counter)
    campaign_records: Counter[str] = field(default_factory=Counter)
    campaign_articles: Counter[str] = field(default_factory=Counter)
    methods: Counter[tuple[str, str | None]] = field(default_factory=Counter)

    def add(self, record: dict[str, Any], split: str, *, new_article: bool) -> None:
        campaign, outlet = record["campaign"], record["outlet"] or NO_OUTLET
        self.records += 1
        self.split_records[split] += 1
        self.outlet_records[outlet] += 1
        self.campaign_records[campaign] += 1
        if new_article:
            self.articles += 1
            self.split_articles[split] += 1
            self.outlet_articles[outlet] += 1
            self.campaign_articles[campaign] += 1
        if "gold_label" in record:
            self.gold[record["gold_label"]] += 1
            self.methods[campaign, record["gold_method"]] += 1
            self.outlet_labels[outlet, record["gold_label"]] += 1
        if "label_counts" in record:
            self.reviewers.update(record["label_counts"])
            if "gold_label" not in record:
                for value, n in record["label_counts"].items():
                    self.outlet_labels[outlet, value] += n


def write_bundle(
    options: ExportOptions, records: Iterable[dict[str, Any]], out: IO[bytes], *, seed: int
) -> int:
    """Write the bundle as a zip to ``out``; returns how many sentence records it holds.

    Memory stays flat: records go to temporary files as they come, and only counts are kept.
    Queries: those of the records, then 1 for the campaigns and 1 per campaign (agreement).
    """
    tally = _Tally()
    with ExitStack() as stack:
        spools = {name: stack.enter_context(tempfile.TemporaryFile("w+b")) for name in SPLITS}
        last = None
        for record in records:
            key = (record["campaign"], record["article_id"])
            split = split_of(record["article_id"], seed=seed)
            spools[split].write(json.dumps(record, ensure_ascii=False).encode() + b"\n")
            tally.add(record, split, new_article=key != last)
            last = key
        campaigns = list(export_campaigns(options))
        reports = {campaign.name: campaign_agreement(campaign=campaign) for campaign in campaigns}
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            card = data_card(options, campaigns, reports, tally, seed=seed)
            bundle.writestr("README.md", card)
            agreement = agreement_json(options, reports)
            bundle.writestr("agreement.json", json.dumps(agreement, ensure_ascii=False, indent=2))
            bundle.writestr("label_studio_config.xml", LABEL_CONFIG)
            for name, spool in spools.items():
                # zipfile must know up front whether a member needs 64-bit sizes.
                large = spool.tell() >= zipfile.ZIP64_LIMIT
                spool.seek(0)
                with bundle.open(f"{name}.jsonl", "w", force_zip64=large) as member:
                    shutil.copyfileobj(spool, member)
    return tally.records


def bundle_write(options: ExportOptions, rows: Iterable[Row], out: IO[bytes], seed: int) -> int:
    """The export format's writer (``write_bundle`` of the rows' records)."""
    return write_bundle(options, records(options, rows), out, seed=seed)


def agreement_json(
    options: ExportOptions, reports: dict[str, AgreementReport]
) -> dict[str, dict[str, Any]]:
    """Each campaign's ``AgreementReport.as_dict()`` by campaign name, reviewers named as in
    the records: by pseudonym unless the export asked for real names."""
    data = {name: report.as_dict() for name, report in reports.items()}
    if options.real_names:
        return data
    ids = {reviewer.id for report in reports.values() for reviewer in report.reviewers}
    names = pseudonyms_for(int(pk) for pk in ids)
    for report in data.values():
        for reviewer in report["reviewers"]:
            reviewer["username"] = names[reviewer["id"]]
    return data


# The data card ----------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _cell(value: object) -> str:
    """Text that stays inside one Markdown table cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _table(header: list[str], rows: Iterable[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines


def _figure(figure: Figure, *, percent: bool = False) -> list[object]:
    if figure.value is None:
        value = "undefined"
    elif percent:
        value = f"{figure.value:.1%}"
    else:
        value = f"{figure.value:.3f}"
    return [value, figure.sentences, figure.reviewers, figure.note or ""]


def _gold_rule(campaign: Campaign) -> str:
    k = campaign.reviews_per_article
    rule = (
        f"Each article is reviewed independently by k = {_count(k, 'reviewer')}. Once an "
        f"article has its {_count(k, 'submitted review')}, a sentence on which every review "
        "agrees gets that label as gold automatically (unanimous)"
    )
    if campaign.accept_majority:
        rule += (
            "; one on which more than half of the reviews agree gets the majority label (majority)"
        )
    else:
        rule += "; this campaign does not accept a mere majority"
    rule += (
        ". An admin adjudicates the rest (adjudicated); an adjudicated label stands even if "
        "reviews change later. Sentences not yet settled have no gold label."
    )
    return rule


def _quoted(markdown: str) -> list[str]:
    """The campaign's own Markdown as a block quote, so its headings nest under ours."""
    return [f"> {line}".rstrip() for line in markdown.strip().splitlines()]


def _outlet_rows(tally: _Tally) -> Iterator[list[object]]:
    for outlet in sorted(tally.outlet_records, key=lambda name: (name == NO_OUTLET, name)):
        counts = [tally.outlet_labels[outlet, value] for value in LabelValue.values]
        yield [outlet, tally.outlet_articles[outlet], tally.outlet_records[outlet], *counts]


def data_card(
    options: ExportOptions,
    campaigns: list[Campaign],
    reports: dict[str, AgreementReport],
    tally: _Tally,
    *,
    seed: int,
) -> str:
    """README.md of the bundle: what is in it, how it was labelled and how far reviewers
    agree."""
    names = [spec.name for spec in VOCABULARY]
    with_gold, with_reviewers = options.with_gold, options.with_reviewers
    lines = [
        "# Claim labels: dataset bundle",
        "",
        f"Exported {timezone.now().isoformat(timespec='seconds')}: "
        f"{_count(tally.records, 'sentence record')} from {_count(tally.articles, 'article')} "
        f"in {_count(len(campaigns), 'campaign')}. Each record is one sentence of a news "
        "article within one campaign, tagged sourced, unsourced, opinion or no claim.",
        "",
        "## Files",
        "",
        "- `train.jsonl`, `dev.jsonl`, `test.jsonl`: one JSON record per line (sentence and "
        "campaign), with the article (`article_id`, `article_url`, `outlet`, `title`, "
        "`author`, `published`, `language`), the sentence (`sentence_id`, `position`, `paragraph`, "
        "`kind`, `start`/`end` offsets in the article body, `gap_before`: the characters "
        "since the previous sentence, so `gap_before` + `text` in order rebuild the body)"
        + (", its gold label (`gold_label`, `gold_method`, `gold_decided_by`)" if with_gold else "")
        + (
            ", and each reviewer's label, source, note and review status (`labels`) with "
            "`label_counts`"
            if with_reviewers
            else ""
        )
        + ".",
        "- `agreement.json`: each campaign's agreement figures, by campaign name.",
        "- `label_studio_config.xml`: a Label Studio labeling interface for these labels.",
        "",
        "Reviewers appear under "
        + ("their usernames." if options.real_names else "stable pseudonyms, not their names."),
        "",
        "## Export options",
        "",
        *[
            f"- {key}: {json.dumps(value)}"
            for key, value in {**options.as_dict(), "seed": seed}.items()
        ],
        "",
        "## Splits",
        "",
        "Articles, not sentences, are split: the share of a hash of the seed and the article "
        "id puts about 80% of the articles in train, 10% in dev and 10% in test. The same seed "
        "always gives the same split, and an article is in one split in every campaign.",
        "",
        *_table(
            ["split", "articles", "sentence records"],
            ([name, tally.split_articles[name], tally.split_records[name]] for name in SPLITS),
        ),
        "",
        "## Labels",
        "",
        *_table(
            ["label", "value", "definition"],
            ([spec.name, f"`{spec.value.value}`", spec.description] for spec in VOCABULARY),
        ),
        "",
        "## Counts per label",
        "",
    ]
    header = ["label"]
    header += ["gold labels"] if with_gold else []
    header += ["reviewers' labels"] if with_reviewers else []
    rows: list[list[object]] = []
    for spec in VOCABULARY:
        row: list[object] = [spec.name]
        row += [tally.gold[spec.value.value]] if with_gold else []
        row += [tally.reviewers[spec.value.value]] if with_reviewers else []
        rows.append(row)
    if with_gold:
        rows.append(["not settled yet", tally.gold[None], *([""] if with_reviewers else [])])
    lines += [*_table(header, rows), ""]
    lines += [
        "## Counts per outlet",
        "",
        (
            "Label columns count gold labels."
            if with_gold
            else "Label columns count reviewers' labels."
        ),
        "",
        *_table(["outlet", "articles", "sentence records", *names], _outlet_rows(tally)),
        "",
        "## Campaigns",
        "",
        "Agreement is over every submitted review of the campaign (the export's filters do "
        "not apply), with no claim as a category like the others. Krippendorff's alpha "
        "(nominal) uses every sentence reviewed at least twice; Fleiss' kappa the sentences "
        "with the most common number of reviews; percentage agreement is the mean share of "
        "agreeing reviewer pairs per sentence.",
        "",
    ]
    for campaign in campaigns:
        report = reports[campaign.name]
        lines += [
            f"### {_cell(campaign.name)}",
            "",
            f"{_count(tally.campaign_records[campaign.name], 'sentence record')} from "
            f"{_count(tally.campaign_articles[campaign.name], 'article')} in this export.",
            "",
            "**How gold was decided.** " + _gold_rule(campaign),
            "",
        ]
        if with_gold:
            methods = [
                [method.label, tally.methods[campaign.name, method.value]] for method in METHODS
            ]
            methods.append(["not settled yet", tally.methods[campaign.name, None]])
            lines += [*_table(["gold by", "sentence records"], methods), ""]
        lines += [
            f"**Agreement** ({_count(report.labels, 'label')} on "
            f"{_count(report.sentences, 'sentence')} by "
            f"{_count(len(report.reviewers), 'reviewer')}):",
            "",
            *_table(
                ["figure", "value", "sentences", "reviewers", "note"],
                [
                    ["Krippendorff's alpha", *_figure(report.alpha)],
                    ["Fleiss' kappa", *_figure(report.fleiss_kappa)],
                    ["Percentage agreement", *_figure(report.percent_agreement, percent=True)],
                    ["Unanimous sentences", *_figure(report.unanimous, percent=True)],
                ],
            ),
            "",
            "**Guidelines.**",
            "",
            *(_quoted(campaign.guidelines) if campaign.guidelines.strip() else ["None written."]),
            "",
        ]
    if not campaigns:
        lines += ["No campaign is in this export.", ""]
    return "\n".join(lines)
