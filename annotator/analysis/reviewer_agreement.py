"""Each reviewer's part in a campaign's agreement: how often they agree with the others on
the sentences they share, on how many sentences they are part of a disagreement, and the
campaign's alpha without them (a reviewer whose absence raises alpha a lot reads the
guidelines differently from the rest).

Pure functions over ``Ratings`` like ``annotator.analysis.agreement``, which puts them in its
``AgreementReport``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.analysis import statistics
from annotator.analysis.ratings import Key, Ratings


@dataclass(frozen=True, slots=True)
class ReviewerAgreement:
    """One reviewer's figures; the shares are None when they share no sentence."""

    reviewer: Key
    # Their labels, and those on sentences someone else labelled too.
    labels: int
    shared: int
    # Of the (their label, another reviewer's label) pairs on shared sentences, the share
    # that agree.
    agrees_with_others: float | None
    # Sentences they labelled on which the submitted reviews use two labels or more.
    disagreements: int
    # Krippendorff's alpha over the campaign's ratings without theirs (None: undefined).
    alpha_without: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "reviewer": self.reviewer,
            "labels": self.labels,
            "shared": self.shared,
            "agrees_with_others": self.agrees_with_others,
            "disagreements": self.disagreements,
            "alpha_without": self.alpha_without,
        }


def reviewer_agreements(ratings: Ratings) -> tuple[ReviewerAgreement, ...]:
    """Every reviewer's figures, in ``ratings.coder_ids`` order. A few vectorised passes over
    the labels per reviewer (cheap: campaigns have tens of reviewers, not thousands)."""
    coders = len(ratings.coder_ids)
    counts = ratings.counts
    per_unit = counts.sum(axis=1)
    others = per_unit[ratings.unit] - 1
    same = counts[ratings.unit, ratings.value] - 1
    labels = np.bincount(ratings.coder, minlength=coders)
    shared = np.bincount(ratings.coder, weights=others > 0, minlength=coders)
    pairs = np.bincount(ratings.coder, weights=others, minlength=coders)
    agreeing = np.bincount(ratings.coder, weights=same, minlength=coders)
    disputed = np.count_nonzero(counts, axis=1) >= 2
    disagreements = np.bincount(ratings.coder, weights=disputed[ratings.unit], minlength=coders)
    k = len(ratings.categories)
    cells = ratings.unit * k + ratings.value
    rows = []
    for c, reviewer in enumerate(ratings.coder_ids):
        theirs = np.bincount(cells[ratings.coder == c], minlength=counts.size)
        rest = counts - theirs.reshape(counts.shape)
        alpha_without = None
        if np.count_nonzero(rest[rest.sum(axis=1) >= 2].sum(axis=0)) >= 2:
            alpha_without = statistics.krippendorff_alpha(rest)
        rows.append(
            ReviewerAgreement(
                reviewer=reviewer,
                labels=int(labels[c]),
                shared=int(shared[c]),
                agrees_with_others=float(agreeing[c] / pairs[c]) if pairs[c] else None,
                disagreements=int(disagreements[c]),
                alpha_without=alpha_without,
            )
        )
    return tuple(rows)
