"""The data card of the dataset bundle (its README.md): a YAML header that Hugging Face
``datasets`` reads (the split files and every column's type, so ``load_dataset(<folder>)``
needs no other argument and a column null in one split keeps its type), then what is in the
bundle, how it was labelled and how far reviewers agree, from counts added up as the records
stream by (``Tally``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from annotator.analysis.agreement import AgreementReport, Figure
from annotator.datasets.options import ExportOptions
from annotator.models import Campaign, GoldLabel
from annotator.vocabulary import VOCABULARY, LabelValue

SPLITS = ("train", "dev", "test")
NO_OUTLET = "(no outlet)"
METHODS = tuple(GoldLabel.Method)


@dataclass(slots=True)
class Tally:
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

    def move(self, source: str, target: str, *, records: int, articles: int) -> None:
        """An article's records moved from one split to another."""
        self.split_records[source] -= records
        self.split_records[target] += records
        self.split_articles[source] -= articles
        self.split_articles[target] += articles

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


def _outlet_rows(tally: Tally) -> Iterator[list[object]]:
    for outlet in sorted(tally.outlet_records, key=lambda name: (name == NO_OUTLET, name)):
        counts = [tally.outlet_labels[outlet, value] for value in LabelValue.values]
        yield [outlet, tally.outlet_articles[outlet], tally.outlet_records[outlet], *counts]


# Each record field's Hugging Face type (YAML ``dataset_info.features``), in record order.
# Every one may be null where the JSONL has null (outlet, published, the gold fields);
# declared here, a column null throughout one split keeps its type.
ARTICLE_FEATURES: tuple[tuple[str, str], ...] = (
    ("campaign", "string"), ("article_id", "int64"), ("article_url", "string"),
    ("outlet", "string"), ("title", "string"), ("author", "string"),
    # ISO 8601 in the JSONL; pyarrow would read the dates as naive timestamps and a declared
    # string would get them back reformatted: declared as what they are, UTC datetimes.
    ("published", "timestamp[us, tz=UTC]"),
    ("language", "string"), ("sentence_id", "int64"), ("position", "int64"),
    ("paragraph", "int64"), ("kind", "string"), ("start", "int64"), ("end", "int64"),
    ("gap_before", "string"), ("text", "string"),
)  # fmt: skip
GOLD_FEATURES = (("gold_label", "string"), ("gold_method", "string"),
                 ("gold_decided_by", "string"), ("gold_source", "string"))  # fmt: skip
LABEL_FEATURES = (
    ("reviewer", "string"), ("label", "string"), ("source", "string"), ("note", "string"),
    ("status", "string"), ("suggested_value", "string"), ("suggested_score", "float64"),
)  # fmt: skip


def features(options: ExportOptions) -> list[dict[str, Any]]:
    """The records' columns and types as ``datasets`` reads them from a card's YAML header."""
    columns: list[dict[str, Any]] = [
        {"name": name, "dtype": dtype} for name, dtype in ARTICLE_FEATURES
    ]
    if options.with_gold:
        columns += [{"name": name, "dtype": dtype} for name, dtype in GOLD_FEATURES]
    if options.with_reviewers:
        columns += [
            {"name": "labels",
             "list": [{"name": name, "dtype": dtype} for name, dtype in LABEL_FEATURES]},
            {"name": "label_counts",
             "struct": [{"name": value, "dtype": "int64"} for value in LabelValue.values]},
        ]  # fmt: skip
    return columns


def _yaml(value: Any, indent: int = 0) -> list[str]:
    """Block YAML of nested dicts and lists whose leaves are strings (JSON-quoted, which
    YAML reads as the same strings)."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, dict | list):
                lines += [f"{pad}{key}:", *_yaml(item, indent + 2)]
            else:
                lines.append(f"{pad}{key}: {json.dumps(item, ensure_ascii=False)}")
        return lines
    lines = []
    for item in value:
        if not isinstance(item, dict | list):
            lines.append(f"{pad}- {json.dumps(item, ensure_ascii=False)}")
            continue
        nested = _yaml(item, indent + 2)
        lines += [f"{pad}- {nested[0].lstrip()}", *nested[1:]]
    return lines


def card_header(options: ExportOptions, splits: Iterable[str]) -> list[str]:
    """The YAML front matter Hugging Face reads: the split files (``configs``) and every
    column's type (``dataset_info.features``), the same for every split."""
    header = {
        "pretty_name": "Claim labels",
        "tags": ["claims", "sourcing", "news", "media-bias"],
        "configs": [
            {
                "config_name": "default",
                "data_files": [{"split": name, "path": f"{name}.jsonl"} for name in splits],
            }
        ],
        "dataset_info": {"features": features(options)},
    }
    return ["---", *_yaml(header), "---", ""]


def split_notes(*, moved: int, left_out: list[str]) -> list[str]:
    """What the export did to the hashed split: the articles it moved so that no split is
    empty, or the empty splits it left out (fewer than three articles)."""
    notes = []
    if moved:
        notes.append(
            f"{_count(moved, 'article')} moved from the largest split to one that would "
            "otherwise be empty (the highest article id first), so that no split is empty."
        )
    if left_out:
        notes.append(
            "Fewer than three articles were exported, so some splits have none and are left "
            f"out of the bundle: {', '.join(left_out)}."
        )
    return notes


def data_card(
    options: ExportOptions,
    campaigns: list[Campaign],
    reports: dict[str, AgreementReport],
    tally: Tally,
    *,
    seed: int,
    splits: tuple[str, ...] = SPLITS,
    moved: int = 0,
    left_out: Iterable[str] = (),
) -> str:
    """README.md of the bundle: the YAML header for Hugging Face (``splits``: the split files
    written), what is in it, how it was labelled and how far reviewers agree. ``moved``
    articles left their hashed split for an empty one; ``left_out`` splits had no article."""
    names = [spec.name for spec in VOCABULARY]
    with_gold, with_reviewers = options.with_gold, options.with_reviewers
    lines = [
        *card_header(options, splits),
        "# Claim labels: dataset bundle",
        "",
        f"Exported {timezone.now().isoformat(timespec='seconds')}: "
        f"{_count(tally.records, 'sentence record')} from {_count(tally.articles, 'article')} "
        f"in {_count(len(campaigns), 'campaign')}. Each record is one sentence of a news "
        "article within one campaign, tagged sourced, unsourced, opinion or no claim.",
        "",
        "## Files",
        "",
        "- "
        + ", ".join(f"`{name}.jsonl`" for name in splits)
        + ": one JSON record per line (sentence and campaign), with the article "
        "(`article_id`, `article_url`, `outlet`, `title`, `author`, `published`, "
        "`language`), the sentence (`sentence_id`, `position`, `paragraph`, `kind`, "
        "`start`/`end` offsets in the article body, `gap_before`: the characters "
        "since the previous sentence, so `gap_before` + `text` in order rebuild the body)"
        + (
            ", its gold label (`gold_label`, `gold_method`, `gold_decided_by`, `gold_source`: "
            "what a sourced gold label cites, empty when nothing)"
            if with_gold
            else ""
        )
        + (
            ", and each reviewer's label, source, note, review status and the suggestion shown "
            "beside it (`suggested_value`, `suggested_score`: empty when none was) (`labels`) with "
            "`label_counts`"
            if with_reviewers
            else ""
        )
        + ".",
        "- `agreement.json`: each campaign's agreement figures, by campaign name.",
        "- `label_studio_config.xml`: a Label Studio labeling interface for these labels.",
        "",
        "Unzipped, the folder loads with Hugging Face datasets as it is: "
        '`datasets.load_dataset("<folder>")` reads the splits and the column types from the '
        "header of this file.",
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
        *(
            line
            for note in split_notes(moved=moved, left_out=list(left_out))
            for line in (note, "")
        ),
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
