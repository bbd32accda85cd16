"""What the built-in model sees of a sentence: hashed word and character n-grams, plus a few
features that carry the task's meaning (who says so, how sure, how evaluative, with what
figures). No vocabulary is learnt, so a model is its coefficients alone (see ``linear``).

The n-grams work for any language. Of the hand-made features, the marks (quotation marks,
digits, percentages, currency, links, handles, capitalised names inside a sentence, question
and exclamation marks, first-person pronouns by their one-letter shape aside) are
language-agnostic; the word lists (reporting verbs, "according to", evaluative, hedging and
modal words, first person, months and days) are English and are marked so: a sentence in
another language simply scores zero on them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18

# English word lists.
REPORTING = frozenset(
    "said says say told tells tell tweeted tweets wrote writes reported reports reporting "
    "announced announces stated states claimed claims confirmed confirms explained explains "
    "noted notes argued argues alleged alleges accused accuses denied denies added adds "
    "revealed reveals warned warns insisted insists testified testifies commented comments "
    "predicted predicts estimated estimates acknowledged acknowledges disclosed discloses "
    "found finds showed shows according cited cites quoted quotes posted posts statement "
    "spokesperson spokesman spokeswoman survey study report data filing filings".split()
)
EVALUATIVE = frozenset(
    "great greatest best worst good bad better terrible terrific wonderful amazing awesome "
    "excellent beautiful gorgeous ugly horrible awful fantastic incredible incredibly "
    "important crucial essential disaster disastrous shameful absurd ridiculous brilliant "
    "impressive disappointing perfect love loved hate hated excited exciting thrilled "
    "fun favourite favorite really very truly extremely deeply sadly unfortunately "
    "fortunately clearly obviously surely strong weak huge massive remarkable stunning "
    "powerful iconic historic tremendous sham nonsense lies proud humbled honored".split()
)
HEDGING = frozenset(
    "might may could perhaps maybe likely unlikely probably possibly seems seem seemed "
    "appears appear apparently believe believes think thinks thought suggests suggest "
    "expect expects expected hope hopes unclear uncertain allegedly reportedly".split()
)
MODAL = frozenset("should would could must might may will shall can cannot can't won't".split())
FIRST_PERSON = frozenset("i i'm i've i'd i'll me my mine we we're we've we'll us our ours".split())
CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec yesterday today tomorrow week month year".split()
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_QUOTE = re.compile(r"[\"“”«»„‟‹›]")
_NUMBER = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_MONEY_OR_SHARE = re.compile(r"[%$€£¥]|\bper ?cent\b", re.IGNORECASE)
_LINK = re.compile(r"https?://|www\.|\.com\b|pic\.twitter|@\w")
# A capitalised word after the first one: a name, a body, a title (Latin, Greek, Cyrillic).
_INNER_CAPITAL = re.compile(r"(?<=[\w,;:’'\"“”)] )[A-ZÀ-ÖØ-ÞΑ-ΩА-Я][\w’'-]+")
_SAID_NAME = re.compile(
    r"\b(?:said|says|told|wrote|added)\s+[A-Z]|[A-Z][\w’'-]+\s+(?:said|says|told|wrote|added)\b"
)
_ACCORDING = re.compile(r"\baccording to\b", re.IGNORECASE)
# English: a pronoun that reports ("he said") points back to a named speaker.
_PRONOUN_SAID = re.compile(
    r"\b(?:he|she|they|it|we|I)\s+(?:said|says|told|added|wrote|explained|noted)\b", re.IGNORECASE
)
# English: a source that is not identified.
ANONYMOUS = frozenset(
    "familiar insider insiders sources source people person anonymity anonymously "
    "experts critics observers some many officials analysts".split()
)
_SUPERLATIVE = re.compile(r"\b(?:most|least|[a-z]{3,}est)\b")

HAND_NAMES = (
    "reporting verbs (en)",
    "according to (en)",
    "reporting verb beside a name (en)",
    "quotation marks",
    "opens with a quotation mark",
    "capitalised names inside",
    "evaluative words (en)",
    "hedging words (en)",
    "modal verbs (en)",
    "first person (en)",
    "digits",
    "year",
    "money or share",
    "calendar words (en)",
    "link or handle",
    "question",
    "exclamation",
    "no final stop",
    "short (under 5 words)",
    "length (log words)",
    "colon",
    "pronoun reporting (en)",
    "unidentified source words (en)",
    "superlatives (en)",
    "quoted and evaluative",
    "reporting and evaluative",
)
HAND_FEATURES = len(HAND_NAMES)
N_FEATURES = WORD_FEATURES + CHAR_FEATURES + HAND_FEATURES
# The hand-made features weigh a little more than one n-gram block (chosen on the benchmark).
HAND_WEIGHT = 1.5


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


def _hand(text: str) -> list[float]:
    words = [word.lower() for word in _WORD.findall(text)]
    count = len(words) or 1
    stripped = text.rstrip()
    quotes = len(_QUOTE.findall(text))
    reporting = sum(word in REPORTING for word in words)
    evaluative = sum(word in EVALUATIVE for word in words)
    return [
        min(3, reporting) / 3,
        float(bool(_ACCORDING.search(text))),
        float(bool(_SAID_NAME.search(text))),
        min(4, quotes) / 4,
        float(bool(_QUOTE.match(text.lstrip()))),
        min(5, len(_INNER_CAPITAL.findall(text))) / 5,
        min(3, evaluative) / 3,
        min(3, sum(word in HEDGING for word in words)) / 3,
        min(3, sum(word in MODAL for word in words)) / 3,
        min(3, sum(word in FIRST_PERSON for word in words)) / 3,
        min(6, len(_NUMBER.findall(text))) / 6,
        float(bool(_YEAR.search(text))),
        float(bool(_MONEY_OR_SHARE.search(text))),
        min(2, sum(word in CALENDAR for word in words)) / 2,
        float(bool(_LINK.search(text))),
        float(stripped.endswith("?") or stripped.endswith("?”") or stripped.endswith('?"')),
        float("!" in text),
        float(not stripped or stripped[-1] not in ".!?\"”’'…)"),
        float(count < 5),
        min(1.0, float(np.log1p(count) / 4)),
        float(":" in text),
        float(bool(_PRONOUN_SAID.search(text))),
        min(2, sum(word in ANONYMOUS for word in words)) / 2,
        min(2, len(_SUPERLATIVE.findall(text))) / 2,
        float(quotes > 0 and evaluative > 0),
        float(reporting > 0 and evaluative > 0),
    ]


def featurise(texts: Sequence[str]) -> sparse.csr_matrix:
    """The feature rows of ``texts``: N_FEATURES columns, sparse (CSR, float64)."""
    from scipy import sparse

    words, chars = _vectorisers()
    hand = sparse.csr_matrix(
        HAND_WEIGHT * np.array([_hand(text) for text in texts], dtype=np.float64)
    )
    return sparse.hstack([words.transform(texts), chars.transform(texts), hand], format="csr")
