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

A sentence is also seen in its article (``context_features``): how often each hand-made
feature shows in the article's sentences, the hand-made features of the sentences just before
and after it, and where it stands. The same words read differently in a review or a column
than in a wire story, and a quotation's continuation borrows its source from the sentence
before; the article's mix of first and second person, evaluative words, reporting verbs and
quotation marks carries its genre. No word of the article is kept, only those shares. A
sentence known without its article is read as an article of one sentence (``alone``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from annotator.learning.lexicon import BIT, IMPERATIVE, kinds
from annotator.learning.ngrams import char_ngrams, word_ngrams

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
_LINK = re.compile(r"https?://|www\.|\.com\b|pic\.twitter|@\w")
_HASHTAG = re.compile(r"#\w")
# A capitalised word after the first one: a name, a body, a title (Latin, Greek, Cyrillic).
# (The capital first and the look back after it: the same matches, found faster.)
_INNER_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞΑ-ΩА-Я](?<=[\w,;:’'\"“”)] [A-ZÀ-ÖØ-ÞΑ-ΩА-Я])[\w’'-]+")
_CAPITALS = re.compile(r"\b[A-ZÀ-ÖØ-ÞΑ-ΩА-Я]{2,}\b")
_MONEY_SIGN = re.compile(r"[%$€£¥]")
# A numbered reference to a list of sources: "(2)", "[14]".
_NUMBERED_REFERENCE = re.compile(r"\(\d{1,3}\)|\[\d{1,3}\]")
_COMPARISON = re.compile(r"\b(?:more|less|better|worse|\w+er)\s+than\b", re.IGNORECASE)
_PER_CENT = re.compile(r"\bper ?cent\b", re.IGNORECASE)
_LINK_PARTS = ("http", "www.", ".com", "pic.twitter", "@")
# English phrasings of attribution.
_REPORTED_WORDS = (
    *"said says told tells wrote writes added adds stated states explained noted".split(),
    *"announced reported reports confirmed tweeted argued warned insisted claimed".split(),
    "according to",
)
_REPORTED = f"(?:{'|'.join(_REPORTED_WORDS)})"
# Letters other than a-z that match one of a-z when case is ignored (i, s).
_ODD_CASE = ("İ", "ı", "ſ")
_REPORTED_BY_NAME = re.compile(
    rf"\b{_REPORTED}\s+(?:the\s+|a\s+)?[A-Z]|[A-Z][\w’'.-]+\s+(?:has\s+|had\s+)?{_REPORTED}\b"
)
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
_PRONOUN_REPORTED = re.compile(rf"\b(?:he|she|they|it|we|I)\s+{_REPORTED}\b", re.IGNORECASE)
_TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gov|Sen|Rep|Gen|President|Minister|Secretary|Judge|Mayor|"
    r"Governor|Senator|Chancellor|Chief|CEO|Director|Professor|Coach)\.?\s+[A-Z]"
)
# A quick first look: every title above holds one of these.
_TITLE_WORD = re.compile(
    r"Mr|Ms|Dr|Prof|Gov|Sen|Rep|Gen|President|Minister|Secretary|Judge|Mayor|Chancellor|"
    r"Chief|CEO|Director|Coach"
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
    "numbered reference",
    "comparison (en)",
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
    "share of evaluative words (en)",
    "share of hedges and modal verbs (en)",
)
HAND_NAMES = tuple(name for name, _ in GROUPS) + MARK_NAMES
HAND_FEATURES = len(HAND_NAMES)
CONTEXT_NAMES = (
    *(f"share of the article's sentences: {name}" for name in HAND_NAMES),
    *(f"sentence before: {name}" for name in HAND_NAMES),
    *(f"sentence after: {name}" for name in HAND_NAMES),
    "first sentence",
    "second sentence",
    "position (log)",
    "last sentence",
)
CONTEXT_FEATURES = len(CONTEXT_NAMES)
N_FEATURES = WORD_FEATURES + CHAR_FEATURES + HAND_FEATURES + CONTEXT_FEATURES
# The columns of the hand-made features, then those of the article context.
HAND_COLUMNS = slice(WORD_FEATURES + CHAR_FEATURES, N_FEATURES - CONTEXT_FEATURES)
CONTEXT_COLUMNS = slice(HAND_COLUMNS.stop, N_FEATURES)

_GROUP_BITS = tuple(sum(BIT[kind] for kind in group) for _, group in GROUPS)
_EVALUATIVE = BIT["praise"] | BIT["blame"] | BIT["intensifier"] | BIT["superlative"]
_REPORTING = BIT["reporting verb"] | BIT["source noun"]
_PERSONAL = BIT["first person singular"] | BIT["first person plural"] | BIT["second person"]
_FIRST = BIT["first person singular"] | BIT["first person plural"]
_HEDGING = BIT["hedge"] | BIT["stance verb"] | BIT["possibility modal"] | BIT["obligation modal"]
# The word kinds counted in each text: GROUPS, then the two shares.
_COUNTED_BITS = (*_GROUP_BITS, _EVALUATIVE, _HEDGING)
# The marks ``_marks`` reads text by text, and those of them that are counts, with their caps.
_MARKED = MARK_NAMES[: MARK_NAMES.index("no final stop") + 1]
_COUNTED = {
    "quotation marks": 4,
    "capitalised names inside": 5,
    "words in capitals": 3,
    "digits": 6,
}


def _capped(counts: np.ndarray, cap: int) -> np.ndarray:
    return np.minimum(counts, cap) / cap


def _word_kinds(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each text's word count, the count of its words of each of _COUNTED_BITS, the kinds of all
    its words together (a bit mask) and whether its first word is an imperative, for the
    whole batch at once: the words are lower-cased and looked up in one pass."""
    found = [_WORD.findall(text) for text in texts]
    counts = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    flat = list(chain.from_iterable(found))
    # One lower() over the words joined by a control character (neither cased nor
    # case-ignorable, so a final sigma still ends its word) is each word's lower().
    lowered = "\x01".join(flat).lower().replace("’", "'").split("\x01") if flat else []
    masks = np.fromiter(map(kinds, lowered), dtype=np.int64, count=len(lowered))
    rows = np.repeat(np.arange(len(texts)), counts)
    groups = np.column_stack(
        [np.bincount(rows, (masks & bits) != 0, len(texts)) for bits in _COUNTED_BITS]
    ).reshape(len(texts), len(_COUNTED_BITS))
    worded = np.flatnonzero(counts)
    firsts = (np.cumsum(counts) - counts)[worded]
    seen = np.zeros(len(texts), dtype=np.int64)
    imperative = np.zeros(len(texts), dtype=bool)
    if len(worded):
        seen[worded] = np.bitwise_or.reduceat(masks, firsts)
        imperative[worded] = [lowered[first] in IMPERATIVE for first in firsts.tolist()]
    return counts, groups, seen, imperative


def _has(text: str, pattern: re.Pattern[str]) -> float:
    return 1.0 if pattern.search(text) else 0.0


def _marks(text: str, reporting: bool) -> tuple[float, ...]:
    """The values of _MARKED: MARK_NAMES from "according to (en)" to "no final stop", the
    counts (_COUNTED) not yet capped."""
    stripped = text.strip()
    digits = len(_DIGIT.findall(text))
    if reporting:
        # The attribution patterns all need one of the words: a quick look first.
        lowered = text.lower()
        reporting = any(word in lowered for word in _REPORTED_WORDS) or any(
            odd in text for odd in _ODD_CASE
        )
    return (
        float(reporting and "ccording" in text and bool(_ACCORDING.search(text))),
        float(reporting and bool(_REPORTED_BY_NAME.search(text))),
        float(reporting and bool(_PRONOUN_REPORTED.search(text))),
        _has(text, _TITLED_NAME) if _TITLE_WORD.search(text) else 0.0,
        len(_QUOTE.findall(text)),
        _has(stripped, _OPENS_QUOTED),
        # The pattern ends with the text: its last three characters hold any match.
        _has(stripped[-3:], _CLOSES_QUOTED),
        len(_INNER_CAPITAL.findall(text)),
        len(_CAPITALS.findall(text)),
        digits,
        float(digits >= 4 and bool(_YEAR.search(text))),
        float(bool(_MONEY_SIGN.search(text)) or ("cent" in text.lower() and _has(text, _PER_CENT))),
        _has(text, _LINK) if any(part in text for part in _LINK_PARTS) else 0.0,
        float("#" in text and bool(_HASHTAG.search(text))),
        float(stripped.endswith(("?", "?”", '?"', "?’"))),
        float("!" in text),
        float("…" in text or "..." in text),
        _has(text, _NUMBERED_REFERENCE) if "(" in text or "[" in text else 0.0,
        _has(text, _COMPARISON) if "than" in text.lower() else 0.0,
        float(":" in text),
        float(not stripped or stripped[-1] not in ".!?\"”’'…)"),
    )


def _log1p(counts: np.ndarray) -> np.ndarray:
    """``log1p`` of whole counts as the C library gives it: NumPy's own vectorised log1p may
    differ in the last bit from one build or CPU to another, and a model's features must not."""
    table = np.array([math.log1p(n) for n in range(int(counts.max(initial=0)) + 1)])
    return table[counts]


def hand_features(texts: Sequence[str]) -> np.ndarray:
    """The hand-made features of ``texts``: one row of HAND_FEATURES values in [0, 1] each."""
    counts, groups, seen, imperative = _word_kinds(texts)
    reporting = (seen & _REPORTING) != 0
    marks = np.array(
        [_marks(text, said) for text, said in zip(texts, reporting.tolist(), strict=True)],
        dtype=np.float64,
    ).reshape(len(texts), len(_MARKED))
    quoted = marks[:, _MARKED.index("quotation marks")] > 0
    question = marks[:, _MARKED.index("question")] > 0
    evaluative = (seen & _EVALUATIVE) != 0
    first = (seen & _FIRST) != 0
    for name, cap in _COUNTED.items():
        column = _MARKED.index(name)
        marks[:, column] = _capped(marks[:, column], cap)
    length = np.maximum(counts, 1)
    return np.column_stack(
        [
            _capped(groups[:, : len(GROUPS)], 3),
            marks,
            length < 5,
            np.minimum(1.0, _log1p(length) / 4),
            imperative,
            quoted & evaluative,
            reporting & evaluative,
            quoted & ((seen & _PERSONAL) != 0),
            first & ((seen & (_EVALUATIVE | BIT["stance verb"])) != 0),
            question & ((seen & BIT["second person"]) != 0),
            reporting & ((seen & BIT["unidentified source"]) != 0),
            np.minimum(1.0, 4 * groups[:, len(GROUPS)] / length),
            np.minimum(1.0, 4 * groups[:, len(GROUPS) + 1] / length),
        ]
    ).astype(np.float64)


def context_features(hand: np.ndarray, sizes: Sequence[int] | np.ndarray) -> np.ndarray:
    """The article context of whole articles' sentences: ``hand`` holds their hand-made
    features, article after article, each article's sentences in order, and ``sizes`` how
    many sentences each article has. One row of CONTEXT_FEATURES values in [0, 1] each."""
    counts = np.asarray(sizes, dtype=np.int64)
    counts = counts[counts > 0]
    total = int(counts.sum())
    if total != len(hand):
        raise ValueError(f"{len(hand)} rows of features for articles of {total} sentences")
    if not total:
        return np.zeros((0, CONTEXT_FEATURES))
    starts = np.cumsum(counts) - counts
    article = np.repeat(np.arange(len(counts)), counts)
    position = np.arange(total) - starts[article]
    shares = np.add.reduceat((hand > 0).astype(np.float64), starts, axis=0) / counts[:, None]
    before = np.zeros((total, HAND_FEATURES))
    after = np.zeros((total, HAND_FEATURES))
    has_before = np.flatnonzero(position > 0)
    has_after = np.flatnonzero(position < counts[article] - 1)
    before[has_before] = hand[has_before - 1]
    after[has_after] = hand[has_after + 1]
    return np.column_stack(
        [
            shares[article],
            before,
            after,
            position == 0,
            position == 1,
            np.minimum(1.0, _log1p(position) / 4),
            position == counts[article] - 1,
        ]
    ).astype(np.float64)


def alone(hand: np.ndarray) -> np.ndarray:
    """The article context of sentences each read as an article of its own."""
    return context_features(hand, np.ones(len(hand), dtype=np.int64))


def featurise(
    texts: Sequence[str], context: np.ndarray | None = None, *, hand: np.ndarray | None = None
) -> sparse.csr_matrix:
    """The feature rows of ``texts``: N_FEATURES columns, sparse (CSR, float64). ``context``
    holds their rows of ``context_features`` (each text read alone without it); ``hand``
    their hand-made features when already made."""
    from scipy import sparse

    if hand is None:
        hand = hand_features(texts)
    if context is None:
        context = alone(hand)
    if context.shape != (len(texts), CONTEXT_FEATURES):
        raise ValueError(f"context of shape {context.shape} for {len(texts)} texts")
    words = word_ngrams(texts, WORD_FEATURES, sublinear=True)
    return sparse.hstack(
        [
            words,
            char_ngrams(texts, CHAR_FEATURES, sublinear=True),
            sparse.csr_matrix(hand),
            sparse.csr_matrix(context),
        ],
        format="csr",
    )
