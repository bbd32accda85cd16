"""What the built-in model sees of a sentence: hashed word and character n-grams, plus a few
dozen features that carry the task's meaning (who says so, how sure, how evaluative, to
whom, with what figures). No vocabulary is learnt, so a model is its coefficients alone (see
``linear``).

The n-grams work for any language. Of the hand-made features, the marks (quotation marks,
digits, years, percentages and currency, links, handles and hashtags, capitalised names and
words in capitals inside a sentence, question and exclamation marks, ellipses, parentheses,
length) are language-agnostic; the word kinds (``lexicon``: reporting verbs in every tense,
source nouns, unidentified sources, titles, praise and blame, intensifiers, hedges, modal
verbs, first and second person, negation, superlatives) and the English phrasings ("according
to", "said Jane Doe", "he said", "Mr Doe") are English and are marked so: a sentence in
another language simply scores zero on them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from annotator.learning.lexicon import BIT, IMPERATIVE, kinds

if TYPE_CHECKING:
    from scipy import sparse

WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_QUOTE = re.compile(r"[\"“”«»„‟‹›]")
_OPENS_QUOTED = re.compile(r"""^\W{0,2}["“«„‹]""")
_CLOSES_QUOTED = re.compile(r"""["”»‟›]\W{0,2}$""")
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONEY_OR_SHARE = re.compile(r"[%$€£¥]|\bper ?cent\b", re.IGNORECASE)
_LINK = re.compile(r"https?://|www\.|\.com\b|pic\.twitter|@\w")
_HASHTAG = re.compile(r"#\w")
# A capitalised word after the first one: a name, a body, a title (Latin, Greek, Cyrillic).
_INNER_CAPITAL = re.compile(r"(?<=[\w,;:’'\"“”)] )[A-ZÀ-ÖØ-ÞΑ-ΩА-Я][\w’'-]+")
_CAPITALS = re.compile(r"\b[A-ZÀ-ÖØ-ÞΑ-ΩА-Я]{2,}\b")
_ELLIPSIS = re.compile(r"…|\.\.\.")
# English phrasings of attribution.
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

# Words counted by kind (``lexicon``), a few kinds together where they do one job.
GROUPS = (
    ("reporting verbs and source nouns (en)", ("reporting verb", "source noun")),
    ("unidentified source words (en)", ("unidentified source",)),
    ("titles and bodies (en)", ("title or body",)),
    ("evaluative words (en)", ("praise", "blame", "intensifier")),
    ("superlatives (en)", ("superlative",)),
    ("hedging and stance (en)", ("hedge", "stance verb", "possibility modal")),
    ("modal verbs (en)", ("possibility modal", "obligation modal", "future")),
    ("obligation (en)", ("obligation modal",)),
    ("first person (en)", ("first person singular", "first person plural")),
    ("second person (en)", ("second person",)),
    ("negation (en)", ("negation",)),
    ("interjections (en)", ("interjection",)),
    ("calendar words (en)", ("calendar",)),
)
MARK_NAMES = (
    "according to (en)",
    "reporting verb beside a name (en)",
    "pronoun reporting (en)",
    "title before a name (en)",
    "quotation marks",
    "opens with a quotation mark",
    "closes with a quotation mark",
    "capitalised names inside",
    "words in capitals",
    "digits",
    "year",
    "money or share",
    "link or handle",
    "hashtag",
    "question",
    "exclamation",
    "ellipsis",
    "colon",
    "no final stop",
    "short (under 5 words)",
    "length (log words)",
    "opens with an imperative (en)",
    "quoted and evaluative",
    "reporting and evaluative",
    "quoted and first or second person",
    "first person and evaluative or stance (en)",
    "question and second person",
    "unidentified source and reporting (en)",
)
HAND_NAMES = tuple(name for name, _ in GROUPS) + MARK_NAMES
HAND_FEATURES = len(HAND_NAMES)
N_FEATURES = WORD_FEATURES + CHAR_FEATURES + HAND_FEATURES
# The columns of the hand-made features.
HAND_COLUMNS = slice(WORD_FEATURES + CHAR_FEATURES, N_FEATURES)

_GROUP_BITS = tuple(sum(BIT[kind] for kind in group) for _, group in GROUPS)
_EVALUATIVE = BIT["praise"] | BIT["blame"] | BIT["intensifier"] | BIT["superlative"]
_REPORTING = BIT["reporting verb"] | BIT["source noun"]
_PERSONAL = BIT["first person singular"] | BIT["first person plural"] | BIT["second person"]
_FIRST = BIT["first person singular"] | BIT["first person plural"]


@cache
def _vectorisers() -> tuple[Any, Any]:
    """The word and character hashers. scikit-learn (and SciPy) load on first use, in the
    task worker that trains or predicts: never in a web process."""
    from sklearn.feature_extraction.text import HashingVectorizer

    words = HashingVectorizer(
        n_features=WORD_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2"
    )
    chars = HashingVectorizer(
        n_features=CHAR_FEATURES,
        analyzer="char_wb",
        ngram_range=(3, 5),
        alternate_sign=False,
        norm="l2",
    )
    return words, chars


def _capped(count: int, cap: int) -> float:
    return min(cap, count) / cap


def _hand(text: str) -> list[float]:
    words = [word.lower().replace("’", "'") for word in _WORD.findall(text)]
    count = len(words) or 1
    masks = [kinds(word) for word in words]
    counts = [sum(1 for mask in masks if mask & bits) for bits in _GROUP_BITS]
    seen = 0
    for mask in masks:
        seen |= mask
    stripped = text.strip()
    quotes = len(_QUOTE.findall(text))
    reporting = bool(seen & _REPORTING)
    evaluative = bool(seen & _EVALUATIVE)
    question = stripped.endswith(("?", "?”", '?"', "?’"))
    digits = len(_DIGIT.findall(text))
    return [
        *(_capped(found, 3) for found in counts),
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
        float(digits >= 4 and bool(_YEAR.search(text))),
        float(bool(_MONEY_OR_SHARE.search(text))),
        float(bool(_LINK.search(text))),
        float("#" in text and bool(_HASHTAG.search(text))),
        float(question),
        float("!" in text),
        float(bool(_ELLIPSIS.search(text))),
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
    ]


def hand_features(texts: Sequence[str]) -> np.ndarray:
    """The hand-made features of ``texts``: one row of HAND_FEATURES values in [0, 1] each."""
    return np.array([_hand(text) for text in texts], dtype=np.float64).reshape(
        len(texts), HAND_FEATURES
    )


def featurise(texts: Sequence[str]) -> sparse.csr_matrix:
    """The feature rows of ``texts``: N_FEATURES columns, sparse (CSR, float64)."""
    from scipy import sparse

    words, chars = _vectorisers()
    hand = sparse.csr_matrix(hand_features(texts))
    return sparse.hstack([words.transform(texts), chars.transform(texts), hand], format="csr")
