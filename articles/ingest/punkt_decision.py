"""What nupunkt decides about the words around one end mark, by its rules, with its model's data.

``contains_break(before, after)`` answers what nupunkt's decision step answers for one
candidate context: its first pass on each word (an end mark, an ellipsis, a known
abbreviation, or nothing), then the pair rules on each word and the next (a title before a
capitalised word, known collocations, the abbreviation's break rate, orthographic evidence,
sentence starters, initials and numbers). The rules are written here; everything they read is
taken from the loaded default model at import (its abbreviations, collocations, sentence
starters, orthographic context and break rates, its word pattern and its lists of titles,
punctuation and closing marks), so nothing of it is copied.
"""

from __future__ import annotations

import re

import nupunkt
from nupunkt.core.constants import ORTHO_BEG_LC, ORTHO_LC, ORTHO_MID_UC, ORTHO_UC

# The same cached instance as ``nupunkt.load`` gives every caller.
MODEL = nupunkt.load("default")
LANGUAGE = MODEL._lang_vars
CLOSING = MODEL._CLOSING_CHARS
_PARAMETERS = MODEL.parameters
_WORDS = LANGUAGE.word_tokenize_pattern.findall
_SENTENCE_ENDS = LANGUAGE.sent_end_chars
_ABBREVIATIONS = _PARAMETERS.abbrev_types
_COLLOCATIONS = _PARAMETERS.collocations
_STARTERS = _PARAMETERS.sent_starters
_ORTHOGRAPHY = _PARAMETERS.ortho_context
_BREAK_RATES = _PARAMETERS.abbrev_break_rates
_TITLES = MODEL._TITLE_ABBREVS
_PUNCTUATION = MODEL._PUNCT_CHARS
_ELLIPSIS_CONTINUERS = MODEL._ELLIPSIS_CONTINUERS
_EXCLAMATION_BREAK = MODEL._RE_EXCL_QUEST_BREAK.search

_NUMBER = re.compile(r"-?[.,]?\d[\d,.-]*\.?$")
_INITIAL = re.compile(r"[^\W\d]\.")
_ELLIPSIS_END = re.compile(r"\.\.+$")
_SPACED_ELLIPSIS = re.compile(r"\.\s+\.\s+\.")

# First-pass outcomes of a word.
_NOTHING, _BREAK, _ABBREVIATION, _ELLIPSIS = 0, 1, 2, 3
_MEMO_SIZE = 65536
_first: dict[str, int] = {}


def contains_break(before: str, after: str) -> bool:
    """Whether nupunkt puts a sentence break after a word of ``before`` (the run holding the
    end mark), reading the first word of ``after`` as the one that follows."""
    if ("!" in before or "?" in before) and _EXCLAMATION_BREAK(before + after):
        return True
    count = len(_WORDS(before))
    if not count:
        return False
    # The words of both, closing marks alone left out, and at most one word of ``after``.
    words: list[str] = []
    owned = 0  # how many of ``words`` belong to ``before``
    for index, word in enumerate(_WORDS(before + after)):
        if all(c in CLOSING for c in word):
            continue
        words.append(word)
        if index >= count:
            break
        owned += 1
    for index in range(owned):
        word = words[index]
        outcome = _first_pass(word)
        if not outcome:
            continue
        if index + 1 < len(words):
            following = words[index + 1]
            if _pair_breaks(word, outcome, following, _first_pass(following)):
                return True
        elif outcome == _BREAK:
            return True
    return False


def _first_pass(word: str) -> int:
    """What a word is on its own: an end mark, an ellipsis, an abbreviation, or nothing."""
    outcome = _first.get(word)
    if outcome is None:
        outcome = _classify(word)
        if len(_first) < _MEMO_SIZE:
            _first[word] = outcome
    return outcome


def _classify(word: str) -> int:
    if word in _SENTENCE_ENDS:
        return _BREAK
    if _ELLIPSIS_END.search(word) or word.endswith("\u2026") or _SPACED_ELLIPSIS.search(word):
        return _ELLIPSIS
    if not word.endswith(".") or word.endswith(".."):
        return _NOTHING
    if _may_abbreviate(word) and _is_abbreviation(word[:-1].lower()):
        return _ABBREVIATION
    return _BREAK


def _kind(word: str) -> str:
    """The word's type in the model: "##number##" for a number, else lower case."""
    return "##number##" if _NUMBER.match(word) else word.lower()


def _may_abbreviate(word: str) -> bool:
    """Letters, digits, periods, apostrophes and "&" only; a letter, no more digits than
    letters; not a number."""
    if _kind(word) == "##number##":
        return False
    letters = digits = 0
    for c in word:
        if c in ".'\u2019&":
            continue
        if c.isalpha():
            letters += 1
        elif c.isdigit():
            digits += 1
        else:
            return False
    return letters > 0 and letters >= digits


def _is_abbreviation(candidate: str) -> bool:
    if candidate in _ABBREVIATIONS:
        return True
    if "-" in candidate and candidate.rsplit("-", 1)[-1] in _ABBREVIATIONS:
        return True
    return "." in candidate and candidate.replace(".", "") in _ABBREVIATIONS


def _starts_sentence(orthography: int, upper: bool, lower: bool) -> bool | None:
    """What the model's record of a word's cases says: it starts a sentence (True), it does
    not (False), or no telling (None)."""
    if upper and orthography & ORTHO_LC and not orthography & ORTHO_MID_UC:
        return True
    if lower and (orthography & ORTHO_UC or not orthography & ORTHO_BEG_LC):
        return False
    return None


def _pair_breaks(word: str, outcome: int, following: str, following_outcome: int) -> bool:
    """Whether a sentence ends after ``word`` (first-pass ``outcome``) given the word after."""
    upper = following[0].isupper()
    lower = following[0].islower()
    if outcome == _ELLIPSIS:
        return upper and following not in _ELLIPSIS_CONTINUERS
    if not word.endswith("."):
        return outcome == _BREAK
    kind = _kind(word)
    kind = kind[:-1] if kind.endswith(".") and len(kind) > 1 else kind
    next_kind = _kind(following)
    if following_outcome == _BREAK and next_kind.endswith(".") and len(next_kind) > 1:
        next_kind = next_kind[:-1]
    abbreviation = outcome == _ABBREVIATION
    if abbreviation and kind in _TITLES and upper:
        return False
    if (kind, next_kind) in _COLLOCATIONS:
        return False
    initial = _INITIAL.fullmatch(word) is not None
    if abbreviation and not initial:
        if upper and _BREAK_RATES:
            rate = _break_rate(kind)
            if rate is not None:
                return rate
        if (
            following not in _PUNCTUATION
            and _starts_sentence(_ORTHOGRAPHY.get(next_kind, 0), upper, lower) is True
        ):
            return True
        if upper and next_kind in _STARTERS:
            return True
    if initial or kind == "##number##":
        if following in _PUNCTUATION:
            return False
        orthography = _ORTHOGRAPHY.get(next_kind, 0)
        starts = _starts_sentence(orthography, upper, lower)
        if starts is False:
            return False
        if starts is None and initial and upper and not orthography & ORTHO_LC:
            return False
    return outcome == _BREAK


def _break_rate(kind: str) -> bool | None:
    """How often the abbreviation ended a sentence before a capitalised word in training: a
    break if often enough, no break if rarely enough (when the model sets that), else None."""
    counts = _BREAK_RATES.get(kind)
    if counts is None or counts[0] < MODEL.BREAK_RATE_MIN_COUNT:
        return None
    rate = counts[1] / counts[0]
    if rate >= MODEL.BREAK_RATE_HIGH:
        return True
    low = MODEL.BREAK_RATE_LOW
    if low is not None and rate <= low:
        return False
    return None
