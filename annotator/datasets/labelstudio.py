"""Label Studio JSON: one task per article and campaign, its labels as text-span annotations.

The file is a JSON array of tasks in Label Studio's import format (its "Basic Label Studio
JSON format" with ``annotations``), for a project made with ``LABEL_CONFIG``::

    {"data": {"text": <the article>, "title", "url", "outlet", "author", "published",
              "language", "campaign", "article_id"},
     "annotations": [
        {"result": [<the reviewer's name>, <one region per labelled sentence>],
         "ground_truth": false},  # a reviewer
        ...,
        {"result": ["gold", <one region per sentence with gold>], "ground_truth": true}],
     "meta": {"annotations": [{"kind": "reviewer", "reviewer": <name>, "status": <status>},
                              ..., {"kind": "gold"}],
              "sentences": [{"sentence_id", "position", "paragraph", "kind", "start", "end",
                             "gold_method", "gold_decided_by"}, ...]}}

A region is a ``labels`` result on the ``text`` object: ``value`` holds the sentence's
``start``/``end`` in ``data.text`` (characters, i.e. code points), its ``text`` and its label
name. A reviewer's source and note ride on the same region as per-region ``textarea`` results
(``from_name`` ``source`` / ``note``, same ``id``), as Label Studio stores per-region text.

Label Studio keeps nothing of an imported annotation but its result, ``ground_truth``,
``was_cancelled`` and ``lead_time``, and takes ``completed_by`` only as one of its own user ids
or an ``{"email": ...}`` of one of its members (anything else fails the import), so every
imported annotation is credited to whoever imports the file. What it does keep, and shows with
each annotation, is the result: so each annotation's result opens with a ``reviewer`` text
(the config's ``TextArea name="reviewer"``, one per annotation, not per region) holding the
reviewer's pseudonym (or real name, if the export asked for them), or "gold" on the gold
annotation. The task's ``meta`` keeps the same names with each review's status, one entry per
annotation in the same order. Every annotation says ``ground_truth`` explicitly: on import, a
missing flag counts as true.

The labeling config (``LABEL_CONFIG``) comes with every Label Studio export: in the bundle, as
a second download beside the export on the exports page and in the API, and as a file beside
the export in ``export_labels``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from annotator.datasets.jsonl import records
from annotator.datasets.options import ExportOptions
from annotator.datasets.selectors import Row
from annotator.vocabulary import SPEC_BY_VALUE, VOCABULARY

LABELS_NAME = "label"
TEXT_NAME = "text"
REVIEWER_NAME = "reviewer"
GOLD = "gold"
CONFIG_FILENAME = "label_studio_config.xml"


def _label_config() -> str:
    labels = "\n".join(
        f"    <Label value={quoteattr(spec.name)} hint={quoteattr(spec.description)}/>"
        for spec in VOCABULARY
    )
    return (
        "<View>\n"
        # Without pre-wrap Label Studio collapses the paragraph breaks when it shows the text.
        "  <Style>.htx-text { white-space: pre-wrap; }</Style>\n"
        '  <Header value="$title"/>\n'
        # Who made the annotation: Label Studio credits imported annotations to the importer.
        f'  <TextArea name="{REVIEWER_NAME}" toName="{TEXT_NAME}" maxSubmissions="1" rows="1"\n'
        '            placeholder="Reviewer (pseudonym) of this annotation"/>\n'
        f'  <Labels name="{LABELS_NAME}" toName="{TEXT_NAME}">\n'
        f"{labels}\n"
        "  </Labels>\n"
        f'  <Text name="{TEXT_NAME}" value="$text"/>\n'
        f'  <TextArea name="source" toName="{TEXT_NAME}" perRegion="true" editable="true"\n'
        '            placeholder="Who or what the claim cites"/>\n'
        f'  <TextArea name="note" toName="{TEXT_NAME}" perRegion="true" editable="true"\n'
        '            placeholder="Note"/>\n'
        "</View>\n"
    )


# The labeling interface to create the Label Studio project with before importing the file.
LABEL_CONFIG = _label_config()


def _region(region_id: str, start: int, end: int, text: str, value: str) -> dict[str, Any]:
    return {
        "id": region_id,
        "from_name": LABELS_NAME,
        "to_name": TEXT_NAME,
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [SPEC_BY_VALUE[value].name]},
    }


def _per_region_text(region_id: str, name: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {
        "id": region_id,
        "from_name": name,
        "to_name": TEXT_NAME,
        "type": "textarea",
        "value": {"start": start, "end": end, "text": [text]},
    }


def _reviewer(name: str, number: int | str) -> dict[str, Any]:
    """The annotation's reviewer, as Label Studio shows it: a text on the ``reviewer`` area."""
    return {
        "id": f"reviewer-{number}",
        "from_name": REVIEWER_NAME,
        "to_name": TEXT_NAME,
        "type": "textarea",
        "value": {"text": [name]},
    }


def article_task(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The task of one article in one campaign from its records, in sentence order."""
    parts: list[str] = []
    offset = 0
    results: dict[str, list[dict[str, Any]]] = {}  # reviewer name → regions, first seen first
    numbers: dict[str, int] = {}
    statuses: dict[str, str] = {}
    gold: list[dict[str, Any]] = []
    sentences: list[dict[str, Any]] = []
    first: dict[str, Any] | None = None
    for record in records:
        first = first or record
        # Offsets count in the text rebuilt here, so they slice it exactly even when the
        # export left some sentences out.
        start = offset + len(record["gap_before"])
        end = start + len(record["text"])
        parts += (record["gap_before"], record["text"])
        offset = end
        sentence_id = record["sentence_id"]
        meta: dict[str, Any] = {
            "sentence_id": sentence_id,
            "position": record["position"],
            "paragraph": record["paragraph"],
            "kind": record["kind"],
            "start": start,
            "end": end,
        }
        for label in record.get("labels", ()):
            name = label["reviewer"]
            if name not in results:
                results[name], numbers[name], statuses[name] = [], len(numbers), label["status"]
            region_id = f"s{sentence_id}-{numbers[name]}"
            regions = results[name]
            regions.append(_region(region_id, start, end, record["text"], label["label"]))
            if label["source"]:
                regions.append(_per_region_text(region_id, "source", start, end, label["source"]))
            if label["note"]:
                regions.append(_per_region_text(region_id, "note", start, end, label["note"]))
        if "gold_label" in record:
            meta["gold_method"] = record["gold_method"]
            meta["gold_decided_by"] = record["gold_decided_by"]
            if record["gold_label"] is not None:
                gold.append(
                    _region(f"s{sentence_id}-gold", start, end, record["text"],
                            record["gold_label"])
                )  # fmt: skip
        sentences.append(meta)
    if first is None:
        raise ValueError("an article task needs at least one record")
    annotations = [
        {"result": [_reviewer(name, numbers[name]), *regions], "ground_truth": False}
        for name, regions in results.items()
    ]
    who: list[dict[str, Any]] = [
        {"kind": "reviewer", "reviewer": name, "status": statuses[name]} for name in results
    ]
    if gold:
        annotations.append({"result": [_reviewer(GOLD, GOLD), *gold], "ground_truth": True})
        who.append({"kind": "gold"})
    task = {
        "data": {
            "text": "".join(parts),
            "title": first["title"],
            "url": first["article_url"],
            "outlet": first["outlet"],
            "author": first["author"],
            "published": first["published"],
            "language": first["language"],
            "campaign": first["campaign"],
            "article_id": first["article_id"],
        },
        "annotations": annotations,
        "meta": {"annotations": who, "sentences": sentences},
    }
    return task


def _article(record: dict[str, Any]) -> tuple[str, int]:
    return record["campaign"], record["article_id"]


def labelstudio_tasks(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each article's task, holding one article at a time (records arrive grouped by campaign
    and article, as ``export_records`` yields them)."""
    for _, group in itertools.groupby(records, key=_article):
        yield article_task(group)


def labelstudio_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The JSON array in pieces: "[", the tasks separated by ",\\n", "]" (empty: "[]")."""
    yield "["
    separator = ""
    for task in labelstudio_tasks(records):
        yield separator + json.dumps(task, ensure_ascii=False)
        separator = ",\n"
    yield "]"


def write_labelstudio(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Write the tasks as one JSON array; returns how many sentence records went into them."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for record in records:
            count += 1
            yield record

    for piece in labelstudio_chunks(counted()):
        out.write(piece)
    return count


def labelstudio_write(options: ExportOptions, rows: Iterable[Row], out: IO[str], seed: int) -> int:
    """The export format's writer (``write_labelstudio`` of the rows' records)."""
    return write_labelstudio(records(options, rows), out)


def labelstudio_stream(options: ExportOptions, rows: Iterable[Row]) -> Iterator[str]:
    """The export format's stream (``labelstudio_chunks`` of the rows' records)."""
    return labelstudio_chunks(records(options, rows))
