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
    """What one language's abbreviations do; the patterns match the text before a full stop."""

    never_final: re.Pattern[str] | None = None
    maybe_final: re.Pattern[str] | None = None
    ordinals: bool = False


def _before_stop(abbreviations: str) -> re.Pattern[str]:
    """A pattern for text that ends with one of ``abbreviations`` (regex fragments separated
    by spaces, without their final full stop) as a word of its own."""
    return re.compile(rf"(?:^|[\s(\[\"'„“«‹/-])(?:{'|'.join(abbreviations.split())})$")


# Titles that stand before a name in every language we segment this way.
_TITLES = "Dr Prof St"
# "etc." and its kin end many sentences.
_LISTS_END = "etc"

_RULES: dict[str, LanguageRules] = {
    "de": LanguageRules(
        never_final=_before_stop(
            rf"{_TITLES} Hr Hrn Fr Nr Abs Art Bd Mio Mrd vgl bzw ca z\.\s?B d\.\s?h "
            r"u\.\s?a v\.\s?a s\.\s?o o\.\s?ä i\.\s?d\.\s?R"
        ),
        maybe_final=_before_stop(f"{_LISTS_END} usw usf"),
        ordinals=True,
    ),
    "fr": LanguageRules(
        never_final=_before_stop(
            f"{_TITLES} M MM Mme Mmes Mlle Mlles Me Pr Ste art p ex cf env vol chap n°"
        ),
        maybe_final=_before_stop(_LISTS_END),
    ),
    "es": LanguageRules(
        never_final=_before_stop(
            f"{_TITLES} Sr Sra Srta Sres Dra D Dña Lic Ing art arts p ej pág págs núm s aprox "
            "Excmo Excma"
        ),
        maybe_final=_before_stop(_LISTS_END),
    ),
    "it": LanguageRules(
        never_final=_before_stop(
            rf"{_TITLES} sig sigg sig\.ra dott prof on sen avv ing arch mons es art n pag pagg v "
            "cfr"
        ),
        maybe_final=_before_stop(f"{_LISTS_END} ecc"),
    ),
    "pt": LanguageRules(
        never_final=_before_stop(
            f"{_TITLES} Sr Sra Srta Dra Profa Exmo Exma art arts p ex pág págs v séc n nº aprox"
        ),
        maybe_final=_before_stop(f"{_LISTS_END} Ltda"),
    ),
    "nl": LanguageRules(
        never_final=_before_stop(
            rf"{_TITLES} dhr Dhr mevr Mevr mw Mw dr prof mr Mr ir drs bijv art blz nr ca o\.a"
        ),
        maybe_final=_before_stop(f"{_LISTS_END} enz"),
    ),
    "ru": LanguageRules(
        never_final=_before_stop(
            r"г-н г-жа им проф Проф акад ул пл просп ст с см ср напр т\.\s?е т\.\s?к "
            r"т\.\s?н тов гр"
        ),
        # "г." and "в." are "year" and "century" after a number or a Roman numeral, and
        # "city" or a preposition otherwise.
        maybe_final=_before_stop(
            r"руб коп долл тыс млн млрд т\.\s?д т\.\s?п др "
            r"(?:\d+|[IVXLCDM]+)(?:-[а-я]+)?\s(?:гг?|вв?)"
        ),
    ),
}
_GENERIC = LanguageRules(never_final=_before_stop(_TITLES), maybe_final=_before_stop(_LISTS_END))

# Words that open a German sentence and never follow an ordinal ("am 3. Oktober").
_GERMAN_OPENERS = frozenset(
    "Der Die Das Den Dem Des Ein Eine Einer Einen Einem Eines Er Sie Es Ich Wir Ihr Man Dies "
    "Diese Dieser Dieses Und Aber Doch Denn Auch Damit Dabei Danach Dann Daher Deshalb Trotzdem "
    "Zudem Außerdem Allerdings Noch Nun So Wie Was Wer Wo Als Im In Am An Auf Aus Bei Für Mit "
    "Nach Seit Von Vor Zu Zum Zur Um Über Unter Gegen Laut".split()
)
_ORDINAL = re.compile(r"(?:^|[\s(])\d{1,3}$")
_SINGLE_INITIAL = re.compile(r"(?:^|[\s(])[^\W\d_]$")
_ELLIPSIS_THEN_WORD = re.compile(rf"(?:\.\.\.|…){_CLOSER}*\s+(?=\w)")
_STOP_THEN_WORD = re.compile(rf"\.{_CLOSER}*\s+(?=\w)")
# How far back an abbreviation can reach ("i. d. R" and "г-жа" are the longest).
_LOOKBEHIND = 16


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


def _ends_sentence(paragraph: str, end: int, start: int, rules: LanguageRules) -> bool:
    """Whether a boundary between ``paragraph[:end]`` and ``paragraph[start:]`` is real."""
    following = paragraph[start]
    if end == start or following.islower():
        return False
    stop = _stop_before(paragraph, end)
    if stop < 0:
        return True
    before = paragraph[max(0, stop - _LOOKBEHIND) : stop]
    if _SINGLE_INITIAL.search(before) and before[-1].isupper():
        return False
    if rules.never_final is not None and rules.never_final.search(before):
        return False
    if following.isdigit() and rules.maybe_final is not None and rules.maybe_final.search(before):
        return False
    if rules.ordinals and _ORDINAL.search(before):
        word = re.match(r"\w+", paragraph[start:])
        return word is not None and word.group() in _GERMAN_OPENERS
    return True


def _missed_cuts(paragraph: str, rules: LanguageRules) -> list[tuple[int, int]]:
    """(end, start) after an ellipsis or a maybe-final abbreviation before a capital."""
    cuts = []
    if "…" in paragraph or "..." in paragraph:
        for match in _ELLIPSIS_THEN_WORD.finditer(paragraph):
            if paragraph[match.end()].isupper():
                cuts.append((match.end() - len(match.group()) + len(match.group().rstrip()),
                             match.end()))  # fmt: skip
    if rules.maybe_final is not None:
        for match in _STOP_THEN_WORD.finditer(paragraph):
            stop = match.start()
            before = paragraph[max(0, stop - _LOOKBEHIND) : stop]
            if paragraph[match.end()].isupper() and rules.maybe_final.search(before):
                cuts.append((stop + len(match.group().rstrip()), match.end()))
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
    cuts.update(_missed_cuts(paragraph, rules))
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
