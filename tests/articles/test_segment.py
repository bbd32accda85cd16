from __future__ import annotations

import pytest

from articles.ingest.segment import normalise_body, sentence_offsets, sentence_spans
from tests.articles.segment_cases import CASES


def sentences(paragraph: str) -> list[str]:
    return [paragraph[start:end] for start, end in sentence_offsets(paragraph)]


def test_the_table_has_at_least_40_news_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(("paragraph", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_news_sentence_boundaries(paragraph, expected):
    assert sentences(paragraph) == expected


@pytest.mark.parametrize(("paragraph", "expected"), CASES[:10])
def test_offsets_survive_surrounding_space(paragraph, expected):
    assert sentences(f"  {paragraph}   ") == expected


def test_company_title_after_inc_does_not_split():
    assert sentences("Acme Inc. Chief Executive Jane Doe said profits rose. Shares fell.") == [
        "Acme Inc. Chief Executive Jane Doe said profits rose.",
        "Shares fell.",
    ]


def test_spans_are_exact_slices_with_paragraph_numbers():
    body = normalise_body("Title-free first paragraph. It has two sentences.\nSecond one here.")
    spans = sentence_spans(body)
    assert [(body[s.start : s.end], s.paragraph) for s in spans] == [
        ("Title-free first paragraph.", 0),
        ("It has two sentences.", 0),
        ("Second one here.", 1),
    ]


def test_a_heading_without_a_full_stop_is_not_joined_to_the_next_paragraph():
    body = normalise_body("Why now\nThe council voted on Tuesday.")
    assert [body[s.start : s.end] for s in sentence_spans(body)] == [
        "Why now",
        "The council voted on Tuesday.",
    ]


def test_normalise_joins_hard_wrapped_lines_inside_blank_line_paragraphs():
    text = "First line of a\nwrapped paragraph.\n\n\nSecond\tparagraph  here.\r\n"
    assert normalise_body(text) == "First line of a wrapped paragraph.\n\nSecond paragraph here."


def test_normalise_drops_control_characters_and_odd_spaces():
    assert normalise_body("A\u00a0b\u200bc\x07d.") == "A bc d."
