"""Suggest who or what a sourced claim cites, from the wording of the sentence.

Only a prefill for the reviewer to accept or change: "… said Dr. Priya Raman, the council's
engineer" suggests "Dr. Priya Raman"; "According to a staff report, …" suggests "a staff report".
"""

from __future__ import annotations

import re

_VERB = (
    r"(?:said|says|told|tells|added|adds|wrote|writes|argued|argues|warned|warns|announced|"
    r"announces|stated|states|claimed|claims|explained|noted|insisted|confirmed|reported)"
)
_NAME = (
    r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Sen|Gov|Rep|Gen|Sir|St)\.\s)?"
    r"[A-Z][\w'’.-]*(?:\s+(?:of|the|de|van|von|al|[A-Z][\w'’.-]*))*"
)
_PATTERNS = [
    # according to the staff report, / according to figures published by the board
    re.compile(r"\b[Aa]ccording to (?P<source>[^,.;:“”\"]{3,80}?)(?:[,.;:]|$)"),
    # “…,” said Dr. Priya Raman, the engineer.
    re.compile(r"[,!?][”\"’']\s+" + _VERB + r"\s+(?P<source>" + _NAME + r")"),
    # “…,” she said.  → no name: skip.  “…,” Dr. Raman said.
    re.compile(r"[,!?][”\"’']\s+(?P<source>" + _NAME + r")\s+" + _VERB + r"\b"),
    # The board said in a statement that … / Council engineer Dr. Priya Raman told the meeting …
    re.compile(r"(?:^|\s)(?P<source>(?:[Tt]he\s+)?" + _NAME + r")\s+" + _VERB + r"\b"),
    # …, the council said in a statement.
    re.compile(r",\s+(?P<source>(?:the|a|an)\s+[\w'’ -]{2,60}?)\s+" + _VERB + r"\b[^,]*\.?$"),
]
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "the", "this", "that"}


def suggest_source(sentence: str) -> str:
    """The most likely source named in ``sentence``, or "" when none is named."""
    for pattern in _PATTERNS:
        match = pattern.search(sentence)
        if match:
            source = match.group("source").strip(" ,")
            if source.casefold() not in _PRONOUNS:
                return source
    return ""
