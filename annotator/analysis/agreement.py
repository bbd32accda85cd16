"""How far reviewers agree beyond chance, over the labels of submitted reviews.

Every figure treats no claim as a label like the others, and uses the whole vocabulary as its
categories (``LabelValue`` order), so a label nobody used still counts as a category. Each
figure says how many sentences and reviewers it rests on, and is ``None`` with a note, never
NaN or an exception, when it is undefined (no sentence reviewed twice, or no variation at all).

Pure functions over ``Ratings`` (``annotator.analysis.ratings``: plain ``(sentence, reviewer,
label)`` triples held as integer arrays), so the tests and benchmarks need no database;
``annotator.analysis.selectors.campaign_agreement`` reads a campaign's submitted labels in one
query and builds the whole ``AgreementReport`` here.

The coefficients themselves are the numpy functions of ``annotator.analysis.statistics``;
the tests check every figure against textbook examples, and those functions against the
``krippendorff`` and ``statsmodels`` packages (development dependencies only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.analysis import statistics
from annotator.analysis.ratings import BoolArray, Groups, IntArray, Key, Ratings
from annotator.analysis.reviewer_agreement import ReviewerAgreement, reviewer_agreements

type Matrix = tuple[tuple[int, ...], ...]

NEEDS_TWO_REVIEWS = "needs at least two reviews of a sentence"
NO_VARIATION = "no variation: every review used the same label"
PAIR_NO_VARIATION = "no variation: both reviewers used the same label on every shared sentence"
NOBODY_USED_LABEL = "no variation: nobody used this label"
EVERYONE_USED_LABEL = "no variation: every review used this label"
NO_OUTLET = "No outlet"

# How to read a chance-corrected figure (alpha, kappa): Krippendorff (2004) relies on data
# from 0.800 and draws tentative conclusions only from 0.667; under FEW_SENTENCES sentences a
# figure swings too much with each one to be judged at all.
GOOD_ENOUGH = 0.800
TENTATIVE = 0.667
FEW_SENTENCES = 30


@dataclass(frozen=True, slots=True)
class Figure:
    """One agreement figure and what it rests on; ``value`` is None when undefined."""

    value: float | None
    sentences: int
    reviewers: int
    note: str = ""

    @property
    def reading(self) -> str:
        """A chance-corrected figure in words: "good", "tentative", "too low", "too few
        sentences", or "" when undefined."""
        if self.value is None:
            return ""
        if self.sentences < FEW_SENTENCES:
            return "too few sentences"
        if self.value >= GOOD_ENOUGH:
            return "good"
        return "tentative" if self.value >= TENTATIVE else "too low"

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "sentences": self.sentences,
            "reviewers": self.reviewers,
            "note": self.note,
        }


def _left_out(single: int) -> str:
    if not single:
        return ""
    return f"{single:,} sentence{'s' if single != 1 else ''} with a single review left out"


def _alpha_from_counts(
    counts: IntArray, *, reviewers: int, note: str = "", no_variation: str = NO_VARIATION
) -> Figure:
    """Nominal alpha of a pairable units × categories count matrix."""
    sentences = counts.shape[0]
    if sentences == 0:
        return Figure(None, 0, reviewers, NEEDS_TWO_REVIEWS)
    if np.count_nonzero(counts.sum(axis=0)) < 2:
        return Figure(None, sentences, reviewers, no_variation)
    value = statistics.krippendorff_alpha(counts)
    if value is None:
        return Figure(None, sentences, reviewers, no_variation)
    return Figure(value, sentences, reviewers, note)


def alpha(ratings: Ratings, *, units: BoolArray | None = None) -> Figure:
    """Krippendorff's alpha (nominal) over the sentences reviewed at least twice.

    ``units`` (a mask over ``ratings.unit_ids``) restricts it to some sentences, e.g. one
    outlet's. The figure counts the pairable sentences and the reviewers who labelled them.
    """
    selected = np.ones(len(ratings.unit_ids), dtype=bool) if units is None else units
    used = selected & ratings.pairable
    return _alpha_from_counts(
        ratings.counts[used],
        reviewers=ratings.reviewers_on(used),
        note=_left_out(int(np.count_nonzero(selected & ~used))),
    )


def alpha_by_label(ratings: Ratings) -> dict[str, Figure]:
    """Alpha for each label against the rest collapsed into one category, in vocabulary order."""
    used = ratings.pairable
    counts = ratings.counts[used]
    per_unit = counts.sum(axis=1)
    reviewers = ratings.reviewers_on(used)
    note = _left_out(len(ratings.unit_ids) - counts.shape[0])
    figures = {}
    for i, category in enumerate(ratings.categories):
        binary = np.column_stack([counts[:, i], per_unit - counts[:, i]])
        column = int(binary[:, 0].sum())
        no_variation = NOBODY_USED_LABEL if column == 0 else EVERYONE_USED_LABEL
        figures[category] = _alpha_from_counts(
            binary, reviewers=reviewers, note=note, no_variation=no_variation
        )
    return figures


def alpha_by_group(
    ratings: Ratings, group_of: Mapping[Key, Key | None] | Groups
) -> dict[Key | None, Figure]:
    """Alpha within each group of sentences (an outlet), keyed by ``group_of[sentence id]``."""
    groups = group_of if isinstance(group_of, Groups) else Groups.of(ratings, group_of)
    return {key: alpha(ratings, units=groups.codes == code) for code, key in enumerate(groups.keys)}


def fleiss_kappa(ratings: Ratings) -> Figure:
    """Fleiss' kappa over the sentences that have the same number m >= 2 of reviews.

    When sentences have different numbers of reviews, it uses those with the most common
    number (the larger one on a tie) and says so in the note.
    """
    per_unit = ratings.counts.sum(axis=1)
    tally = np.bincount(per_unit[per_unit >= 2], minlength=2)
    sentences = int(tally.max())
    if not sentences:
        return Figure(None, 0, 0, NEEDS_TWO_REVIEWS)
    m = int(np.flatnonzero(tally == sentences)[-1])  # the most common; the larger on a tie
    used = per_unit == m
    reviewers = ratings.reviewers_on(used)
    note = ""
    others = len(ratings.unit_ids) - sentences
    if others:
        note = (
            f"on the {sentences:,} sentence{'s' if sentences != 1 else ''} with {m} reviews "
            f"each; {others:,} with other numbers of reviews left out"
        )
    table = ratings.counts[used]
    if np.count_nonzero(table.sum(axis=0)) < 2:
        return Figure(None, sentences, reviewers, NO_VARIATION)
    value = statistics.fleiss_kappa(table)
    if value is None:
        return Figure(None, sentences, reviewers, NO_VARIATION)
    return Figure(value, sentences, reviewers, note)


def percent_agreement(ratings: Ratings) -> tuple[Figure, Figure]:
    """Raw agreement over sentences reviewed at least twice: (pairwise, unanimous).

    Pairwise is the mean over sentences of the share of ordered reviewer pairs that agree;
    unanimous is the share of sentences on which every review agrees.
    """
    used = ratings.pairable
    counts = ratings.counts[used]
    sentences = counts.shape[0]
    reviewers = ratings.reviewers_on(used)
    if sentences == 0:
        empty = Figure(None, 0, reviewers, NEEDS_TWO_REVIEWS)
        return empty, empty
    note = _left_out(len(ratings.unit_ids) - sentences)
    n = counts.sum(axis=1)
    pairwise = ((counts * (counts - 1)).sum(axis=1) / (n * (n - 1))).mean()
    unanimous = np.count_nonzero(counts.max(axis=1) == n) / sentences
    return (
        Figure(float(pairwise), sentences, reviewers, note),
        Figure(float(unanimous), sentences, reviewers, note),
    )


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Cohen's kappa and the confusion matrix of two reviewers over the sentences they share.

    Confusion rows are ``reviewer_a``'s labels, columns ``reviewer_b``'s, in category order.
    """

    reviewer_a: Key
    reviewer_b: Key
    kappa: Figure
    confusion: Matrix

    @property
    def key(self) -> str:
        return f"{self.reviewer_a}-{self.reviewer_b}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "reviewers": [self.reviewer_a, self.reviewer_b],
            "kappa": self.kappa.as_dict(),
            "confusion": [list(row) for row in self.confusion],
        }


def _pair_tables(ratings: Ratings) -> dict[tuple[int, int], IntArray]:
    """Confusion matrix for every pair of coder indices (a < b) that share a sentence."""
    k = len(ratings.categories)
    coders = len(ratings.coder_ids)
    # Sorted by sentence then reviewer, a sentence's labels sit side by side with the lower
    # reviewer first, so label i pairs with label i + d of the same sentence for each offset d:
    # all pairs in a few vectorised passes, however many reviewers the campaign has.
    order = np.lexsort((ratings.coder, ratings.unit))
    unit, coder, value = ratings.unit[order], ratings.coder[order], ratings.value[order]
    most = int(np.bincount(unit).max()) if unit.size else 0
    keys = []
    for d in range(1, most):
        first = np.flatnonzero(unit[d:] == unit[:-d])
        second = first + d
        pair = coder[first] * coders + coder[second]
        keys.append((pair * k + value[first]) * k + value[second])
    if not keys:
        return {}
    cells, tally = np.unique(np.concatenate(keys), return_counts=True)
    tables: dict[tuple[int, int], IntArray] = {}
    for cell, n in zip(cells.tolist(), tally.tolist(), strict=True):
        pair, rest = divmod(cell, k * k)
        a, b = divmod(pair, coders)
        table = tables.get((a, b))
        if table is None:
            table = tables[(a, b)] = np.zeros((k, k), dtype=np.int64)
        table[divmod(rest, k)] = n
    return tables


def _cohen(table: IntArray) -> Figure:
    shared = int(table.sum())
    # Chance agreement is 1 (kappa 0/0) exactly when both reviewers used one and the same label.
    if ((table.sum(axis=0) == shared) & (table.sum(axis=1) == shared)).any():
        return Figure(None, shared, 2, PAIR_NO_VARIATION)
    value = statistics.cohen_kappa(table)
    if value is None:
        return Figure(None, shared, 2, PAIR_NO_VARIATION)
    return Figure(value, shared, 2)


def pair_agreements(ratings: Ratings) -> tuple[PairAgreement, ...]:
    """Cohen's kappa (unweighted) and confusion matrix for every pair sharing a sentence.

    Pairs come in ascending reviewer id order, ``reviewer_a`` the lower id.
    """
    ids = ratings.coder_ids
    return tuple(
        PairAgreement(
            reviewer_a=ids[a],
            reviewer_b=ids[b],
            kappa=_cohen(table),
            confusion=_as_matrix(table),
        )
        for (a, b), table in sorted(_pair_tables(ratings).items())
    )


def _as_matrix(table: IntArray) -> Matrix:
    return tuple(tuple(int(n) for n in row) for row in table)


@dataclass(frozen=True, slots=True)
class Reviewer:
    id: Key
    username: str


@dataclass(frozen=True, slots=True)
class OutletAgreement:
    id: Key | None
    name: str
    alpha: Figure


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Every agreement figure of one campaign (or any set of ratings)."""

    categories: tuple[str, ...]
    labels: int
    sentences: int
    reviewers: tuple[Reviewer, ...]
    alpha: Figure
    alpha_by_label: dict[str, Figure]
    alpha_by_outlet: tuple[OutletAgreement, ...]
    fleiss_kappa: Figure
    percent_agreement: Figure
    unanimous: Figure
    pairs: tuple[PairAgreement, ...]
    by_reviewer: tuple[ReviewerAgreement, ...] = ()

    def pair(self, reviewer_a: Key, reviewer_b: Key) -> PairAgreement | None:
        """The two reviewers' figures, rows of the confusion matrix ``reviewer_a``'s labels.

        None when they share no sentence.
        """
        for pair in self.pairs:
            if (pair.reviewer_a, pair.reviewer_b) == (reviewer_a, reviewer_b):
                return pair
            if (pair.reviewer_b, pair.reviewer_a) == (reviewer_a, reviewer_b):
                return PairAgreement(
                    reviewer_a=reviewer_a,
                    reviewer_b=reviewer_b,
                    kappa=pair.kappa,
                    confusion=_transpose(pair.confusion),
                )
        return None

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data; pairs keyed ``"<low id>-<high id>"``."""
        return {
            "categories": list(self.categories),
            "labels": self.labels,
            "sentences": self.sentences,
            "reviewers": [{"id": r.id, "username": r.username} for r in self.reviewers],
            "alpha": self.alpha.as_dict(),
            "alpha_by_label": {k: f.as_dict() for k, f in self.alpha_by_label.items()},
            "alpha_by_outlet": [
                {"id": o.id, "name": o.name, "alpha": o.alpha.as_dict()}
                for o in self.alpha_by_outlet
            ],
            "fleiss_kappa": self.fleiss_kappa.as_dict(),
            "percent_agreement": self.percent_agreement.as_dict(),
            "unanimous": self.unanimous.as_dict(),
            "pairs": {pair.key: pair.as_dict() for pair in self.pairs},
            "by_reviewer": [row.as_dict() for row in self.by_reviewer],
        }


def _transpose(matrix: Matrix) -> Matrix:
    return tuple(zip(*matrix, strict=True))


def agreement_report(
    ratings: Ratings,
    *,
    outlet_of: Mapping[Key, Key | None] | Groups | None = None,
    outlet_names: Mapping[Key | None, str] | None = None,
    reviewer_names: Mapping[Key, str] | None = None,
) -> AgreementReport:
    """Every figure for these ratings; ``outlet_of`` maps sentence id to outlet id (or groups
    the sentences by outlet)."""
    outlet_names = outlet_names or {}
    reviewer_names = reviewer_names or {}
    outlets = tuple(
        sorted(
            (
                OutletAgreement(
                    id=outlet,
                    name=outlet_names.get(outlet) or (NO_OUTLET if outlet is None else str(outlet)),
                    alpha=figure,
                )
                for outlet, figure in alpha_by_group(ratings, outlet_of or {}).items()
            ),
            key=lambda o: (o.id is None, o.name.casefold(), str(o.id)),
        )
    )
    pairwise, unanimous = percent_agreement(ratings)
    return AgreementReport(
        categories=ratings.categories,
        labels=len(ratings.value),
        sentences=len(ratings.unit_ids),
        reviewers=tuple(
            Reviewer(id=coder, username=reviewer_names.get(coder, str(coder)))
            for coder in ratings.coder_ids
        ),
        alpha=alpha(ratings),
        alpha_by_label=alpha_by_label(ratings),
        alpha_by_outlet=outlets,
        fleiss_kappa=fleiss_kappa(ratings),
        percent_agreement=pairwise,
        unanimous=unanimous,
        pairs=pair_agreements(ratings),
        by_reviewer=reviewer_agreements(ratings),
    )
