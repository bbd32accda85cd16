"""nupunkt's sentence spans for one English paragraph, found without its per-call machinery.

nupunkt (``span_tokenize`` of its default model) spends most of its time around its decision
rather than in it: a pattern with named groups at every end mark, another for each word's
start, a list-marker check, slice objects and a realignment pass. Here one pattern finds each
end mark nupunkt considers together with the text it decides on (the word holding the mark,
up to the end of its closing quotes or brackets, then the space and the next word), and the
decision (``punkt_decision.contains_break``) is made once per distinct context and remembered.

Most news paragraphs (words separated by single spaces, each considered end mark ending its
word) go through ``_plain_spans``; the others through ``_any_spans``, which follows nupunkt's
grouping of end marks inside a word. A paragraph with a line break, a space before its first
word, or a spaced ellipsis (". . .") gets None and is left to nupunkt itself.
tests/articles/test_punkt.py holds both paths to nupunkt's spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from articles.ingest.punkt_decision import CLOSING as _CLOSING
from articles.ingest.punkt_decision import LANGUAGE as _LANGUAGE
from articles.ingest.punkt_decision import MODEL, contains_break

_LOWER_CONTINUES = MODEL.EXCL_QUEST_LOWERCASE_CONTINUES
_ENUMERATOR = MODEL._RE_LINE_ENUMERATOR.fullmatch
_REALIGNMENT = _LANGUAGE.re_boundary_realignment.match
# What can't continue a word after an end mark, for the model's period-context pattern.
_NOT_A_WORD = _LANGUAGE._re_non_word_chars

_ENDS = "".join(sorted(MODEL._SENT_END_CHARS))
_ENDS_CLASS = re.escape(_ENDS)
_CLOSERS_CLASS = re.escape("".join(sorted(_CLOSING)))
# In each run of non-space characters, the last end mark the period-context pattern accepts;
# group 1 is the run up to the end of the mark's closing marks, group 2 ends right after the
# mark, group 3 (looked at, not taken) is the space and the next run.
_CONTEXT = re.compile(
    rf"(?<!\S)((\S*[{_ENDS_CLASS}])(?={_NOT_A_WORD})[{_CLOSERS_CLASS}]*)(?=(\s*\S*))"
)
# An end mark the pattern accepts at the start of a run, with its context.
_FIRST = re.compile(rf"([{_ENDS_CLASS}](?={_NOT_A_WORD})[{_CLOSERS_CLASS}]*)(?=(\s*\S*))")
# The periods of a spaced ellipsis, which nupunkt reads as one word.
_SPACED_MARKS = re.compile(rf"\.\s+[{_ENDS_CLASS}]")
# Each end mark the period-context pattern accepts, its closing marks (group 1), and (group 2)
# one " " and the next word, "" at the end of the paragraph, or None when something else
# follows the closing marks (more of the word, another space) or the next word starts with an
# end mark.
_PLAIN_CONTEXT = re.compile(
    rf"[{_ENDS_CLASS}](?={_NOT_A_WORD})([{_CLOSERS_CLASS}]*)"
    rf"(?=( (?![ {_ENDS_CLASS}])[^ ]*|$)?)"
)
# The same for a paragraph whose only end mark is the full stop: a literal first character
# lets the pattern engine skip straight to each one.
_PLAIN_PERIOD_CONTEXT = re.compile(
    rf"\.(?={_NOT_A_WORD})([{_CLOSERS_CLASS}]*)(?=( (?![ {_ENDS_CLASS}])[^ ]*|$)?)"
)
_OTHER_ENDS = tuple(_ENDS.replace(".", ""))
_MEMO_SIZE = 65536
# Decisions by context: the plain path's text of the context, the other path's (before, after).
_decided: dict[str | tuple[str, str], bool] = {}


def sentence_spans(paragraph: str) -> list[tuple[int, int]] | None:
    """nupunkt's ``span_tokenize(paragraph)`` of the default model (boundaries realigned), or
    None for a paragraph this module leaves to nupunkt: one with a line break, a space before
    its first word, or a spaced ellipsis (". . .")."""
    if (
        "\n" not in paragraph
        and not paragraph[:1].isspace()
        and not paragraph[-1:].isspace()
        and not _LOWER_CONTINUES
    ):
        spans = _plain_spans(paragraph)
        if spans is not None:
            return spans
    if "\n" in paragraph or paragraph[:1].isspace() or _SPACED_MARKS.search(paragraph):
        return None
    return _any_spans(paragraph)


def _plain_spans(paragraph: str) -> list[tuple[int, int]] | None:
    """``sentence_spans`` of a paragraph with no line break nor space at either end, where
    every end mark nupunkt considers ends its word and is followed by one " " and a word that
    is not an end mark alone (or by nothing), and the words around it hold no other space
    than " "; so each is decided on its own. None for any other paragraph ('?”, he said',
    "Wow ! !", ". . ."), left to ``_any_spans``."""
    length = len(paragraph)
    slices: list[tuple[int, int]] = []
    last_break = 0
    realign = False
    decided = _decided
    pattern = _PLAIN_CONTEXT
    if not any(end in paragraph for end in _OTHER_ENDS):
        pattern = _PLAIN_PERIOD_CONTEXT
    for match in pattern.finditer(paragraph):
        closers, after = match.groups()
        if after is None:
            return None
        mark = match.start() + 1
        if mark <= 13 and paragraph[mark - 1] == "." and _ENUMERATOR(paragraph, 0, mark):
            continue  # "1." or "(b)." at the start: a list marker
        if closers and after[1:2].islower():
            continue  # '"Is it?" he asked'
        # The word holding the end mark, its closing marks, a space and the next word.
        context = paragraph[paragraph.rfind(" ", 0, mark) + 1 : match.end(2)]
        breaks = decided.get(context)
        if breaks is None:
            if not context.isprintable():
                return None  # a space other than " " (all the others are unprintable)
            breaks = _decide(context, context[: len(context) - len(after)], after)
        if breaks:
            slices.append((last_break, mark))
            # A sentence that starts with a closing mark gives the realignment pass work.
            if closers:
                last_break = mark
                realign = True
            else:
                last_break = mark + 1
                realign = realign or after[1:2] in _CLOSING
    if last_break < length:
        slices.append((last_break, length))
    return _realigned(paragraph, slices) if realign else slices


def _decide(key: str | tuple[str, str], before: str, after: str) -> bool:
    """``contains_break(before, after)``, remembered under ``key``: news text repeats its
    contexts."""
    breaks = contains_break(before, after)
    if len(_decided) >= _MEMO_SIZE:
        _decided.clear()
    _decided[key] = breaks
    return breaks


def _any_spans(paragraph: str) -> list[tuple[int, int]]:
    length = len(paragraph)
    text_end = len(paragraph.rstrip())
    slices: list[tuple[int, int]] = []
    last_break = 0
    decided = _decided
    for mark, before, after in _contexts(paragraph):
        if mark <= 13 and paragraph[mark - 1] == "." and _ENUMERATOR(paragraph, 0, mark):
            continue  # "1." or "(b)." at the start: a list marker
        following = paragraph[mark] if mark < length else ""
        if following:
            if following in "!?":
                continue
            if following in " \t" and _marks_follow(paragraph, mark, length):
                continue
            if following in _CLOSING and _quotation_goes_on(paragraph, mark, length):
                continue
            if _LOWER_CONTINUES and paragraph[mark - 1] in "!?":
                after_space = mark
                while after_space < length and paragraph[after_space] in " \t":
                    after_space += 1
                if after_space < length and paragraph[after_space].islower():
                    continue
        key = (before, after)
        breaks = decided.get(key)
        if breaks is None:
            breaks = _decide(key, before, after)
        if breaks:
            slices.append((last_break, mark))
            last_break = mark
            while last_break < length and paragraph[last_break].isspace():
                last_break += 1
    if last_break < text_end:
        slices.append((last_break, text_end))
    return _realigned(paragraph, slices)


def _contexts(paragraph: str) -> Iterator[tuple[int, str, str]]:
    """(the end of the end mark, before, after) of each end mark nupunkt decides on."""
    for match in _CONTEXT.finditer(paragraph):
        start = match.start()
        mark = match.end(2)
        # nupunkt decides on one end mark per run of non-space characters, the last, except
        # that a run which starts with an end mark has that one decided as well ('?"And.').
        if paragraph[start] in _ENDS and start + 1 < mark:
            first = _FIRST.match(paragraph, start)
            if first is not None:
                yield start + 1, first.group(1), first.group(2)
        yield mark, match.group(1), match.group(3)


def _marks_follow(paragraph: str, mark: int, length: int) -> bool:
    """A run of end marks with spaces in it ("Wow ! !") ends at its last mark."""
    k = mark
    while k < length and paragraph[k] in " \t":
        k += 1
    return (
        k < length
        and paragraph[k] in "!?"
        and (k + 1 == length or paragraph[k + 1].isspace() or paragraph[k + 1] in "!?")
    )


def _quotation_goes_on(paragraph: str, mark: int, length: int) -> bool:
    """An end mark, closing marks, then a lower-case word: '"Is it?" he asked.'"""
    k = mark
    while k < length and paragraph[k] in _CLOSING:
        k += 1
    while k < length and paragraph[k] in " \t":
        k += 1
    return k < length and paragraph[k].islower()


def _realigned(paragraph: str, slices: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Closing marks that begin a sentence moved to the end of the one before ('."' then a
    space)."""
    if not any(start < len(paragraph) and paragraph[start] in _CLOSING for start, _ in slices):
        return slices
    spans = []
    shift = 0
    for index, (start, stop) in enumerate(slices):
        start += shift
        if index + 1 == len(slices):
            if stop > start:
                spans.append((start, stop))
            break
        next_start, next_stop = slices[index + 1]
        closers = _REALIGNMENT(paragraph, next_start, next_stop)
        if closers:
            spans.append((start, next_start + len(closers.group(0).rstrip())))
            shift = closers.end() - next_start
        else:
            shift = 0
            if stop > start:
                spans.append((start, stop))
    return spans
