from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import nupunkt
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from articles.ingest.segment import (
    OTHER_SPACES,
    Paragraph,
    _nupunkt_spans,
    assemble,
    normalise_text,
    sentence_offsets,
    split_paragraphs,
)
from tests.articles.segment_cases import CASES


def sentences(paragraph: str) -> list[str]:
    return [paragraph[start:end] for start, end in sentence_offsets(paragraph)]


def test_the_table_has_at_least_150_news_cases():
    assert len(CASES) >= 150


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


def body_and_spans(text: str):
    return assemble([Paragraph(p) for p in split_paragraphs(text)])


def test_spans_are_exact_slices_with_paragraph_numbers():
    body, spans = body_and_spans(
        "Title-free first paragraph. It has two sentences.\nSecond one here."
    )
    assert [(body[s.start : s.end], s.paragraph) for s in spans] == [
        ("Title-free first paragraph.", 0),
        ("It has two sentences.", 0),
        ("Second one here.", 1),
    ]


def test_a_heading_without_a_full_stop_is_not_joined_to_the_next_paragraph():
    body, spans = body_and_spans("Why now\nThe council voted on Tuesday.")
    assert [body[s.start : s.end] for s in spans] == [
        "Why now",
        "The council voted on Tuesday.",
    ]


def test_normalise_joins_hard_wrapped_lines_inside_blank_line_paragraphs():
    text = "First line of a\nwrapped paragraph.\n\n\nSecond\tparagraph  here.\r\n"
    assert split_paragraphs(text) == [
        "First line of a wrapped paragraph.",
        "Second paragraph here.",
    ]


def test_normalise_drops_control_characters_and_odd_spaces():
    assert split_paragraphs("A\u00a0b\u200bc\x07d.") == ["A bc d."]


def _trimmed(paragraph: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    return [s for s in (paragraph[a:b].strip() for a, b in spans) if s]


QUOTED = (
    "Critics called the plan “a concrete answer to a question nobody asked.” The council met. "
    '"That has to end," he told reporters. She asked: "Why now?" Nobody answered (at first.) '
    "Then it was over.' He left… She stayed. ‘Fine,’ she said. [Citation needed.] Done."
)


@pytest.mark.parametrize(
    "paragraph",
    [text for text, _ in CASES]
    + [QUOTED, "One sentence, no mark inside?", "No end mark at all", "Ends… "],
)
def test_the_shortcuts_into_nupunkt_give_what_its_full_path_gives(paragraph):
    # The English segmenter asks nupunkt for raw spans the quick way (no stretched copies,
    # realignment only where a closing mark could begin a sentence); the sentences must be
    # those of nupunkt's documented entry point, here and after any upgrade of it.
    assert _trimmed(paragraph, _nupunkt_spans(paragraph)) == _trimmed(
        paragraph, nupunkt.sent_spans(paragraph)
    )


_EVERY_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab.,’\u00e9\u4e2d" + " " * 8 + _EVERY_SPACE + "\u200b\x07")),
        max_size=40,
    )
)
@example("a  b")
@example(" a")
@example("a ")
@example("a\u00a0b")
@example("a\u3000b c")
@example("a \u200bb")
def test_normalise_spaces_exactly_as_splitting_on_every_space_would(text):
    """The quick path (text already single-spaced is returned as it is) gives what splitting
    on every kind of space and joining with one gives, for every space Python knows."""
    slow = unicodedata.normalize("NFC", text)
    for invisible in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"):
        slow = slow.replace(invisible, "")
    slow = re.sub(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]", " ", slow)
    assert normalise_text(text) == " ".join(slow.split())


def test_the_other_spaces_are_every_space_str_split_splits_on_but_the_plain_one():
    spaces = re.compile(f"[{OTHER_SPACES}]")
    every = {chr(code) for code in range(0x110000)}
    assert {c for c in every if spaces.fullmatch(c)} == {c for c in every if c.isspace()} - {" "}
