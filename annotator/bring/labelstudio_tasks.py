"""Label Studio tasks read into documents and marks: its own export and ours
(``annotator.datasets.labelstudio``). See ``annotation_files`` for the shapes read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from annotator.bring.label_names import LabelNames
from annotator.bring.marks import (
    GOLD,
    Document,
    Mark,
    document,
    fail,
    json_array,
    json_lines,
    score,
    span,
    string,
)

# The names of our export's per-annotation and per-region texts (``datasets.labelstudio``).
REVIEWER, SOURCE, NOTE = "reviewer", "source", "note"


def labelstudio_documents(text: str, *, source: str, labels: LabelNames) -> Iterator[Document]:
    """Each task as a document with its annotations' and predictions' marks."""
    array = text.lstrip("\ufeff \t\r\n").startswith("[")
    for line, task in (json_array if array else json_lines)(text, source=source):
        data = task.get("data")
        if not isinstance(data, dict):
            raise fail("expected a Label Studio task: an object with data", source, line, "data")
        doc = document(data, data.get("text"), source, line, "data.text")
        annotations = task.get("annotations", task.get("completions", []))
        predictions = task.get("predictions", [])
        for name, items in (("annotations", annotations), ("predictions", predictions)):
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise fail("expected a list of objects", source, line, name)
        for index, annotation in enumerate(annotations):
            if annotation.get("was_cancelled"):
                continue
            where = f"annotations[{index}].result"
            result = _result(annotation, source, line, where)
            who = _reviewer(result, source, line, where) or _completed_by(annotation)
            gold = who == GOLD and annotation.get("ground_truth") is True
            texts = _region_texts(result, source, line, where)
            regions = _regions(result, doc.text, source, line, where, labels)
            for region_id, start, end, value in regions:
                extra = texts.get(region_id, {}) if region_id else {}
                doc.marks.append(
                    Mark(line=line, start=start, end=end, value=value, who="" if gold else who,
                         gold=gold, source=extra.get(SOURCE, ""), note=extra.get(NOTE, ""))
                )  # fmt: skip
        for index, prediction in enumerate(predictions):
            where = f"predictions[{index}]"
            given = prediction.get("model_version")
            version = string(given, source, line, f"{where}.model_version", limit=100)
            overall = score(prediction.get("score"), 1.0, source, line, f"{where}.score")
            result = _result(prediction, source, line, f"{where}.result")
            by_id = {id(r): r for r in result}
            for region_id, start, end, value in _regions(
                result, doc.text, source, line, f"{where}.result", labels, keep_object=True
            ):
                region = by_id[region_id]
                doc.marks.append(
                    Mark(line=line, start=start, end=end, value=value, prediction=True,
                         score=score(region.get("score"), overall, source, line, f"{where}.score"),
                         model_version=version)
                )  # fmt: skip
        yield doc


def _result(item: dict[str, Any], source: str, line: int, where: str) -> list[dict[str, Any]]:
    result = item.get("result", [])
    if not isinstance(result, list) or not all(isinstance(r, dict) for r in result):
        raise fail("expected a list of result objects", source, line, where)
    for region in result:
        if not isinstance(region.get("value"), dict):
            raise fail("expected each result to have a value object", source, line, where)
    return result


def _reviewer(result: list[dict[str, Any]], source: str, line: int, where: str) -> str:
    """Our export's reviewer: the ``reviewer`` text that opens the result (no offsets)."""
    for region in result:
        value = region["value"]
        if region.get("from_name") == REVIEWER and "start" not in value:
            texts = value.get("text")
            if isinstance(texts, list) and texts:
                return string(texts[0], source, line, f"{where}.reviewer", limit=150)
    return ""


def _completed_by(annotation: dict[str, Any]) -> str:
    """Label Studio's annotator: ``{"email": …}`` (its export), or a bare user id."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        email = who.get("email")
        if isinstance(email, str) and email.strip():
            return email.strip()[:150]
        who = who.get("id")
    if isinstance(who, int) and not isinstance(who, bool):
        return f"label-studio-user-{who}"
    return ""


def _region_texts(
    result: list[dict[str, Any]], source: str, line: int, where: str
) -> dict[Any, dict[str, str]]:
    """Our export's per-region source and note texts, by region id."""
    texts: dict[Any, dict[str, str]] = {}
    for region in result:
        name = region.get("from_name")
        value = region["value"]
        if name in (SOURCE, NOTE) and "start" in value and isinstance(value.get("text"), list):
            given = value["text"][0] if value["text"] else ""
            limit = 500 if name == SOURCE else 2000
            texts.setdefault(region.get("id"), {})[name] = string(
                given, source, line, f"{where}.{name}", limit=limit
            )
    return texts


def _regions(
    result: list[dict[str, Any]],
    text: str,
    source: str,
    line: int,
    where: str,
    labels: LabelNames,
    *,
    keep_object: bool = False,
) -> Iterator[tuple[Any, int, int, str]]:
    """Each labelled span of the result: (the region's id, or the region itself with
    ``keep_object``), start, end and our label value. A ``choices`` result labels the whole
    text; other kinds of result (texts, ratings) are not labels and are passed over."""
    for region in result:
        value = region["value"]
        kind = region.get("type")
        if kind == "labels" or (kind is None and "labels" in value and "start" in value):
            names = value.get("labels")
            start, end = span(value.get("start"), value.get("end"), text, source, line, where)
        elif kind == "choices":
            names = value.get("choices")
            start, end = 0, len(text)
        else:
            continue
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise fail("expected a non-empty list of label names", source, line, f"{where}.labels")
        key = id(region) if keep_object else region.get("id")
        for name in names:
            ours = labels.value(name, line=line)
            if ours is not None:
                yield key, start, end, ours
