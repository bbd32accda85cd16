"""Sentence boundaries for languages other than English.

Chinese and Japanese are split on their own sentence marks (``cjk_sentence_offsets``). Other
languages are split by sentencex (Wikimedia; of the libraries measured it had the most of our
cases right in de/fr/es/it/pt/nl/ru and is several times faster than nupunkt), and a small
layer of rules corrects what it gets wrong in news text:

- no sentence starts with a lower-case letter, and none starts without a space before it
  ("1.º de mayo", "S.p.A." are not cut);
- a title or an abbreviation that always has something after it (the language's list:
  "M. Dupont", "art. 49", "им. Пушкина") never ends a sentence, nor does any abbreviation
  followed by a number ("Abs. 3");
- in German a number of one to three digits with a full stop is an ordinal ("am 3. Oktober",
  "dem 3. Bericht") unless the next word is one that starts sentences ("… sank um 12. Die …");
- an abbreviation that may end a sentence (units, currencies, "etc.", "т. д.") does, when a
  capitalised word follows; so does an ellipsis. sentencex keeps both inside the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

# Closing quotes and brackets that belong to the sentence they follow.
_CLOSERS = "\"'”’»›」』）)】〉》〕］]"
_CLOSER = f"[{re.escape(_CLOSERS)}]"


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """What one language's abbreviations do. Each is written as the text before its final
    full stop, without spaces ("z.B" for "z. B."); "#г" is "г." after a number or a Roman
    numeral ("2021 г.", "XIX в.")."""

    never_final: frozenset[str] = frozenset()
    maybe_final: frozenset[str] = frozenset()
    ordinals: bool = False


def _rules(never_final: str, maybe_final: str, *, ordinals: bool = False) -> LanguageRules:
    return LanguageRules(
        frozenset(never_final.split()) | _TITLES, frozenset(maybe_final.split()) | _LISTS_END,
        ordinals,
    )  # fmt: skip


# Titles that stand before a name in every language we segment this way.
_TITLES = frozenset({"Dr", "Prof", "St"})
# "etc." and its kin end many sentences.
_LISTS_END = frozenset({"etc"})

_RULES: dict[str, LanguageRules] = {
    "de": _rules(
        "Hr Hrn Fr Nr Abs Art Bd Mio Mrd vgl bzw ca z.B d.h u.a v.a s.o o.ä i.d.R",
        "usw usf",
        ordinals=True,
    ),
    "fr": _rules("M MM Mme Mmes Mlle Mlles Me Pr Ste art p p.ex cf env vol chap n°", ""),
    "es": _rules(
        "Sr Sra Srta Sres Dra D Dña Lic Ing art arts p p.ej pág págs núm s aprox Excmo Excma", ""
    ),
    "it": _rules(
        "sig sigg sig.ra dott prof on sen avv ing arch mons ad.es art n pag pagg v cfr", "ecc"
    ),
    "pt": _rules(
        "Sr Sra Srta Dra Profa Exmo Exma art arts p p.ex pág págs v séc n nº aprox", "Ltda"
    ),
    "nl": _rules("dhr Dhr mevr Mevr mw Mw dr prof mr Mr ir drs bijv art blz nr ca o.a", "enz"),
    # "г." and "в." are "year" and "century" after a number or a Roman numeral ("#г"), and
    # "city" or a preposition otherwise.
    "ru": _rules(
        "г-н г-жа им проф Проф акад ул пл просп ст с см ср напр т.е т.к т.н тов гр",
        "руб коп долл тыс млн млрд т.д т.п др #г #гг #в #вв",
    ),
}
_GENERIC = _rules("", "")

# Words that open a German sentence and never follow an ordinal ("am 3. Oktober").
_GERMAN_OPENERS = frozenset(
    "Der Die Das Den Dem Des Ein Eine Einer Einen Einem Eines Er Sie Es Ich Wir Ihr Man Dies "
    "Diese Dieser Dieses Und Aber Doch Denn Auch Damit Dabei Danach Dann Daher Deshalb Trotzdem "
    "Zudem Außerdem Allerdings Noch Nun So Wie Was Wer Wo Als Im In Am An Auf Aus Bei Für Mit "
    "Nach Seit Von Vor Zu Zum Zur Um Über Unter Gegen Laut".split()
)
_OPENING = "([{„“\"'«‹/"
_NUMBER = re.compile(r"(?:\d+|[IVXLCDM]+)(?:-[^\W\d_]+)?")
_FIRST_WORD = re.compile(r"\w+")


def rules_for(language: str) -> LanguageRules:
    return _RULES.get(language, _GENERIC)


def _stop_before(paragraph: str, end: int) -> int:
    """Index of the full stop that ends the sentence ending at ``end``, or -1 if it ends in
    something else (a question mark, an ellipsis)."""
    index = end - 1
    while index >= 0 and paragraph[index] in _CLOSERS:
        index -= 1
    if index < 0 or paragraph[index] != "." or paragraph[index - 2 : index] == "..":
        return -1
    return index


def _words_before(paragraph: str, stop: int) -> tuple[str, list[str]]:
    """The word before the full stop at ``stop`` ("B" in "z. B."), and the ways the
    abbreviation it may end is written in the tables: "B", "z.B", "#B" after a number, and
    "art" for "l'art"."""
    space = paragraph.rfind(" ", 0, stop)
    word = paragraph[space + 1 : stop].lstrip(_OPENING)
    keys = [word]
    for elision in "'’":  # "l'art." is "art."
        if elision in word:
            keys.append(word.rsplit(elision, 1)[1])
    if space > 0:
        previous_space = paragraph.rfind(" ", 0, space)
        previous = paragraph[previous_space + 1 : space].lstrip(_OPENING)
        if previous.endswith(".") and len(previous) <= 3:
            keys.append(previous + word)
            earlier_space = paragraph.rfind(" ", 0, previous_space) if previous_space > 0 else -1
            earlier = paragraph[earlier_space + 1 : previous_space].lstrip(_OPENING)
            if earlier.endswith(".") and len(earlier) <= 3:
                keys.append(earlier + previous + word)
        elif _NUMBER.fullmatch(previous):
            keys.append("#" + word)
    return word, keys


def _ends_sentence(paragraph: str, end: int, start: int, rules: LanguageRules) -> bool:
    """Whether a boundary between ``paragraph[:end]`` and ``paragraph[start:]`` is real."""
    following = paragraph[start]
    if end == start or following.islower():
        return False
    stop = _stop_before(paragraph, end)
    if stop < 0:
        return True
    word, keys = _words_before(paragraph, stop)
    if len(word) == 1 and word.isupper():
        return False  # an initial: "A. S. Пушкин"
    if not rules.never_final.isdisjoint(keys):
        return False
    if following.isdigit() and not rules.maybe_final.isdisjoint(keys):
        return False
    if rules.ordinals and word.isdigit() and len(word) <= 3:
        opener = _FIRST_WORD.match(paragraph, start)
        return opener is not None and opener.group() in _GERMAN_OPENERS
    return True


def _missed_cuts(
    paragraph: str, spans: list[tuple[int, int]], rules: LanguageRules
) -> list[tuple[int, int]]:
    """(end, start) inside ``spans`` after an ellipsis, or a maybe-final abbreviation, before
    a capitalised word."""
    cuts = []
    for start, end in spans:
        stop = paragraph.find(". ", start, end)
        while stop >= 0:
            following = stop + 2
            if paragraph[following].isupper() and (
                paragraph[stop - 2 : stop] == ".."  # an ellipsis
                or not rules.maybe_final.isdisjoint(_words_before(paragraph, stop)[1])
            ):
                cuts.append((stop + 1, following))
            stop = paragraph.find(". ", following, end)
        ellipsis = paragraph.find("… ", start, end)
        while ellipsis >= 0:
            if paragraph[ellipsis + 2].isupper():
                cuts.append((ellipsis + 1, ellipsis + 2))
            ellipsis = paragraph.find("… ", ellipsis + 2, end)
    return cuts


def sentence_offsets(paragraph: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph in ``language`` (not English, Chinese
    or Japanese), relative to the paragraph, spaces trimmed."""
    rules = rules_for(language)
    spans: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries(language, paragraph):
        start, end = boundary["start_index"], boundary["end_index"]
        while start < end and paragraph[start].isspace():
            start += 1
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    if not spans:
        return []
    cuts = {
        (spans[index][1], spans[index + 1][0])
        for index in range(len(spans) - 1)
        if _ends_sentence(paragraph, spans[index][1], spans[index + 1][0], rules)
    }
    cuts.update(_missed_cuts(paragraph, spans, rules))
    result = []
    start = spans[0][0]
    for end, following in sorted(cuts):
        if start < end:
            result.append((start, end))
            start = following
    result.append((start, spans[-1][1]))
    return result


# Sentence marks of Chinese and Japanese (full-width, half-width and ideographic full stops).
_CJK_MARKS = "。！？｡．!?"
_CJK_END = re.compile(rf"[{_CJK_MARKS}]+{_CLOSER}*")
_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# Japanese quotative particles: "「…。」と述べた" is one sentence.
_QUOTATIVE = ("と", "っ")
_DIGITS = "0123456789０１２３４５６７８９"


def cjk_sentence_offsets(paragraph: str) -> list[tuple[int, int]] | None:
    """Sentences of a Chinese or Japanese paragraph, cut after 。！？ (and their full- and
    half-width forms) with any closing quotes or brackets. Returns None for a paragraph with
    no Chinese or Japanese in it, to be segmented as another language."""
    if not _CJK_TEXT.search(paragraph):
        return None
    spans = []
    start = 0
    for match in _CJK_END.finditer(paragraph):
        end = match.end()
        marks = match.group().rstrip(_CLOSERS)
        following = paragraph[end : end + 1]
        if not following or following.startswith(_QUOTATIVE):
            continue
        if marks in "!?" and not _CJK_TEXT.match(paragraph, match.start() - 1):
            continue  # "Yahoo!" in running text
        if marks == "．" and following in _DIGITS:
            continue  # a full-width decimal point: "１２．５"
        spans.append((start, end))
        start = end
    spans.append((start, len(paragraph)))
    trimmed = []
    for start, end in spans:
        while start < end and paragraph[start].isspace():
            start += 1
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed
