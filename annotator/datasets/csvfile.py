"""The CSV export: one flattened, spreadsheet-safe line per record, a column group per
reviewer."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import IO, Any

from annotator.datasets.jsonl import VALUE_INDEX
from annotator.datasets.options import ARTICLE_FIELDS, GOLD_FIELDS, SENTENCE_FIELDS, ExportOptions
from annotator.datasets.selectors import Row, csv_reviewers
from annotator.models import Review
from annotator.spreadsheets import FORMULA_STARTS, neutralise
from annotator.vocabulary import LabelValue


# A spreadsheet runs a cell that starts with one of these as a formula.
def csv_header(options: ExportOptions, reviewers: list[str]) -> list[str]:
    header = ["campaign", *ARTICLE_FIELDS, *SENTENCE_FIELDS]
    if options.with_gold:
        header += GOLD_FIELDS
    if options.with_reviewers:
        header += [f"count_{value}" for value in LabelValue.values]
        for name in reviewers:
            header += [f"{name}_label", f"{name}_source", f"{name}_note", f"{name}_status",
                       f"{name}_suggested_value", f"{name}_suggested_score"]  # fmt: skip
    return header


class _Line:
    """A file-like object for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.value = ""

    def write(self, text: str) -> None:
        self.value = text


def csv_lines(options: ExportOptions, rows: Iterable[Row]) -> Iterator[str]:
    """The header, then one flattened, spreadsheet-safe CSV line per record.

    Every piece is csv.writer's own text, encoded as rarely as possible: an article's cells
    (campaign, url, outlet, title, author, published, language) once per article, put in front
    of each of its sentences' lines; a reviewer's cells once per kind when they hold no free
    text.
    The line is the one csv.writer makes for the whole row, at a fraction of the work.
    """
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    reviewers = csv_reviewers(options)
    writer.writerow([neutralise(name) for name in csv_header(options, reviewers)])
    yield line.value
    with_gold, with_reviewers = options.with_gold, options.with_reviewers
    # A reviewer's six cells as CSV text: made by the writer itself, once, for the common
    # cases (no label; a label and status without source or note), else for each label.
    slot = {name: i for i, name in enumerate(reviewers)}

    def encoded(cells: tuple[Any, ...]) -> str:
        writer.writerow(cells)
        return line.value[:-2]  # without its line end

    absent = [encoded(("", "", "", "", "", ""))] * len(reviewers)
    plain = {
        (value, status): encoded((value, "", "", status, "", ""))
        for value in LabelValue.values
        for status in Review.Status.values
    }
    index, no_counts = VALUE_INDEX, [0] * len(VALUE_INDEX)
    no_gold = [None, None, None] if with_gold else []
    formula = FORMULA_STARTS
    last_article, head = None, ""
    counts: list[int] = []
    for campaign, article, sentence, gold, labels in rows:
        if article is not last_article:
            last_article = article
            head = encoded((neutralise(campaign), *map(neutralise, article))) + ","
        pk, position_, paragraph, kind, start, end, gap, text = sentence
        # neutralise(), inlined for the cells of every sentence and label (text, never null).
        if gap[:1] in formula:
            gap = "'" + gap
        if text[:1] in formula:
            text = "'" + text
        tail = "\r\n"
        if with_reviewers:
            counts, blocks = no_counts.copy(), absent.copy()
            for _, reviewer, value, source, note, status, shown, score in labels:
                at = slot.get(reviewer)
                if at is None:
                    continue  # first submitted after the header was written: no column
                counts[index[value]] += 1
                if source or note or shown:
                    if source[:1] in formula:
                        source = "'" + source
                    if note[:1] in formula:
                        note = "'" + note
                    # shown is a label value and score a number: never a formula
                    blocks[at] = encoded((value, source, note, status, shown, score))
                else:
                    blocks[at] = plain[value, status]
            if blocks:
                tail = "," + ",".join(blocks) + tail
        writer.writerow(
            [
                pk, position_, paragraph, kind, start, end, gap, text,
                *((gold[0], gold[1], neutralise(gold[2])) if with_gold and gold else no_gold),
                *counts,
            ]
        )  # fmt: skip
        yield head + line.value[:-2] + tail


def write_csv(options: ExportOptions, rows: Iterable[Row], out: IO[str]) -> int:
    """Write the CSV to a file; returns how many records (lines after the header) it holds."""
    count = -1
    write = out.write
    for text in csv_lines(options, rows):
        write(text)
        count += 1
    return count


def csv_write(options: ExportOptions, rows: Iterable[Row], out: IO[str], seed: int) -> int:
    """The export format's writer (``write_csv``)."""
    return write_csv(options, rows, out)
