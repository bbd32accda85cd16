"""Turn a cleaned article body into paragraphs and sentence spans with exact offsets.

The body is normalised first (one paragraph per block, blocks separated by a blank line), then
each paragraph is segmented on its own: segmenters given a whole page join lines that lack
final punctuation (headings, bylines) to the next paragraph. Each language is split with its
own rules: English here, the others in ``segment_languages``.

nupunkt was chosen by measurement (tests/benchmarks/bench_segment.py; figures in the issue
notes): of the libraries tried it is the one that both splits a quotation of two sentences into
two spans and runs fast enough to segment tens of megabytes in seconds. Small corrections on top
of it fix what it gets wrong in news text: a list marker split off its item, or left at the end
of the lead-in ("Key dates: 1." | "Filing opens …"); a sentence cut after a title ("“Mr." |
"Lopez …"), before a closing quote or comma ("“What Went Wrong?" | "”, was shared") or before a
lower-case word ("Yahoo!" | "in 2005"); and a boundary missed after "p.m." or "Ltd.", or before
a number ("Turnout was low. 38% of …": its model takes many plain words for abbreviations, and
a number after one never starts a sentence).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from articles.ingest import punkt, segment_languages

PARAGRAPH_BREAK = "\n\n"
ENGLISH = "en"
# Written in Chinese characters or kana: split on their own sentence marks.
_CJK_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu"})
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n")
_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
# Control characters that str.split() does not already treat as space.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# The spaces str.split() splits on but the plain one, for a pattern's class (a test holds it
# to str.isspace).
OTHER_SPACES = r"\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Either kind in one class: a paragraph is looked through once, and a class is many times
# quicker to look for than two alternatives.
_CONTROL_OR_OTHER_SPACE = re.compile(rf"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f{OTHER_SPACES}]")


class SpanKind(StrEnum):
    BODY = "body"
    HEADING = "heading"
    STANDFIRST = "standfirst"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of an article; ``text`` is already normalised (see ``normalise_text``)."""

    text: str
    kind: SpanKind = SpanKind.BODY


class Span(NamedTuple):
    """A sentence: ``body[start:end]``, in paragraph ``paragraph``. A named tuple, not a
    dataclass: an import makes one for every sentence, and a tuple is made several times
    quicker."""

    start: int
    end: int
    paragraph: int
    kind: SpanKind = SpanKind.BODY


def normalise_text(text: str) -> str:
    """One paragraph's text: NFC, no control or invisible characters, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        for invisible in _INVISIBLE:
            if invisible in text:
                text = text.replace(invisible, "")
    if _CONTROL_OR_OTHER_SPACE.search(text):
        return " ".join(_CONTROL.sub(" ", text).split())
    if text[:1] == " " or text[-1:] == " " or "  " in text:
        return " ".join(text.split())
    return text  # spaced already: splitting it into words and joining them costs far more


def split_paragraphs(text: str) -> list[str]:
    """Split raw text into normalised paragraphs.

    If the text has blank lines, they separate paragraphs and the lines inside a block are
    joined (hard-wrapped text); otherwise every line is a paragraph (a scraped page's shape).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = _BLANK_LINES.split(text) if _BLANK_LINES.search(text.strip()) else text.split("\n")
    return [p for p in (normalise_text(block) for block in blocks) if p]


_LIST_MARKER = re.compile(r"(?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})[.)]")
_MARKER_AFTER_COLON = re.compile(r":\s+((?:\d{1,2}|[A-Za-z]|[ivxIVX]{1,4})[.)])$")
# What can't begin a sentence: closing quotes and brackets, and the marks inside one.
_CONTINUES = frozenset("”»›)],;:")
# Abbreviations that come before a name and so never end a sentence.
_TITLE_WORDS = "Mr Mrs Ms Mx Dr Prof Gov Sen Rep Gen Lt Col Sgt Capt Adm Rev Hon Fr St".split()
_TITLE_AT_END = re.compile(rf"\b(?:{'|'.join(_TITLE_WORDS)})\.$")
# The pattern tried only where one of them ends the text: a str method looks far quicker.
_TITLES = tuple(f"{word}." for word in _TITLE_WORDS)
# Abbreviations that may end a sentence; nupunkt treats them as never doing so.
_MAYBE_FINAL = re.compile(
    r"\b(?:a\.m|p\.m|Inc|Ltd|Corp|Co|LLC|plc)\.\s+(?=([A-Z][\w'’-]*)(\s+\S+)?)"
)
_NOT_A_SENTENCE_START = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December Jan Feb Mar Apr Jun Jul Aug "
    "Sep Sept Oct Nov Dec ET EST EDT CT CST CDT PT PST PDT GMT BST UTC CET".split()
)


_MAYBE_FINAL_WORDS = ("a.m", "p.m", "Inc", "Ltd", "Corp", "Co", "LLC", "plc")
# What can't stand just before a lower-case word of its own: a letter, a digit, an
# underscore, or the marks inside a word ("U.S.", "don't", "well-known").
_INSIDE_A_WORD = ".'’-_"
_LOWER_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")
# Lower-case abbreviations that stand before a number ("pp. 12", "approx. 12,000").
_BEFORE_A_NUMBER = frozenset(
    "no nos pp vol vols ch chap sec secs art arts para paras fig figs eq eqs ed eds op approx "
    "ca est vs cf ext tel rev min max avg incl excl nr pt pts al ft in lb lbs oz".split()
)


def _missed_cuts(paragraph: str, ends: list[int]) -> list[tuple[int, int]]:
    """(end of sentence, start of next) of the boundaries nupunkt misses, in one pass over the
    full stops followed by a space; ``ends`` are where its sentences end.

    After "… at 8 p.m. Results are …" and the like: nupunkt never ends a sentence at these
    abbreviations. A boundary needs a capitalised next word that is not a day, month or time
    zone and that is followed by a lower-case word, so "Acme Inc. Chief Executive Jane Doe"
    stays whole. The pattern is tried only after one of the words: searched for, it would try
    its alternatives at every character.

    Before a number inside one of its sentences ("Turnout was low. 38% of …"): a plain word's
    full stop before a number ends a sentence ("pp. 12", an abbreviation's, does not).
    """
    cuts = []
    stop = paragraph.find(". ")
    while stop >= 0:
        following = stop + 2
        if paragraph.endswith(_MAYBE_FINAL_WORDS, 0, stop):
            word = next(w for w in _MAYBE_FINAL_WORDS if paragraph.endswith(w, 0, stop))
            match = _MAYBE_FINAL.match(paragraph, stop - len(word))
            if match is not None:
                name, next_words = match.group(1), (match.group(2) or "").strip()
                if name not in _NOT_A_SENTENCE_START and next_words[:1].islower():
                    cuts.append((stop + 1, match.end()))
        if paragraph[following : following + 1].isdigit() and stop + 1 not in ends:
            word = _word_at_end(paragraph, stop)
            if word and word not in _BEFORE_A_NUMBER:
                cuts.append((stop + 1, following))
        stop = paragraph.find(". ", following)
    return cuts


def _word_at_end(paragraph: str, stop: int) -> str:
    """The lower-case word (two to 24 ASCII letters, standing on its own) that ends just before
    ``stop``; "" if there is none. A backward scan: a pattern searched for it would be tried
    at each of the 24 characters before ``stop``."""
    begin = stop
    while begin > 0 and paragraph[begin - 1] in _LOWER_ASCII:
        begin -= 1
    if stop - begin < 2 or stop - begin > 24:
        return ""
    before = paragraph[begin - 1] if begin else " "
    return "" if before.isalnum() or before in _INSIDE_A_WORD else paragraph[begin:stop]


def base_language(tag: str) -> str:
    """The language a tag names, lower-cased ("pt" for "pt-BR"); English for no tag."""
    return tag.split("-", 1)[0].lower() or ENGLISH


def sentence_offsets(paragraph: str, language: str = ENGLISH) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence of one paragraph, relative to it, spaces trimmed,
    split with the rules for ``language`` (a language tag such as "de" or "pt-BR")."""
    return _segmenter(language)(paragraph)


def _segmenter(language: str) -> Callable[[str], list[tuple[int, int]]]:
    base = base_language(language)
    if base == ENGLISH:
        return english_sentence_offsets
    if base in _CJK_LANGUAGES:
        return _cjk_or_english
    return functools.partial(segment_languages.sentence_offsets, language=base)


def _cjk_or_english(paragraph: str) -> list[tuple[int, int]]:
    spans = segment_languages.cjk_sentence_offsets(paragraph)
    return english_sentence_offsets(paragraph) if spans is None else spans


# nupunkt's built-in English model (loaded once, shared with ``nupunkt.sent_spans``).
_NUPUNKT = punkt.MODEL
# What may end a sentence for nupunkt: a paragraph with none before its last character is one
# sentence (half the paragraphs of the benchmark's 181 news articles are single sentences).
_END_MARK = re.compile(r"[.!?\u2026]")
# nupunkt moves closing marks that begin a sentence ('.”' then a break) back to the sentence
# before. Its sentences begin after a space or right after the end mark, so a paragraph with
# no closing mark in either place has nothing to move, and that pass is skipped there. The
# marks are those of its realignment pattern.
_CLOSER_AT_A_START = re.compile(r"[\s.!?\u2026]['\")\]}\u201d\u2019\u00bb*]")


def _nupunkt_spans(paragraph: str) -> Iterable[tuple[int, int]]:
    """nupunkt's sentences of a paragraph, as (start, end) before trimming.

    Found by ``punkt.sentence_spans``, which reaches nupunkt's spans without its per-word
    machinery, and by nupunkt itself for a paragraph that function leaves to it: then
    ``span_tokenize`` directly (``sent_spans`` goes through ``tokenize_with_spans``, which
    stretches each span to the next one and copies every sentence's text, work the trimming
    below undoes), realigned only where there is something to realign (see
    ``_CLOSER_AT_A_START``). A paragraph that can only be one sentence is not split at all.
    """
    if _END_MARK.search(paragraph, 0, len(paragraph) - 1) is None:
        return ((0, len(paragraph)),)  # one sentence: no end mark before the last
    spans = punkt.sentence_spans(paragraph)
    if spans is not None:
        return spans
    realign = _CLOSER_AT_A_START.search(paragraph) is not None
    return _NUPUNKT.span_tokenize(paragraph, realign_boundaries=realign)


def english_sentence_offsets(paragraph: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence of one English paragraph, spaces trimmed."""
    spans: list[tuple[int, int]] = []
    ends: list[int] = []  # where nupunkt's sentences end
    for raw_start, raw_end in _nupunkt_spans(paragraph):
        start, end = raw_start, raw_end
        while start < end and paragraph[start].isspace():
            start += 1
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        ends.append(end)
        if spans:
            last_start, last_end = spans[-1]
            # Only the last few characters can hold a list marker or a title.
            marker = last_end - last_start <= 5 and _LIST_MARKER.fullmatch(
                paragraph, last_start, last_end
            )
            window = max(last_start, last_end - 6)
            title = paragraph.endswith(_TITLES, window, last_end) and _TITLE_AT_END.search(
                paragraph, window, last_end
            )
            first = paragraph[start]
            continues = (
                first in _CONTINUES
                or (first == "’" and not paragraph[start + 1 : start + 2].isalnum())
                # "She works at Yahoo! in accounting": no sentence starts in lower case.
                or (first.islower() and paragraph[last_end - 1] in "!?")
            )
            if marker or title or continues:
                spans[-1] = (last_start, end)
                continue
            if paragraph.find(":", last_end - 8, last_end) >= 0:
                lead_in = _MARKER_AFTER_COLON.search(paragraph, last_start, last_end)
                if lead_in:
                    spans[-1] = (last_start, lead_in.start() + 1)
                    spans.append((lead_in.start(1), end))
                    continue
        spans.append((start, end))
    cuts = _missed_cuts(paragraph, ends)
    if len(cuts) > 1:
        cuts.sort(reverse=True)
    for cut_end, next_start in cuts:
        for index, (start, end) in enumerate(spans):
            if start < cut_end and next_start < end:
                spans[index : index + 1] = [(start, cut_end), (next_start, end)]
                break
    return spans


def split_long(body: str, spans: list[Span], max_chars: int) -> tuple[list[Span], int]:
    """The spans with none longer than ``max_chars``, and how many sentences were split.

    A longer sentence (a page that never ends one, a table read as text) becomes pieces of
    its own in the same paragraph, each cut at the last space before the limit, or at the
    limit when a piece has no space; so its text is all kept, across the pieces. One pass
    over the spans; only a long sentence's text is searched.
    """
    if all(span.end - span.start <= max_chars for span in spans):
        return spans, 0
    kept: list[Span] = []
    split = 0
    for span in spans:
        start = span.start
        if span.end - start > max_chars:
            split += 1
        while span.end - start > max_chars:
            cut = body.rfind(" ", start + 1, start + max_chars + 1)
            following = cut + 1
            if cut < 0:
                cut = following = start + max_chars
            kept.append(Span(start, cut, span.paragraph, span.kind))
            start = following
        kept.append(Span(start, span.end, span.paragraph, span.kind))
    return kept, split


def assemble(paragraphs: list[Paragraph], *, language: str = ENGLISH) -> tuple[str, list[Span]]:
    """Join paragraphs into a body and return it with its sentence spans.

    Headings are one span each; other paragraphs are segmented into sentences with the rules
    for ``language``. Every span's ``body[start:end]`` is its sentence, and it carries its
    paragraph's number and kind.
    """
    sentence_offsets = _segmenter(language)
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for paragraph in paragraphs:
        text = paragraph.text
        if not text:
            continue
        number = len(parts)
        heading = paragraph.kind == SpanKind.HEADING
        pieces = [(0, len(text))] if heading else sentence_offsets(text)
        spans.extend(Span(offset + a, offset + b, number, paragraph.kind) for a, b in pieces)
        parts.append(text)
        offset += len(text) + len(PARAGRAPH_BREAK)
    return PARAGRAPH_BREAK.join(parts), spans
