"""Text encodings: detected only when the detector is sure, never guessed into mojibake."""

from __future__ import annotations

import pytest

from articles.ingest.charset import decode, encoding_name
from articles.ingest.errors import IngestError

RUSSIAN = """Мэр обещал новые автобусные полосы

Мэр города пообещал в пятницу построить двенадцать километров выделенных полос для автобусов.
"Автобусы стоят в тех же пробках, что и все остальные", - сказала она после заседания совета.
Критики назвали план слишком дорогим и заявили, что бюджет не выдержит таких расходов.
"""
FRENCH_NAMES = """Café owners protest new rules

The café owners of the old town gathered on Monday outside the town hall to protest.
"We were never consulted," said Zoë Müller, who runs a crêperie near the cathedral.
The council's spokesman, André Côté, said the rules would reduce noise. Façades will be repainted.
"""
POLISH = """Rada miasta przyjęła budżet na przyszły rok

Radni w poniedziałek zagłosowali za budżetem, który przewiduje budowę nowych ścieżek rowerowych.
"To dobry dzień dla mieszkańców" - powiedział prezydent miasta.
Opozycja twierdzi, że zadłużenie wzrośnie.
Według urzędu skarbowego wpływy z podatków będą wyższe o siedem procent niż w zeszłym roku.
"""
CZECH = """Zastupitelstvo schválilo rozpočet města

Zastupitelé v pondělí odhlasovali rozpočet, který počítá se stavbou nových cyklostezek.
Podle starosty město ušetří na správě budov a opravou mostů.
Opozice tvrdí, že dluh města poroste rychleji, než se čekalo.
"""
GREEK = """Το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό

Οι δημοτικοί σύμβουλοι ψήφισαν την Τρίτη υπέρ του προϋπολογισμού για το επόμενο έτος.
"""
JAPANESE = """市長、新しいバス専用レーンを約束

市長は金曜日、2027年までに12キロのバス専用レーンを建設すると約束した。
「バスも他の車と同じ渋滞に巻き込まれている」と市長は述べた。
"""
CHINESE = """市长承诺修建新的公交专用道

市长周五承诺，到2027年将修建12公里的公交专用道。批评者称该计划成本过高。
"""


@pytest.mark.parametrize(
    ("text", "written_in", "detected"),
    [
        (RUSSIAN, "cp1251", "cp1251"),
        (RUSSIAN, "koi8_r", "koi8-r"),
        (FRENCH_NAMES, "cp1252", "cp1252"),
        (FRENCH_NAMES, "latin-1", "cp1252"),  # the same letters: named by the commoner one
        (POLISH, "iso8859_2", "iso8859-2"),
        (GREEK, "cp1253", "cp1253"),
        (JAPANESE, "shift_jis", "shift_jis"),
        (CHINESE, "gb18030", "gb18030"),
    ],
)
def test_unambiguous_legacy_encodings_are_detected_and_read_exactly(text, written_in, detected):
    decoded = decode(text.encode(written_in), source="feed.txt")
    assert (decoded.encoding, decoded.text, decoded.worth_recording) == (detected, text, True)


@pytest.mark.parametrize(
    ("text", "written_in", "guess", "rival"),
    [
        (RUSSIAN.split("\n")[0], "cp1251", "cp1251", "koi8-r"),
        (CZECH, "iso8859_2", "cp1250", "iso8859-2"),
    ],
    ids=["short-russian", "czech"],
)
def test_readings_that_differ_but_look_equally_right_are_refused(text, written_in, guess, rival):
    with pytest.raises(IngestError) as caught:
        decode(text.encode(written_in), source="feed.txt")
    error = str(caught.value)
    assert error.startswith(
        f"feed.txt: cannot tell the text encoding with confidence (best guess {guess}, but "
    )
    assert f"{rival} read it about as well, as different text" in error or f"{rival} and" in error


def test_multibyte_text_is_not_taken_for_damaged_utf8():
    # Shift-JIS bytes form the odd valid UTF-8 sequence by chance, far fewer than invalid ones.
    data = JAPANESE.encode("shift_jis")
    assert any(char > "\x7f" for char in data.decode("utf-8", errors="ignore"))
    assert decode(data, source="feed.txt").encoding == "shift_jis"


def test_utf8_with_a_bom_and_a_bad_byte_is_damaged_whatever_the_rest():
    data = b"\xef\xbb\xbfCouncil story\n\nThe lido \xe9 closed."
    with pytest.raises(
        IngestError, match=r"^feed\.txt:3: not valid UTF-8: byte 0xe9 at offset 27 "
    ):
        decode(data, source="feed.txt")


def test_utf8_and_utf16_are_read_without_detection_and_not_worth_recording():
    assert decode("Naïve plan".encode(), source="a").worth_recording is False
    assert decode("Naïve plan".encode("utf-16"), source="a").encoding == "utf-16"


@pytest.mark.parametrize(
    ("given", "name"), [("Windows-1251", "cp1251"), ("latin-1", "iso8859-1"), ("UTF8", "utf-8")]
)
def test_encoding_names_are_python_codec_names(given, name):
    assert encoding_name(given) == name


@pytest.mark.parametrize("given", ["klingon", "base64", "rot13", "undefined", "utf-8\x00"])
def test_names_that_are_not_text_encodings_are_refused(given):
    with pytest.raises(ValueError, match=r"^unknown text encoding"):
        encoding_name(given)
