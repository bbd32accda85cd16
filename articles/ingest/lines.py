"""How likely each line of a text page is to be article text: layout features and a small model.

The rules in ``line_rules.py`` know what furniture says ("Share this", "Most read"); they can't
know what an article looks like on a page they have never seen. This module scores every line
with a model of gradient-boosted decision trees over features that any page shows whatever its
language or outlet: the line's length and punctuation, its shape (capitals, digits,
separators), what the rules said of it, and above all its surroundings (is it among other
lines of prose, inside the page's largest block of prose, near the top or bottom of the page).

The trees were fitted on public benchmark pages (``tests/benchmarks/line_model.py`` refits them
and reports their out-of-fold scores; ``make line-model`` rewrites the file) and are stored as
plain numbers in ``line_model.json``: loading a model runs no code from the file.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from articles.ingest.page_lines import LIST_ITEM, SENTENCE_END, word_count
from articles.ingest.page_structure import structure

if TYPE_CHECKING:
    from articles.ingest.page_lines import Line

MODEL_PATH = Path(__file__).with_name("line_model.json")

_SEPARATORS = re.compile(r"[|•·»«›‹/\\>]")
_DIGIT = re.compile(r"\d")
_LINKISH = re.compile(r"https?://|www\.|@\w|\.(?:com|org|net)\b")
PROSE_WORDS = 8

FEATURES = (
    "log_words",
    "log_chars",
    "sentence_end",
    "commas_per_word",
    "capitalised_share",
    "caseless_script",
    "digit_share",
    "separators",
    "linkish",
    "starts_lower",
    "list_item",
    "mean_word_length",
    "kind_date",
    "kind_byline",
    "kind_credit",
    "kind_furniture",
    "kind_end",
    "kind_title",
    "kind_name",
    "repeated",
    "in_run",
    "position",
    "blank_after",
    "blank_before",
    "share_of_page_words",
    "prose",
    "prose_before_2",
    "prose_after_2",
    "prose_within_6",
    "words_within_6",
    "in_main_block",
    "distance_to_main_block",
    "main_block_share",
    "after_main_block",
    "before_main_block",
    "prose_lines_on_page",
    "common_word_share",
    "rules_body",
    "rules_title",
    "rules_after_comments",
    "rules_articles",
    "rules_share",
    "same_shape_period_1",
    "same_shape_period_2",
    "same_shape_period_3",
)
COMMON_WORDS = 30


def _is_prose(line: Line, words: int) -> bool:
    return words >= PROSE_WORDS and line.text.endswith(SENTENCE_END)


def main_block(prose: Sequence[bool], words: Sequence[int], *, gap: int = 3) -> tuple[int, int]:
    """(first, last) index of the page's run of prose lines with the most words, where up to
    ``gap`` other lines may sit between two prose lines of the run; (-1, -1) if no prose."""
    best, best_words = (-1, -1), 0
    start = last = -1
    total = 0
    for index, is_prose in enumerate(prose):
        if not is_prose:
            continue
        if start >= 0 and index - last - 1 <= gap:
            last, total = index, total + words[index]
        else:
            start = last = index
            total = words[index]
        if total > best_words:
            best, best_words = (start, last), total
    return best


def _common_words(lines: Sequence[Line], prose: Sequence[bool]) -> set[str]:
    """The page's most frequent words in its prose: its language's function words ("the",
    "of", "der", "и"), whose density tells running text from lists of names and links in
    any language that separates words with spaces."""
    counts: Counter[str] = Counter()
    for line, is_prose in zip(lines, prose, strict=True):
        if is_prose:
            counts.update(token.lower() for token in line.text.split())
    if not counts:
        for line in lines:
            counts.update(token.lower() for token in line.text.split())
    return {word for word, _count in counts.most_common(COMMON_WORDS)}


def features(lines: Sequence[Line]) -> list[list[float]]:
    """One row of ``FEATURES`` per line."""
    count = len(lines)
    words = [word_count(line.text) for line in lines]
    prose = [_is_prose(line, w) for line, w in zip(lines, words, strict=True)]
    page_words = sum(words) or 1
    first, last = main_block(prose, words)
    block_words = sum(words[first : last + 1]) if first >= 0 else 0
    prose_lines = sum(prose)
    common = _common_words(lines, prose)
    rules = _rules_alone(lines, words)
    periods = _periodic(lines, words)
    rows = []
    for index, line in enumerate(lines):
        text = line.text
        tokens = text.split()
        letters = [token for token in tokens if token[:1].isalpha()]
        capitalised = sum(1 for token in letters if token[:1].isupper())
        caseless = bool(text[:1].isalpha() and text[:1].lower() == text[:1].upper())
        near = range(max(0, index - 6), min(count, index + 7))
        if first < 0:
            distance = count
        elif index < first:
            distance = first - index
        elif index > last:
            distance = index - last
        else:
            distance = 0
        rows.append(
            [
                math.log1p(words[index]),
                math.log1p(len(text)),
                float(text.endswith(SENTENCE_END)),
                text.count(",") / words[index],
                capitalised / len(letters) if letters else 0.0,
                float(caseless),
                len(_DIGIT.findall(text)) / len(text),
                float(len(_SEPARATORS.findall(text))),
                float(bool(_LINKISH.search(text))),
                float(text[:1].islower()),
                float(bool(LIST_ITEM.match(text))),
                len(text) / words[index],
                float(line.kind == "date"),
                float(line.kind == "byline"),
                float(line.kind == "credit"),
                float(line.kind == "furniture" and not line.in_run and line.repeats == 1),
                float(line.kind == "end"),
                float(line.kind == "title"),
                float(line.kind == "name"),
                float(min(line.repeats, 5)),
                float(line.in_run),
                index / count,
                float(min(line.blank_after, 3)),
                float(min(lines[index - 1].blank_after, 3)) if index else 3.0,
                words[index] / page_words,
                float(prose[index]),
                float(sum(prose[max(0, index - 2) : index])),
                float(sum(prose[index + 1 : index + 3])),
                sum(prose[i] for i in near if i != index) / 12,
                math.log1p(sum(words[i] for i in near if i != index)),
                float(first <= index <= last),
                math.log1p(distance),
                block_words / page_words,
                float(first >= 0 and index > last),
                float(first >= 0 and index < first),
                math.log1p(prose_lines),
                sum(1 for token in tokens if token.lower() in common) / len(tokens),
                *rules[index],
                *periods[index],
            ]
        )
    return rows


def _shape(line: Line, words: int) -> tuple[str, int, bool]:
    bucket = 0 if words <= 3 else 1 if words <= 8 else 2 if words <= 20 else 3
    return (line.kind, bucket, line.text.endswith(SENTENCE_END))


def _periodic(lines: Sequence[Line], words: Sequence[int]) -> list[list[float]]:
    """How regularly the line's shape recurs around it, every 1, 2 or 3 lines: lists of
    teasers, tickers of headline and time, menus repeat a pattern; paragraphs of an article
    vary."""
    shapes = [_shape(line, w) for line, w in zip(lines, words, strict=True)]
    count = len(shapes)
    rows = []
    for index, shape in enumerate(shapes):
        row = []
        for period in (1, 2, 3):
            same = 0
            for step in (-2, -1, 1, 2):
                other = index + step * period
                if 0 <= other < count and shapes[other] == shape:
                    same += 1
            row.append(float(same))
        rows.append(row)
    return rows


def _rules_alone(lines: Sequence[Line], words: Sequence[int]) -> list[list[float]]:
    """What the structure rules alone make of each line: in an article's body, an article's
    title, below the readers' comments; and how many articles and how much of the page they
    find."""
    copies = [replace(line, inside=True, reason="") for line in lines]
    result = structure(copies)
    body = {number for article in result.articles for number in article.lines}
    titles = {article.line for article in result.articles}
    share = sum(w for line, w in zip(lines, words, strict=True) if line.number in body) / (
        sum(words) or 1
    )
    count = math.log1p(len(result.articles))
    comments = result.comments
    return [
        [
            float(line.number in body),
            float(line.number in titles),
            float(comments is not None and line.number > comments),
            count,
            share,
        ]
        for line in lines
    ]


CONTEXT_FEATURES = (
    "probability",
    "probability_previous",
    "probability_next",
    "weighted_probability_within_1",
    "weighted_probability_within_3",
    "weighted_probability_within_8",
    "best_probability_before_3",
    "best_probability_after_3",
    "in_heaviest_run",
    "heaviest_run_probability",
    "distance_to_heaviest_run",
)


def context_features(lines: Sequence[Line], probabilities: Sequence[float]) -> list[list[float]]:
    """What the first stage said of each line's neighbours: the second stage reads a line in
    the light of the lines around it (a short paragraph among confident ones is text; a long
    teaser in a list of them is not)."""
    count = len(lines)
    words = [word_count(line.text) for line in lines]
    first, last = _heaviest_run(probabilities, words)
    run_words = sum(words[first : last + 1]) or 1
    run_probability = (
        sum(
            p * w
            for p, w in zip(probabilities[first : last + 1], words[first : last + 1], strict=True)
        )
        / run_words
        if first >= 0
        else 0.0
    )

    def weighted(index: int, reach: int) -> float:
        near = range(max(0, index - reach), min(count, index + reach + 1))
        total = sum(words[i] for i in near if i != index)
        if not total:
            return 0.0
        return sum(probabilities[i] * words[i] for i in near if i != index) / total

    rows = []
    for index, probability in enumerate(probabilities):
        before = probabilities[max(0, index - 3) : index]
        after = probabilities[index + 1 : index + 4]
        distance = count if first < 0 else max(first - index, index - last, 0)
        rows.append(
            [
                probability,
                probabilities[index - 1] if index else 0.0,
                probabilities[index + 1] if index + 1 < count else 0.0,
                weighted(index, 1),
                weighted(index, 3),
                weighted(index, 8),
                max(before, default=0.0),
                max(after, default=0.0),
                float(first <= index <= last),
                run_probability,
                math.log1p(distance),
            ]
        )
    return rows


def heaviest_run(
    gains: Sequence[float], low: int = 0, high: int | None = None
) -> tuple[int, int, float]:
    """The run of ``gains[low:high]`` with the largest sum (Kadane): (first, last, sum), with
    last < first and a sum of 0 when no gain is positive."""
    high = len(gains) if high is None else high
    best = (low, low - 1, 0.0)
    start, total = low, 0.0
    for index in range(low, high):
        if total <= 0:
            start, total = index, 0.0
        total += gains[index]
        if total > best[2]:
            best = (start, index, total)
    return best


def _heaviest_run(probabilities: Sequence[float], words: Sequence[int]) -> tuple[int, int]:
    """(first, last) of the run of lines where the words' probability above one half weighs
    most; (-1, -1) when no line is above one half."""
    gains = [(p - 0.5) * count for p, count in zip(probabilities, words, strict=True)]
    first, last, total = heaviest_run(gains)
    return (first, last) if total > 0 else (-1, -1)


class Trees:
    """Gradient-boosted trees stored as arrays: a probability for each row of features."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.bias = float(data["bias"])
        self.trees = [
            (
                tree["left"],
                tree["right"],
                tree["feature"],
                [float(t) for t in tree["threshold"]],
                [float(v) for v in tree["value"]],
            )
            for tree in data["trees"]
        ]

    def probability(self, row: Sequence[float]) -> float:
        total = self.bias
        for left, right, feature, threshold, value in self.trees:
            node = 0
            while left[node] != -1:
                node = left[node] if row[feature[node]] <= threshold[node] else right[node]
            total += value[node]
        return 1.0 / (1.0 + math.exp(-total))


class LineModel:
    """Two stages of trees: the first reads each line and its layout, the second also reads
    what the first said of the lines around it."""

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("features") != list(FEATURES) or data.get("context") != list(CONTEXT_FEATURES):
            raise ValueError("the line model was fitted on other features: refit it")
        self.first = Trees(data["first"])
        self.second = Trees(data["second"])

    def score(self, lines: Sequence[Line]) -> list[float]:
        rows = features(lines)
        first = [self.first.probability(row) for row in rows]
        return [
            self.second.probability(row + context)
            for row, context in zip(rows, context_features(lines, first), strict=True)
        ]


@cache
def default_model() -> LineModel | None:
    """The shipped model, or None when there is none (the rules then work alone)."""
    if not MODEL_PATH.is_file():
        return None
    return LineModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
