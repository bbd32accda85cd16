from __future__ import annotations

import pytest

from articles.ingest.segment import Paragraph, assemble, sentence_offsets
from tests.articles.segment_cases_i18n import CASES

LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "ru", "zh", "ja")
ALL_CASES = [(language, text, expected) for language in CASES for text, expected in CASES[language]]


def sentences(paragraph: str, language: str) -> list[str]:
    return [paragraph[start:end] for start, end in sentence_offsets(paragraph, language)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_table_has_at_least_15_cases_per_language(language):
    assert len(CASES[language]) >= 15


@pytest.mark.parametrize(
    ("language", "paragraph", "expected"), ALL_CASES, ids=[f"{c[0]}-{c[1][:30]}" for c in ALL_CASES]
)
def test_sentence_boundaries_follow_the_language(language, paragraph, expected):
    assert sentences(paragraph, language) == expected


def test_english_rules_split_a_german_ordinal_the_german_rules_do_not():
    paragraph = "Das steht in dem 3. Bericht der Kommission. Er wurde am Montag veröffentlicht."
    assert len(sentences(paragraph, "en")) == 3
    assert len(sentences(paragraph, "de")) == 2


def test_a_regional_tag_uses_its_language_rules():
    assert sentences("A Sra. Costa elogiou a decisão. A oposição criticou.", "pt-BR") == [
        "A Sra. Costa elogiou a decisão.",
        "A oposição criticou.",
    ]


def test_a_language_without_its_own_rules_still_splits_on_full_stops():
    assert sentences("Rada miasta zagłosowała we wtorek. Opozycja zapowiada skargę.", "pl") == [
        "Rada miasta zagłosowała we wtorek.",
        "Opozycja zapowiada skargę.",
    ]


def test_a_paragraph_without_chinese_in_a_chinese_article_is_split_as_english():
    assert sentences("The U.S. envoy arrived on Monday. Talks begin today.", "zh") == [
        "The U.S. envoy arrived on Monday.",
        "Talks begin today.",
    ]


def test_half_width_marks_after_latin_letters_do_not_end_a_chinese_sentence():
    assert sentences("Yahoo!新闻报道了此事。", "zh") == ["Yahoo!新闻报道了此事。"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_assembled_spans_are_exact_slices_in_every_language(language):
    paragraphs = [Paragraph(text) for text, _ in CASES[language][:5]]
    body, spans = assemble(paragraphs, language=language)
    expected = [sentence for _, wanted in CASES[language][:5] for sentence in wanted]
    assert [body[span.start : span.end] for span in spans] == expected
    assert all(body[span.start : span.end].strip() == body[span.start : span.end] for span in spans)
