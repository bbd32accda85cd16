"""Turn a cleaned article body into paragraphs and sentence spans with exact offsets.

The body is normalised first (one paragraph per block, blocks separated by a blank line), then
each paragraph is segmented on its own: segmenters given a whole page join lines that lack
final punctuation (headings, bylines) to the next paragraph.

syntok was chosen by measurement (see tests/benchmarks/bench_segment.py and the issue notes):
it keeps a quotation of two sentences as two spans, handles news abbreviations, and is pure
Python. Offsets come from its tokens, so ``body[start:end]`` is always the sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from syntok import segmenter

PARAGRAPH_BREAK = "\n\n"
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    paragraph: int


def normalise_body(text: str) -> str:
    """Return ``text`` as clean paragraphs joined by a blank line.

    Line endings become ``\\n``, runs of spaces and tabs become one space, and control
    characters go. If the text has blank lines, they separate paragraphs and the lines inside
    a block are joined (hard-wrapped text); otherwise every line is a paragraph (the usual
    shape of a scraped page).
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    if _BLANK_LINES.search(text.strip()):
        blocks = [" ".join(block.split("\n")) for block in _BLANK_LINES.split(text)]
    else:
        blocks = text.split("\n")
    paragraphs = [_HORIZONTAL_SPACE.sub(" ", block).strip() for block in blocks]
    return PARAGRAPH_BREAK.join(p for p in paragraphs if p)


def paragraph_bounds(body: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each paragraph of a normalised body."""
    start = 0
    while start < len(body):
        end = body.find(PARAGRAPH_BREAK, start)
        if end == -1:
            end = len(body)
        if end > start:
            yield start, end
        start = end + len(PARAGRAPH_BREAK)


def sentence_offsets(paragraph: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence of one paragraph, relative to it."""
    offsets: list[tuple[int, int]] = []
    for block in segmenter.analyze(paragraph):
        for sentence in block:
            first, last = sentence[0], sentence[-1]
            start, end = first.offset, last.offset + len(last.value)
            if end > start:
                offsets.append((start, end))
    return offsets


def sentence_spans(body: str) -> list[Span]:
    """Return every sentence span of a normalised body, in order, with its paragraph number."""
    spans: list[Span] = []
    for number, (p_start, p_end) in enumerate(paragraph_bounds(body)):
        for start, end in sentence_offsets(body[p_start:p_end]):
            spans.append(Span(p_start + start, p_start + end, number))
    return spans
