"""A line of a plain-text page and what the rules take it for (the type ``pages.py`` and the
line model in ``lines.py`` both read), and how many words a line holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

SENTENCE_END = (".", "!", "?", "…", '."', ".”", "!”", "?”", '!"', '?"', ".’", "。", "！", "？")
# Full stops, question and exclamation marks of the scripts news is written in (Latin, CJK,
# Devanagari's danda, Arabic and Urdu, Ethiopic), and the quotes and brackets that may close
# a sentence after its mark.
_FINAL_MARKS = ".!?…。！？।॥؟۔።"
_CLOSERS = "\"'”’»›)]」』） \u00a0\u202f"  # French typography spaces a closing guillemet
# A list item's bullet as renderers draw <li>: "* ", "+ " and "o " for nested lists, "• ", "- ".
BULLET = r"(?:[*+•·▪◦‣–—-]|o(?=\s+\S))\s+"
LIST_ITEM = re.compile("^" + BULLET)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str) -> int:
    """Words in a line; in Chinese and Japanese, which have no spaces, two characters count one."""
    words = text.count(" ") + 1
    if not text.isascii():
        words += len(_CJK.findall(text)) // 2
    return words


def ends_sentence(text: str) -> bool:
    """Does the line end as a sentence does ("… he said.", "… 'no'?”", "… किया।")?"""
    return text.rstrip(_CLOSERS)[-1:] in _FINAL_MARKS if text else False


class Kind(StrEnum):
    TEXT = "text"
    TITLE = "title"  # title-like: could be an article's title or a subheading
    NAME = "name"  # two to four capitalised words: a byline without "By", or a site name
    BYLINE = "byline"
    DATE = "date"
    CREDIT = "credit"  # "Via Reuters", "Photo: …"
    FURNITURE = "furniture"  # dropped wherever it is
    END = "end"  # dropped, and closes an article that has body text


@dataclass(slots=True)
class Line:
    number: int  # 1-based line number in the input
    text: str
    blank_after: int
    kind: Kind = Kind.TEXT
    reason: str = ""  # why the line was dropped, in words an admin reads in the preview
    repeats: int = 1  # how many lines of the page read the same
    in_run: bool = False  # one of a run of short menu-like lines
    score: float | None = None  # the line model's probability that this is article text
    inside: bool = True  # within a run of article text
