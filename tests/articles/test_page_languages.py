"""Date lines and bylines of pages in other languages: never a title, and read into the
article's date and author."""

from __future__ import annotations

import pytest

from articles.ingest.line_rules import classify, parse_date
from articles.ingest.page_lines import Kind
from articles.ingest.pipeline import parse


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("3. März 2020", "2020-03-03"),
        ("am Dienstag, 3. März 2020 um 10:15 Uhr", "2020-03-03"),
        ("Veröffentlicht am 3. März 2020", "2020-03-03"),
        ("Publié le 1er mars 2020 à 10h00", "2020-03-01"),
        ("mardi 17 novembre 2020", "2020-11-17"),
        ("martes, 3 de marzo de 2020", "2020-03-03"),
        ("Pubblicato il 3 marzo 2020", "2020-03-03"),
        ("Publicado em 3 de março de 2020", "2020-03-03"),
        ("3 maart 2020", "2020-03-03"),
        ("Опубликовано: 3 марта 2020 г.", "2020-03-03"),
        ("Posted on Maret 30, 2015 by Admin", "2015-03-30"),
    ],
)
def test_date_lines_in_other_languages_are_dates(text, day):
    parsed = parse_date(text)
    assert parsed is not None and parsed.date().isoformat() == day
    assert classify(text)[0].kind == Kind.DATE


@pytest.mark.parametrize(
    "text",
    [
        "Von Anna Schmidt",
        "Von Anna Schmidt und Karl Meier",
        "Par Jean Dupont",
        "Por Juan Pérez | 3 de marzo de 2020",
        "Di Mario Rossi",
        "Door Jan de Vries",
        "Por Juan del Río y Ana Gil",
        "Автор: Иван Петров",
    ],
)
def test_bylines_in_other_languages_are_bylines(text):
    assert classify(text)[0].kind == Kind.BYLINE


@pytest.mark.parametrize(
    "text",
    [
        "Von Montag an gelten neue Regeln",  # "from Monday on": the word is a preposition
        "Di recente il governo ha deciso",
        "Par ailleurs, le gouvernement",
    ],
)
def test_a_heading_that_opens_with_the_word_for_by_is_not_a_byline(text):
    assert classify(text)[0].kind != Kind.BYLINE


GERMAN_PAGE = """Startseite | Politik | Wirtschaft | Sport

Stadtrat beschließt neuen Hafenplan
Von Anna Schmidt
Dienstag, 3. März 2026, 10:15 Uhr

Der Stadtrat hat am Dienstag mit neun zu vier Stimmen den Plan für den Umbau des Hafens beschlossen.

Der Plan sieht ein neues Fährterminal und vierhundert Wohnungen am Ostkai vor.

Die Opposition kritisierte, die Kosten von 120 Millionen Euro seien zu niedrig angesetzt.

Impressum | Datenschutz
"""


def test_a_german_page_gets_its_headline_author_and_date():
    (draft,) = parse(GERMAN_PAGE, source="hafen.txt", fmt="text").drafts
    assert draft.title == "Stadtrat beschließt neuen Hafenplan"
    assert draft.author == "Anna Schmidt"
    assert draft.published is not None and draft.published.date().isoformat() == "2026-03-03"
    assert draft.body.startswith("Der Stadtrat hat am Dienstag")
