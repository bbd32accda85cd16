"""Each reviewer's figures (annotator/analysis/reviewer_agreement.py) and the confusion
matrix's cells (annotator/analysis/confusion.py), on small hand-checked ratings."""

from __future__ import annotations

import pytest

from annotator.analysis.agreement import agreement_report, alpha
from annotator.analysis.confusion import confusion_table
from annotator.analysis.ratings import Ratings
from annotator.analysis.reviewer_agreement import reviewer_agreements

# Three reviewers on five sentences: reviewer 3 says unsourced where the other two say
# sourced (sentences 1, 2), opinion where reviewer 1 says no claim (5), and alone labels 4.
ROWS = [
    (1, 1, "sourced"), (1, 2, "sourced"), (1, 3, "unsourced"),
    (2, 1, "sourced"), (2, 2, "sourced"), (2, 3, "unsourced"),
    (3, 1, "opinion"), (3, 2, "opinion"), (3, 3, "opinion"),
    (4, 3, "opinion"),
    (5, 1, "no_claim"), (5, 3, "opinion"),
]  # fmt: skip


def test_each_reviewer_agreement_with_the_others_and_alpha_without_them():
    ratings = Ratings.build(ROWS)
    rows = {row.reviewer: row for row in reviewer_agreements(ratings)}
    assert (rows[1].labels, rows[1].shared) == (4, 4)
    # Reviewer 1 pairs with 2 others on sentences 1-3 (agreeing with one, one, both), with
    # one on sentence 5 (disagreeing): 4 of 7.
    assert rows[1].agrees_with_others == pytest.approx(4 / 7)
    assert rows[3].agrees_with_others == pytest.approx(2 / 7)
    assert (rows[3].labels, rows[3].shared, rows[3].disagreements) == (5, 4, 3)
    without_3 = Ratings.build(row for row in ROWS if row[1] != 3)
    assert rows[3].alpha_without == pytest.approx(alpha(without_3).value)
    assert rows[3].alpha_without > alpha(ratings).value


def test_a_reviewer_who_shares_nothing_has_no_share():
    rows = reviewer_agreements(Ratings.build([(1, 1, "sourced"), (2, 2, "opinion")]))
    assert [(row.agrees_with_others, row.alpha_without) for row in rows] == [(None, None)] * 2


def test_confusion_cells_are_shaded_on_two_scales_and_name_their_votes():
    report = agreement_report(Ratings.build(ROWS), reviewer_names={1: "ann", 3: "cy"})
    table = confusion_table(report, 3, 1)
    assert table is not None and (table.name_a, table.name_b) == ("cy", "ann")
    cells = {(cell.row.value, cell.column.value): cell for _, row in table.rows for cell in row}
    assert cells[("unsourced", "sourced")].count == 2
    assert cells[("unsourced", "sourced")].shade == 4  # the largest disagreement
    assert cells[("opinion", "no_claim")].shade == 2
    assert cells[("opinion", "opinion")].shade == 4 and cells[("opinion", "opinion")].agrees
    assert cells[("sourced", "sourced")].shade == 0
    assert cells[("unsourced", "sourced")].votes == "3:unsourced,1:sourced"
    assert table.disagreements == 3
    assert confusion_table(report, 1, 99) is None
