"""Which text encoding raw bytes are in, and their text; refusing to guess when unsure.

``decode(data, source=..., encoding=None)`` returns the text and the encoding it was read in.
The rules, in order:

1. **Given encoding** (``--encoding``, the import form's or the API's ``encoding`` field):
   used as it is, no detection. A name Python does not know as a text encoding is refused, and
   so are bytes that do not decode in it (the error gives the byte, its offset and line).
2. **UTF-8** (a BOM is allowed and dropped) or **UTF-16 with a BOM**: read as such.
3. **Damaged UTF-8**: bytes that are not valid UTF-8 but *mostly* are, that is the file has a
   UTF-8 BOM, or it holds at least as many well-formed multi-byte UTF-8 sequences as invalid
   ones, are refused, naming the first bad byte, its offset and line. A real file in a legacy
   encoding almost never forms valid UTF-8 sequences by chance (Shift-JIS and GB18030 news text
   comes out at under one valid sequence per three invalid ones; Cyrillic and Latin text at
   none), so such a file is taken as a damaged UTF-8 file rather than guessed at.
4. **Anything else** goes to the charset-normalizer detector, limited to ``CANDIDATES``: the
   encodings news text is actually found in (Windows code pages, their ISO 8859 and KOI8
   cousins, and the Japanese, Chinese and Korean ones; no DOS or Mac code pages, whose
   decodings of Western text are as clean as the right one). A reading counts only if its text
   has no control characters, the language the detector reads in it is one its encoding is
   made for (``LANGUAGES``; French read out of Windows-1250 does not count, which is what tells
   Windows-1252 from Windows-1250 and -1257: their decodings of French are otherwise equally
   clean), and its letters beyond ASCII are all of one script, with no word mixing a non-Latin
   alphabet and ASCII letters ("Cafй", or an Arabic letter amid English, is a wrong code page
   however clean the rest). The best reading is accepted when

   - its mess ratio (``chaos``: the share of the text that looks garbled) is at most
     ``MAX_CHAOS``, and
   - no other counting reading gives *different text* while being about as good: mess within
     ``CHAOS_MARGIN`` of the best and language coherence within ``COHERENCE_MARGIN`` of it.

   Otherwise the input is refused with the best guess and its rivals, and the user gives the
   encoding. The margins come from trying news-like samples of 40 to 500 bytes in Windows-1251
   (Russian, Ukrainian, Bulgarian), KOI8-R, Windows-1252 and Latin-1 (English, French, German,
   Spanish), ISO-8859-2 (Polish, Czech), Windows-1253, Shift-JIS and GB18030, each cut at
   several lengths: no wrong encoding was ever accepted. Western European text is accepted
   from about 40 bytes; short Russian Windows-1251 is refused (KOI8-R reads it as cleanly, as
   other letters, until the coherence lead passes 0.2 at a sentence or two); Czech ISO-8859-2
   and Windows-1250 stay ambiguous and are refused. Readings that give the same text (Latin-1
   and Windows-1252 for most Western text) are one reading, named by the first of them in
   ``CANDIDATES``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import CharsetMatch, from_bytes

from articles.ingest.errors import IngestError

# In order of preference: a reading that several of these give is named by the first.
CANDIDATES = (
    "cp1252", "iso8859_15", "latin_1",  # Western European
    "cp1250", "iso8859_2",  # Central European
    "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866",  # Cyrillic
    "cp1253", "iso8859_7",  # Greek
    "cp1254", "iso8859_9",  # Turkish
    "cp1257", "iso8859_13",  # Baltic
    "cp1255", "iso8859_8",  # Hebrew
    "cp1256", "iso8859_6",  # Arabic
    "cp1258",  # Vietnamese
    "cp874",  # Thai
    "shift_jis", "cp932", "euc_jp", "iso2022_jp",  # Japanese
    "gb18030", "gbk", "gb2312", "big5", "big5hkscs",  # Chinese
    "euc_kr", "cp949",  # Korean
)  # fmt: skip
_WESTERN = frozenset({"English", "German", "French", "Dutch", "Italian", "Spanish", "Portuguese",
                      "Swedish", "Norwegian", "Danish", "Finnish", "Indonesian"})  # fmt: skip
_CENTRAL = frozenset(
    {"Polish", "Czech", "Slovak", "Hungarian", "Slovene", "Croatian", "Romanian", "Serbian"}
)
_CYRILLIC = frozenset({"Russian", "Ukrainian", "Bulgarian", "Serbian", "Kazakh"})
# The languages (as charset-normalizer names them) each single-byte encoding is made for. The
# multi-byte ones are left out: they only ever decode text of their own script cleanly.
LANGUAGES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("cp1252", "iso8859_15", "latin_1"), _WESTERN),
    **dict.fromkeys(("cp1250", "iso8859_2"), _CENTRAL),
    **dict.fromkeys(("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp866"), _CYRILLIC),
    **dict.fromkeys(("cp1253", "iso8859_7"), frozenset({"Greek"})),
    **dict.fromkeys(("cp1254", "iso8859_9"), frozenset({"Turkish"})),
    **dict.fromkeys(("cp1257", "iso8859_13"), frozenset({"Lithuanian", "Estonian"})),
    **dict.fromkeys(("cp1255", "iso8859_8"), frozenset({"Hebrew"})),
    **dict.fromkeys(("cp1256", "iso8859_6"), frozenset({"Arabic", "Farsi"})),
    "cp1258": frozenset({"Vietnamese"}),
    "cp874": frozenset({"Thai"}),
}
MAX_CHAOS = 0.1
CHAOS_MARGIN = 0.01
COHERENCE_MARGIN = 0.2
ASK = "give it with --encoding (or the Encoding field of the import form or the API)"
_CONTROL = {*range(0x20), *range(0x7F, 0xA0)} - {0x09, 0x0A, 0x0C, 0x0D}
# Scripts by the first word of a letter's Unicode name; the East Asian ones are one script,
# as Japanese mixes kanji and kana. Letters of other names (º, ª) are neutral.
_SCRIPTS = {
    "LATIN": "Latin", "CYRILLIC": "Cyrillic", "GREEK": "Greek", "ARABIC": "Arabic",
    "HEBREW": "Hebrew", "THAI": "Thai", "CJK": "East Asian", "HIRAGANA": "East Asian",
    "KATAKANA": "East Asian", "KATAKANA-HIRAGANA": "East Asian", "HANGUL": "East Asian",
    "IDEOGRAPHIC": "East Asian", "FULLWIDTH": "East Asian", "HALFWIDTH": "East Asian",
    "BOPOMOFO": "East Asian",
}  # fmt: skip
# An ASCII letter against a letter beyond ASCII, as in "Cafй": one word in two alphabets.
_MIXED_WORD = re.compile(r"[A-Za-z][^\W\x00-\x7f]|[^\W\x00-\x7f][A-Za-z]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded input: ``encoding`` is a Python codec name (``utf-8``, ``cp1251``)."""

    text: str
    encoding: str
    forced: bool = False

    @property
    def worth_recording(self) -> bool:
        """Whether an import should record the encoding: it was given, or it is not UTF-8."""
        return self.forced or self.encoding != "utf-8"


def encoding_name(name: str) -> str:
    """Python's name for the text encoding called ``name`` (``windows-1251`` gives ``cp1251``).

    Raises ValueError for a name that is not a text encoding Python knows.
    """
    try:
        canonical = codecs.lookup(name.strip()).name
        b"x".decode(canonical)
    except UnicodeDecodeError:
        pass  # a known text encoding (UTF-16) that cannot read one byte
    except (LookupError, ValueError):  # unknown, not text (base64), or unusable (undefined)
        raise ValueError(
            f"unknown text encoding {name[:40]!r}: give one such as utf-8, cp1252, cp1251, "
            "iso8859-2, shift_jis or gb18030"
        ) from None
    return canonical


def decode(data: bytes, *, source: str, encoding: str | None = None) -> Decoded:
    """Decode ``data`` by the rules in this module's docstring.

    Raises IngestError for empty input, an unknown or wrong given encoding, damaged UTF-8, an
    encoding that cannot be told with confidence, and NUL characters.
    """
    if not data or data.isspace():  # not ``data.strip()``: a copy of the whole input
        raise IngestError("the input is empty", source=source)
    if encoding:
        return _without_nul(_decode_as(data, encoding, source=source), source=source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            decoded = Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise IngestError(f"not valid UTF-16 at byte {error.start}", source=source) from error
        return _without_nul(decoded, source=source)
    if b"\x00" in data:  # before detection: in UTF-8 and 8-bit encodings a NUL is a NUL
        raise _nul_error(source=source, line=_line(data, data.index(b"\x00")))
    # No NUL byte, so no NUL character in UTF-8 or a detected encoding: the decoded text is
    # not searched again (that takes many times as long as a search of the bytes).
    try:
        # Not "utf-8-sig": its error offsets would not count the BOM.
        return Decoded(data.decode("utf-8").removeprefix("\ufeff"), "utf-8")
    except UnicodeDecodeError as error:
        if _mostly_utf8(data):
            raise IngestError(
                f"not valid UTF-8: {_where(data, error.start)}; the rest of the file is "
                f"UTF-8, so this looks like a damaged file. If it is in another encoding, {ASK}",
                source=source,
                line=_line(data, error.start),
            ) from None
        return _detect(data, source=source, first_bad=error.start)


def _without_nul(decoded: Decoded, *, source: str) -> Decoded:
    text = decoded.text
    if "\x00" in text:
        raise _nul_error(source=source, line=text.count("\n", 0, text.index("\x00")) + 1)
    return decoded


def _nul_error(*, source: str, line: int) -> IngestError:
    return IngestError(
        "contains a NUL character: this looks like a binary file, not text",
        source=source,
        line=line,
    )


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _where(data: bytes, offset: int) -> str:
    return f"byte 0x{data[offset]:02x} at offset {offset} (line {_line(data, offset)})"


def _decode_as(data: bytes, name: str, *, source: str) -> Decoded:
    try:
        codec = encoding_name(name)
    except ValueError as error:
        raise IngestError(str(error), source=source) from None
    try:
        # A BOM says nothing more once the encoding is given: drop it rather than keep U+FEFF.
        text = data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        # The line is counted in the text before the bad byte, which did decode.
        line = data[: error.start].decode(codec, errors="replace").count("\n") + 1
        raise IngestError(
            f"not valid {codec}: byte 0x{data[error.start]:02x} at offset {error.start} "
            f"(line {line}); check the encoding given",
            source=source,
            line=line,
        ) from None
    return Decoded(text, codec, forced=True)


def _mostly_utf8(data: bytes) -> bool:
    if data.startswith(codecs.BOM_UTF8):
        return True
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")  # one per invalid sequence
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    return valid >= max(invalid, 1)


def _reading(match: CharsetMatch) -> str | None:
    """The name to record a detector's reading under, or None if it does not count (see the
    module docstring)."""
    language = match.language
    names = [name for name in CANDIDATES if name in match.could_be_from_charset]
    fits = language in ("Unknown", "") or any(
        language in LANGUAGES.get(name, {language}) for name in names
    )
    return names[0] if names and fits and _is_clean(str(match)) else None


def _is_clean(text: str) -> bool:
    """No control characters; the letters beyond ASCII all of one script; and, for an alphabet
    other than Latin, no word that mixes it with ASCII letters. A wrong code page turns the odd
    letter into one of another script ("Cafй", an Arabic letter amid English), which the
    detector's mess ratio misses when it is rare."""
    characters = set(text)
    if _CONTROL.intersection(map(ord, characters)):
        return False
    scripts = {
        _SCRIPTS.get(unicodedata.name(char, "").split(" ")[0])
        for char in characters
        if char > "\x7f" and char.isalpha()
    } - {None}
    if len(scripts) > 1:
        return False
    # Latin words carry accents; Japanese and Chinese run Latin words into their own.
    return not scripts - {"Latin", "East Asian"} or not _MIXED_WORD.search(text)


def _detect(data: bytes, *, source: str, first_bad: int) -> Decoded:
    not_utf8 = f"it is not UTF-8: {_where(data, first_bad)}"
    best: CharsetMatch | None = None
    name = ""
    rivals: list[str] = []
    # Best first; each reading is decoded and checked only when it could matter.
    for match in from_bytes(data, cp_isolation=list(CANDIDATES)):
        if best is not None and (
            match.chaos > best.chaos + CHAOS_MARGIN
            or match.coherence < best.coherence - COHERENCE_MARGIN
        ):
            continue
        match_name = _reading(match)
        if match_name is None:
            continue
        if best is None:
            best, name = match, match_name
        elif str(match) == str(best):  # the same reading: named by the preferred encoding
            name = min(name, match_name, key=CANDIDATES.index)
        else:
            rivals.append(codecs.lookup(match_name).name)
    if best is None:
        raise IngestError(
            f"cannot tell the text encoding: no common encoding reads it cleanly ({not_utf8}); "
            f"{ASK}",
            source=source,
        )
    guess = codecs.lookup(name).name
    if best.chaos > MAX_CHAOS:
        raise IngestError(
            f"cannot tell the text encoding with confidence (best guess {guess}, but its text "
            f"looks garbled; {not_utf8}); {ASK}",
            source=source,
        )
    if rivals:
        raise IngestError(
            f"cannot tell the text encoding with confidence (best guess {guess}, but "
            f"{' and '.join(rivals)} read it about as well, as different text; {not_utf8}); "
            f"{ASK}",
            source=source,
        )
    return Decoded(str(best), guess)
