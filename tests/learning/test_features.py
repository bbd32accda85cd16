"""The hand-made features, made for a whole batch at once (``features.hand_features``), are
those of the plain reading below, one text at a time with the patterns as first written: the
quick looks and the reordered patterns change the speed, never a value."""

from __future__ import annotations

import math
import re

import numpy as np

from annotator.learning import features
from annotator.learning.features import _EVALUATIVE, _FIRST, _PERSONAL, _REPORTING, GROUPS
from annotator.learning.lexicon import BIT, IMPERATIVE, kinds
from tests.learning.samples import varied

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_QUOTE = re.compile(r"[\"“”«»„‟‹›]")
_OPENS_QUOTED = re.compile(r"""^\W{0,2}["“«„‹]""")
_CLOSES_QUOTED = re.compile(r"""["”»‟›]\W{0,2}$""")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONEY_OR_SHARE = re.compile(r"[%$€£¥]|\bper ?cent\b", re.IGNORECASE)
_LINK = re.compile(r"https?://|www\.|\.com\b|pic\.twitter|@\w")
_HASHTAG = re.compile(r"#\w")
_INNER_CAPITAL = re.compile(r"(?<=[\w,;:’'\"“”)] )[A-ZÀ-ÖØ-ÞΑ-ΩА-Я][\w’'-]+")
_CAPITALS = re.compile(r"\b[A-ZÀ-ÖØ-ÞΑ-ΩА-Я]{2,}\b")
_ELLIPSIS = re.compile(r"…|\.\.\.")
_NUMBERED_REFERENCE = re.compile(r"\(\d{1,3}\)|\[\d{1,3}\]")
_COMPARISON = re.compile(r"\b(?:more|less|better|worse|\w+er)\s+than\b", re.IGNORECASE)
_HEDGING = BIT["hedge"] | BIT["stance verb"] | BIT["possibility modal"] | BIT["obligation modal"]
_REPORTED = (
    r"(?:said|says|told|tells|wrote|writes|added|adds|stated|states|explained|noted|"
    r"announced|reported|reports|confirmed|tweeted|argued|warned|insisted|claimed|"
    r"according to)"
)
_REPORTED_BY_NAME = re.compile(
    rf"\b{_REPORTED}\s+(?:the\s+|a\s+)?[A-Z]|[A-Z][\w’'.-]+\s+(?:has\s+|had\s+)?{_REPORTED}\b"
)
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
_PRONOUN_REPORTED = re.compile(rf"\b(?:he|she|they|it|we|I)\s+{_REPORTED}\b", re.IGNORECASE)
_TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Gen|President|Minister|Secretary|Judge|Mayor|"
    r"Governor|Senator|Chancellor|Chief|CEO|Director|Professor|Coach)\.?\s+[A-Z]"
)


def _capped(count: int, cap: int) -> float:
    return min(cap, count) / cap


def _reference(text: str) -> list[float]:
    words = [word.lower().replace("’", "'") for word in _WORD.findall(text)]
    count = len(words) or 1
    masks = [kinds(word) for word in words]
    seen = 0
    for mask in masks:
        seen |= mask
    groups = [sum(BIT[kind] for kind in group) for _, group in GROUPS]
    stripped = text.strip()
    quotes = len(_QUOTE.findall(text))
    reporting = bool(seen & _REPORTING)
    evaluative = bool(seen & _EVALUATIVE)
    question = stripped.endswith(("?", "?”", '?"', "?’"))
    digits = len(_DIGIT.findall(text))
    return [
        *(_capped(sum(1 for mask in masks if mask & bits), 3) for bits in groups),
        float(reporting and "ccording" in text and bool(_ACCORDING.search(text))),
        float(reporting and bool(_REPORTED_BY_NAME.search(text))),
        float(reporting and bool(_PRONOUN_REPORTED.search(text))),
        float(bool(_TITLED_NAME.search(text))),
        _capped(quotes, 4),
        float(bool(_OPENS_QUOTED.match(stripped))),
        float(bool(_CLOSES_QUOTED.search(stripped))),
        _capped(len(_INNER_CAPITAL.findall(text)), 5),
        _capped(len(_CAPITALS.findall(text)), 3),
        _capped(digits, 6),
        float(bool(_YEAR.search(text))),
        float(bool(_MONEY_OR_SHARE.search(text))),
        float(bool(_LINK.search(text))),
        float(bool(_HASHTAG.search(text))),
        float(question),
        float("!" in text),
        float(bool(_ELLIPSIS.search(text))),
        float(bool(_NUMBERED_REFERENCE.search(text))),
        float(bool(_COMPARISON.search(text))),
        float(":" in text),
        float(not stripped or stripped[-1] not in ".!?\"”’'…)"),
        float(count < 5),
        min(1.0, math.log1p(count) / 4),
        float(bool(words) and words[0] in IMPERATIVE),
        float(quotes > 0 and evaluative),
        float(reporting and evaluative),
        float(quotes > 0 and bool(seen & _PERSONAL)),
        float(bool(seen & _FIRST) and bool(seen & (_EVALUATIVE | BIT["stance verb"]))),
        float(question and bool(seen & BIT["second person"])),
        float(reporting and bool(seen & BIT["unidentified source"])),
        min(1.0, 4 * sum(1 for mask in masks if mask & _EVALUATIVE) / count),
        min(1.0, 4 * sum(1 for mask in masks if mask & _HEDGING) / count),
    ]


def test_batched_hand_features_are_the_plain_readings_to_the_last_bit():
    texts = varied(2000)
    want = np.array([_reference(text) for text in texts])
    got = features.hand_features(texts)
    assert got.shape == (len(texts), features.HAND_FEATURES)
    mismatched = {
        (features.HAND_NAMES[column], texts[row]) for row, column in np.argwhere(got != want)
    }
    assert not mismatched


def test_featurise_puts_words_then_characters_then_hand_made_features():
    texts = ["The ministry said 40 schools closed.", ""]
    rows = features.featurise(texts)
    assert rows.shape == (2, features.N_FEATURES)
    assert rows[1, : features.HAND_COLUMNS.start].nnz == 0
    hand = rows[:, features.HAND_COLUMNS].toarray()
    assert np.array_equal(hand, features.hand_features(texts))


def test_each_sentence_is_read_in_its_article():
    articles = [
        ["I loved it.", "“Great,” he said.", "Prices rose 5%."],
        ["The ministry said 40 schools closed."],
    ]
    texts = [text for article in articles for text in article]
    hand = features.hand_features(texts)
    rows = features.context_features(hand, [3, 1])
    assert rows.shape == (4, features.CONTEXT_FEATURES)
    named = [dict(zip(features.CONTEXT_NAMES, row, strict=True)) for row in rows]
    share = "share of the article's sentences: quotation marks"
    assert [row[share] for row in named] == [1 / 3, 1 / 3, 1 / 3, 0.0]
    before = [row["sentence before: quotation marks"] for row in named]
    after = [row["sentence after: quotation marks"] for row in named]
    assert before == [0.0, 0.0, hand[1, features.HAND_NAMES.index("quotation marks")], 0.0]
    assert after == [hand[1, features.HAND_NAMES.index("quotation marks")], 0.0, 0.0, 0.0]
    assert [row["first sentence"] for row in named] == [1, 0, 0, 1]
    assert [row["last sentence"] for row in named] == [0, 0, 1, 1]


def test_a_sentence_without_its_article_is_an_article_of_its_own():
    texts = ["The ministry said 40 schools closed.", ""]
    rows = features.featurise(texts)
    assert rows.shape == (2, features.N_FEATURES)
    context = rows[:, features.CONTEXT_COLUMNS].toarray()
    hand = features.hand_features(texts)
    assert np.array_equal(context, features.context_features(hand, [1, 1]))
    assert np.array_equal(context[:, : features.HAND_FEATURES], hand > 0)
