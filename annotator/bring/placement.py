"""Where a span of someone else's text falls among our sentences.

A span is given as character offsets (code points) into a text: the article's own body (a
predictions file), or the text another tool stored (a Label Studio task's ``data.text``, a
doccano line's ``text``), which is our body up to spacing when the article was made from it.
Offsets into another text are carried over by its characters other than whitespace: when
both texts have the same ones in the same order, the span maps exactly; when they do not, the
span's own characters are looked for in the body and must occur there once.

A span lands on the sentences it covers most of (more than half of each sentence's
characters); a span covering no sentence that much lands on the one sentence holding more
than half of the span (a phrase inside a sentence). Anything else is not placed, and the
reason says why, for the import's report.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """One of our sentences: ``body[start:end]`` is its text."""

    pk: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Placed:
    """The sentences a span landed on; ``exact`` when it was exactly one sentence."""

    sentence_ids: tuple[int, ...]
    exact: bool


def _skeleton(text: str) -> tuple[str, list[int]]:
    """The text's characters other than whitespace, and where each stands in it."""
    positions = [i for i, char in enumerate(text) if not char.isspace()]
    return "".join(text[i] for i in positions), positions


class Alignment:
    """Carries offsets in a source text over to an article body (see the module's note)."""

    def __init__(self, source_text: str, body: str) -> None:
        self.source_text = source_text
        self.body = body
        self.same = source_text == body
        if not self.same:
            self.source_chars, self.source_at = _skeleton(source_text)
            self.body_chars, self.body_at = _skeleton(body)
            self.aligned = self.source_chars == self.body_chars

    def body_range(self, start: int, end: int) -> tuple[int, int] | str:
        """The span's offsets in the body, or why they cannot be found."""
        if not 0 <= start < end <= len(self.source_text):
            return (
                f"offsets {start}-{end} are outside the text ({len(self.source_text)} characters)"
            )
        if self.same:
            return start, end
        first = bisect.bisect_left(self.source_at, start)
        last = bisect.bisect_left(self.source_at, end) - 1
        if first > last:
            return f"the span {start}-{end} holds only spaces"
        if self.aligned:
            return self.body_at[first], self.body_at[last] + 1
        wanted = self.source_chars[first : last + 1]
        found = self.body_chars.find(wanted)
        if found == -1:
            return f"its text {_quoted(self.source_text[start:end])} is not in the article"
        if self.body_chars.find(wanted, found + 1) != -1:
            return (
                f"its text {_quoted(self.source_text[start:end])} occurs more than once in the "
                "article, and the article's text differs from the file's"
            )
        return self.body_at[found], self.body_at[found + len(wanted) - 1] + 1


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def sentences_for(sentences: Sequence[SentenceSpan], start: int, end: int) -> Placed | str:
    """The sentences (in order of position, sorted by ``start``) that the body span
    ``start``-``end`` lands on, or why it lands on none."""
    starts = [s.start for s in sentences]
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    overlaps: list[tuple[SentenceSpan, int]] = []
    for sentence in sentences[first:]:
        if sentence.start >= end:
            break
        overlap = min(end, sentence.end) - max(start, sentence.start)
        if overlap > 0:
            overlaps.append((sentence, overlap))
    if not overlaps:
        return f"the span {start}-{end} falls between sentences"
    covered = [s for s, overlap in overlaps if 2 * overlap > s.end - s.start]
    if covered:
        exact = len(covered) == 1 and len(overlaps) == 1 and _trimmed_equal(covered[0], start, end)
        return Placed(tuple(s.pk for s in covered), exact)
    sentence, overlap = max(overlaps, key=lambda pair: pair[1])
    if 2 * overlap > end - start:
        return Placed((sentence.pk,), False)
    return (
        f"the span {start}-{end} straddles {len(overlaps)} sentences without covering most "
        "of any of them"
    )


def _trimmed_equal(sentence: SentenceSpan, start: int, end: int) -> bool:
    return sentence.start >= start and sentence.end <= end


def sentence_with_text(sentences: Sequence[SentenceSpan], text: str) -> int | str:
    """The sentence whose text is ``text``, spacing aside, or why there is none."""
    wanted = " ".join(text.split())
    found = [s.pk for s in sentences if " ".join(s.text.split()) == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        return f"{len(found)} sentences of the article have the text {_quoted(text)}"
    return f"no sentence of the article has the text {_quoted(text)}"
