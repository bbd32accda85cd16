"""A file of annotations made elsewhere, read into documents and their labelled spans (no
database access): Label Studio JSON (its own export, and ours from ``datasets.labelstudio``:
read in ``labelstudio_tasks``), doccano JSONL and our own JSONL export (``datasets.jsonl``).

- Label Studio: a JSON array of tasks (or one task a line). ``data.text`` is the text;
  ``annotations[].result[]`` regions of type ``labels`` give ``value.start``/``end`` and
  ``value.labels`` (a ``choices`` result labels the whole text); ``completed_by`` (an
  ``{"email"}`` or a user id) names the annotator, or, in our export, the ``reviewer`` text
  that opens each result; ``ground_truth`` with the name "gold" is our gold. Per-region
  ``source``/``note`` texts (ours) ride along. ``predictions[]`` are a model's, with
  ``model_version`` and a ``score`` (the region's, else the prediction's, else 1).
  Cancelled annotations are skipped.
- doccano: ``{"text", "label": [[start, end, "label"], ...]}`` (or ``entities`` with
  ``start_offset``/``end_offset``/``label``, or ``label`` as a list of names for the whole
  text); an annotator's name from ``user`` / ``annotator`` when there is one.
- Ours: one record per sentence; an article's text is rebuilt from ``gap_before`` and
  ``text``, each reviewer's label a span on its sentence, the gold label a gold span.

Bad input raises IngestError naming the file, the line and the field; every unknown label
is named in one error once the whole file is read.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from annotator.bring.label_names import LabelNames
from annotator.bring.labelstudio_tasks import labelstudio_documents
from annotator.bring.marks import Document, Mark, document, fail, json_lines, span, string
from articles.ingest.errors import IngestError

LABEL_STUDIO, DOCCANO, OURS = "label-studio", "doccano", "jsonl-export"
FORMATS = (LABEL_STUDIO, DOCCANO, OURS)


def detect(text: str, *, source: str) -> str:
    """Which of ``FORMATS`` the file is in, from its first record."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("["):
        return LABEL_STUDIO
    first = next(json_lines(text, source=source), None)
    if first is None:
        raise IngestError("the file is empty", source=source)
    _, record = first
    if {"sentence_id", "gap_before"} <= record.keys():
        return OURS
    if isinstance(record.get("data"), dict):
        return LABEL_STUDIO
    if "text" in record and record.keys() & {"label", "labels", "entities"}:
        return DOCCANO
    raise IngestError(
        "not a file of annotations: expected Label Studio JSON (tasks with data and "
        "annotations), doccano JSONL (text and label) or our JSONL export; this record has "
        f"{', '.join(list(record)[:8])}",
        source=source,
        line=first[0],
    )


def annotation_documents(
    text: str, *, source: str, labels: LabelNames, fmt: str | None = None
) -> tuple[str, list[Document]]:
    """The file's format and its documents, every field checked."""
    fmt = fmt or detect(text, source=source)
    if fmt == LABEL_STUDIO:
        documents = list(labelstudio_documents(text, source=source, labels=labels))
    elif fmt == DOCCANO:
        lines = json_lines(text, source=source)
        documents = [_doccano(line, record, source, labels) for line, record in lines]
    elif fmt == OURS:
        documents = list(_ours(text, source=source, labels=labels))
    else:
        raise IngestError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}",
                          source=source)  # fmt: skip
    if message := labels.unknown_message():
        raise IngestError(message, source=source, field="label")
    if not documents:
        raise IngestError("no texts in the file", source=source)
    return fmt, documents


def _doccano(line: int, record: dict[str, Any], source: str, labels: LabelNames) -> Document:
    doc = document(record, record.get("text"), source, line, "text")
    who = record.get("user", record.get("annotator"))
    name = string(who, source, line, "user", limit=150) if isinstance(who, str) else ""
    if isinstance(who, int) and not isinstance(who, bool):
        name = f"doccano-user-{who}"
    spans: list[tuple[Any, Any, Any]] = []
    given = record.get("label", record.get("labels", []))
    if not isinstance(given, list):
        raise fail("expected a list of [start, end, label] spans", source, line, "label")
    for item in given:
        if isinstance(item, str):  # text classification: the whole text
            spans.append((0, len(doc.text), item))
        elif isinstance(item, list) and len(item) == 3:
            spans.append(tuple(item))
        else:
            raise fail(f"expected [start, end, label], got {item!r}"[:100], source, line, "label")
    entities = record.get("entities", [])
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        raise fail("expected a list of entity objects", source, line, "entities")
    spans += [(e.get("start_offset"), e.get("end_offset"), e.get("label")) for e in entities]
    for start, end, label in spans:
        a, b = span(start, end, doc.text, source, line, "label")
        if not isinstance(label, str) or not label.strip():
            raise fail("expected a label name", source, line, "label")
        value = labels.value(label, line=line)
        if value is not None:
            doc.marks.append(Mark(line=line, start=a, end=b, value=value, who=name))
    return doc


def _article_key(numbered: tuple[int, dict[str, Any]]) -> tuple[Any, Any]:
    return numbered[1].get("campaign"), numbered[1].get("article_id")


def _ours(text: str, *, source: str, labels: LabelNames) -> Iterator[Document]:
    """Each article (in each campaign) of our JSONL export, its text rebuilt from its
    sentence records (as ``datasets.labelstudio.article_task`` does)."""
    for _, group in itertools.groupby(json_lines(text, source=source), key=_article_key):
        parts: list[str] = []
        doc: Document | None = None
        offset = 0
        for line, record in group:
            gap, sentence = record.get("gap_before"), record.get("text")
            if not isinstance(gap, str) or not isinstance(sentence, str) or not sentence:
                raise fail("expected the sentence's text and gap_before", source, line, "text")
            if doc is None:
                doc = Document(
                    line=line, text="",
                    title=string(record.get("title"), source, line, "title", limit=1000),
                    url=string(record.get("article_url"), source, line, "article_url"),
                    outlet=string(record.get("outlet"), source, line, "outlet", limit=200),
                )  # fmt: skip
            start = offset + len(gap)
            offset = end = start + len(sentence)
            parts += (gap, sentence)
            given = record.get("labels", [])
            if not isinstance(given, list) or not all(isinstance(g, dict) for g in given):
                raise fail("expected a list of label objects", source, line, "labels")
            for label in given:
                value = labels.value(string(label.get("label"), source, line, "labels"), line=line)
                if value is None:
                    continue
                doc.marks.append(
                    Mark(line=line, start=start, end=end, value=value,
                         who=string(label.get("reviewer"), source, line, "labels", limit=150),
                         source=string(label.get("source"), source, line, "labels", limit=500),
                         note=string(label.get("note"), source, line, "labels"))
                )  # fmt: skip
            gold = record.get("gold_label")
            if isinstance(gold, str) and (value := labels.value(gold, line=line)) is not None:
                doc.marks.append(Mark(line=line, start=start, end=end, value=value, gold=True))
        if doc is not None:
            doc.text = "".join(parts)
            yield doc
