"""What importing would store, shown before an admin confirms a web import: the first
articles sentence by sentence, with the lines the importer dropped where they stood."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

from articles.ingest.drafts import ArticleDraft, Parsed
from articles.ingest.errors import IngestError
from articles.ingest.pipeline import segment_stream
from articles.inputs import LEFT_OUT_IN_PREVIEW, Choices, chosen_lines

PREVIEW_ARTICLES = 100
PREVIEW_DROPPED = 1000  # dropped lines shown in place; the rest are counted


def preview_build(
    parsed: list[Parsed], *, names: Sequence[str], choices: Choices | None = None
) -> dict[str, Any]:
    """What importing would store: every record is read (so bad ones fail now), the first
    PREVIEW_ARTICLES are segmented and kept sentence by sentence, with the dropped lines of
    their pages in place (see ``_preview_items``), so the page renders from this alone."""

    def numbered() -> Iterator[tuple[int, int, ArticleDraft]]:
        for number, source in enumerate(parsed):
            for position, draft in enumerate(source.drafts):
                yield number, position, draft

    drafts = numbered()
    first = list(itertools.islice(drafts, PREVIEW_ARTICLES))
    # Segmenting fills in each draft's body and spans in place.
    for _ in segment_stream((draft for _, _, draft in first), workers=1):
        pass
    remaining = 0
    no_outlet = sum(1 for _, _, draft in first if not draft.outlet_name)
    for _, _, draft in drafts:
        remaining += 1
        no_outlet += not draft.outlet_name
    if not first:
        raise IngestError(
            "no article found in the input", source=", ".join(p.format for p in parsed)
        )
    sources = []
    budget = PREVIEW_DROPPED
    for number, source in enumerate(parsed):
        shown = {position: draft for n, position, draft in first if n == number}
        keep, leave_out = chosen_lines(choices, number)
        items, budget = _preview_items(source, shown, keep=keep, leave_out=leave_out, budget=budget)
        if items:
            sources.append(
                {"input": number, "name": names[number], "choosable": source.format == "text",
                 "items": items}
            )  # fmt: skip
    dropped_total = sum(len(p.dropped) for p in parsed)
    left_out = sum(line.reason == LEFT_OUT_IN_PREVIEW for p in parsed for line in p.dropped)
    return {
        "articles": [
            {
                "title": draft.title,
                "where": f"{draft.source}:{draft.line}" if draft.line else draft.source,
                "sentences": len(draft.spans),
                "author": draft.author,
                "published": draft.published.date().isoformat() if draft.published else "",
                "outlet": draft.outlet_name,
                "anchor": f"preview-{number}-{position}",
            }
            for number, position, draft in first
        ],
        "article_total": len(first) + remaining,
        # Articles neither their page nor their address named an outlet for.
        "no_outlet": no_outlet,
        "sources": sources,
        "dropped_total": dropped_total,
        "dropped_left_out": left_out,
        # Dropped lines not shown: inside articles past the preview, or past PREVIEW_DROPPED.
        "dropped_hidden": dropped_total - left_out - (PREVIEW_DROPPED - budget),
        "choices": {key: value for key, value in (choices or {}).items() if any(value.values())},
    }


def _preview_items(
    source: Parsed,
    shown: dict[int, ArticleDraft],
    *,
    keep: frozenset[int],
    leave_out: frozenset[int],
    budget: int,
) -> tuple[list[dict[str, Any]], int]:
    """One input as the preview shows it, in the order of its lines: each shown article's
    header and paragraphs (each paragraph's sentences one by one), its page's dropped lines
    where they stood, and the articles left out. Dropped lines inside articles past the
    preview are not shown, nor any past ``budget``; returns the items and the budget left."""
    items: list[tuple[int, int, dict[str, Any]]] = []  # (line, order, item): a stable sort
    for position, draft in shown.items():
        line = draft.line or 0
        items.append((line, len(items), {
            "type": "article", "title": draft.title, "line": draft.line, "position": position,
            "author": draft.author, "sentences": len(draft.spans),
            "published": draft.published.date().isoformat() if draft.published else "",
        }))  # fmt: skip
        paragraphs: dict[int, list[str]] = {}
        kinds: dict[int, str] = {}
        for span in draft.spans:
            paragraphs.setdefault(span.paragraph, []).append(draft.body[span.start : span.end])
            kinds[span.paragraph] = span.kind.value
        for paragraph, sentences in paragraphs.items():
            at = (
                draft.paragraph_lines[paragraph] if paragraph < len(draft.paragraph_lines) else None
            )
            items.append((line if at is None else at, len(items), {
                "type": "paragraph", "kind": kinds[paragraph], "sentences": sentences,
                "line": at, "kept": at in keep,
            }))  # fmt: skip
    for dropped in source.dropped:
        if dropped.reason == LEFT_OUT_IN_PREVIEW:
            if dropped.line in leave_out:
                items.append((dropped.line, len(items), {
                    "type": "left_out", "title": dropped.text, "line": dropped.line,
                }))  # fmt: skip
            continue
        if (dropped.article is not None and dropped.article not in shown) or budget <= 0:
            continue
        budget -= 1
        items.append((dropped.line, len(items), {
            "type": "dropped", "line": dropped.line, "text": dropped.text,
            "reason": dropped.reason,
        }))  # fmt: skip
    items.sort(key=lambda item: item[:2])
    return [item for _, _, item in items], budget
