"""A pair of reviewers' confusion matrix as the agreement page shows it: each cell's count,
how dark it is shaded, and the votes it stands for (so it can open the disagreements behind
it: ``annotator.campaigns.adjudication.DisagreementFilter.votes``).

Disagreement cells are shaded against the largest disagreement cell, the diagonal against
the largest agreement cell: on one scale the diagonal would drown every disagreement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from annotator.analysis.agreement import AgreementReport, PairAgreement
from annotator.vocabulary import SPEC_BY_VALUE, LabelSpec

# Shades 1 … SHADES (0: an empty cell); CSS classes ``shade-<n>`` in app.css.
SHADES = 4


@dataclass(frozen=True, slots=True)
class ConfusionCell:
    count: int
    shade: int
    row: LabelSpec
    column: LabelSpec
    # "<reviewer a>:<row label>,<reviewer b>:<column label>", the adjudication filter's votes.
    votes: str

    @property
    def agrees(self) -> bool:
        return self.row.value == self.column.value


@dataclass(frozen=True, slots=True)
class ConfusionTable:
    """Rows are ``name_a``'s labels, columns ``name_b``'s, in vocabulary order."""

    pair: PairAgreement
    name_a: str
    name_b: str
    columns: tuple[LabelSpec, ...]
    rows: tuple[tuple[LabelSpec, tuple[ConfusionCell, ...]], ...]

    @property
    def disagreements(self) -> int:
        return sum(cell.count for _, cells in self.rows for cell in cells if not cell.agrees)


def _shade(count: int, largest: int) -> int:
    return math.ceil(SHADES * count / largest) if count else 0


def confusion_table(
    report: AgreementReport, reviewer_a: int | None, reviewer_b: int | None
) -> ConfusionTable | None:
    """The pair asked for (rows ``reviewer_a``), else the report's first pair; None when the
    pair shares no sentence or nobody does. No queries."""
    pair = None
    if reviewer_a and reviewer_b:
        pair = report.pair(reviewer_a, reviewer_b)
    elif report.pairs:
        pair = report.pairs[0]
    if pair is None:
        return None
    names = {reviewer.id: reviewer.username for reviewer in report.reviewers}
    specs = tuple(SPEC_BY_VALUE[value] for value in report.categories)
    matrix = pair.confusion
    size = range(len(specs))
    largest_agreement = max((matrix[i][i] for i in size), default=0)
    largest_disagreement = max((matrix[i][j] for i in size for j in size if i != j), default=0)
    rows = tuple(
        (
            specs[i],
            tuple(
                ConfusionCell(
                    count=matrix[i][j],
                    shade=_shade(
                        matrix[i][j], largest_agreement if i == j else largest_disagreement
                    ),
                    row=specs[i],
                    column=specs[j],
                    votes=f"{pair.reviewer_a}:{specs[i].value},{pair.reviewer_b}:{specs[j].value}",
                )
                for j in size
            ),
        )
        for i in size
    )
    return ConfusionTable(
        pair=pair,
        name_a=names[pair.reviewer_a],
        name_b=names[pair.reviewer_b],
        columns=specs,
        rows=rows,
    )
