from __future__ import annotations

import pytest

from annotator.review.attribution import suggest_source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("According to a staff report released last week, the barrier will cost $14.8m.",
         "a staff report released last week"),
        ("“We have the money,” said Dr. Priya Raman, the council’s engineer.", "Dr. Priya Raman"),
        ('"Buses are stuck in traffic," Mayor Ines Carvalho said.', "Mayor Ines Carvalho"),
        ("Council engineer Dr. Priya Raman told the meeting that work could begin in March.",
         "Dr. Priya Raman"),
        ("The Northgate Health Board said overtime rose by 40%.", "The Northgate Health Board"),
        ("Work will take 18 months, the council said in a statement.", "the council"),
        ("“That has to end,” she said.", ""),
        ("The plan will cost taxpayers billions.", ""),
    ],
)  # fmt: skip
def test_suggested_source(sentence, source):
    assert suggest_source(sentence) == source
