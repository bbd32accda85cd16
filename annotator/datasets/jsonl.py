"""Records, the JSON shape of an export (one dict per sentence and campaign), and JSON lines
of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

import orjson

from annotator.datasets.options import ExportOptions
from annotator.datasets.selectors import Row
from annotator.vocabulary import LabelValue

VALUE_INDEX = {value: i for i, value in enumerate(LabelValue.values)}


def records(options: ExportOptions, rows: Iterable[Row]) -> Iterator[dict[str, Any]]:
    """The export's records (dicts, the JSONL shape) from its rows."""
    with_gold, with_reviewers = options.with_gold, options.with_reviewers
    index, no_counts = VALUE_INDEX, [0] * len(VALUE_INDEX)
    last_article, article_id, url, outlet, title, author, published, language = (None,) * 8
    for campaign, article, sentence, gold, labels in rows:
        if article is not last_article:
            last_article = article
            article_id, url, outlet, title, author, published, language = article
        pk, position, paragraph, kind, start, end, gap, text = sentence
        # A dict display, not zip(): this runs a million times in a large export.
        record = {
            "campaign": campaign, "article_id": article_id, "article_url": url,
            "outlet": outlet, "title": title, "author": author, "published": published,
            "language": language, "sentence_id": pk, "position": position,
            "paragraph": paragraph, "kind": kind, "start": start, "end": end, "gap_before": gap,
            "text": text,
        }  # fmt: skip
        if with_gold:
            if gold:
                record["gold_label"], record["gold_method"], record["gold_decided_by"] = gold[:3]
                record["gold_source"] = gold[3]
            else:
                record["gold_label"] = record["gold_method"] = record["gold_decided_by"] = None
                record["gold_source"] = None
        if with_reviewers:
            counts = no_counts.copy()
            given = []
            for _, reviewer, value, source, note, status, shown, score in labels:
                counts[index[value]] += 1
                # The suggestion shown beside the label ("" and None: none was shown).
                given.append(
                    {"reviewer": reviewer, "label": value, "source": source, "note": note,
                     "status": status, "suggested_value": shown, "suggested_score": score}
                )  # fmt: skip
            record["labels"] = given
            record["label_counts"] = dict(zip(VALUE_INDEX, counts, strict=True))
        yield record


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    # orjson: UTF-8 as is, no spaces, and several times faster than the json module.
    dumps = orjson.dumps
    for record in records:
        yield dumps(record).decode() + "\n"


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write records as JSON lines; returns how many were written."""
    count = 0
    for line in jsonl_lines(records):
        out.write(line)
        count += 1
    return count


def jsonl_write(options: ExportOptions, rows: Iterable[Row], out: IO[str], seed: int) -> int:
    """The export format's writer: the rows' records as JSON lines; returns how many."""
    return write_jsonl(records(options, rows), out)


def jsonl_stream(options: ExportOptions, rows: Iterable[Row]) -> Iterator[str]:
    """The export format's stream: the rows' records, a JSON line each."""
    return jsonl_lines(records(options, rows))
