"""The agreement coefficients and the Wilson interval, written over numpy.

Four textbook formulas, each a small function of a count table, so the figures need no
statistics package at run time (``krippendorff`` and ``statsmodels`` are development
dependencies only: the tests compare these functions with them on many random tables).

Each returns None where the figure is undefined (no pair of ratings to compare, or chance
agreement is already perfect, so the coefficient would be 0/0), never NaN.

- ``krippendorff_alpha``: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
  nominal metric, from a units × categories table of counts; units with fewer than two
  ratings are not pairable and count for nothing (the missing-data handling of the method).
- ``cohen_kappa``: Cohen (1960), from two raters' k × k confusion table.
- ``fleiss_kappa``: Fleiss (1971), from a units × categories table in which every unit has
  the same number of ratings.
- ``wilson_interval``: Wilson (1927) score interval of a binomial proportion.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import numpy.typing as npt

type Table = npt.ArrayLike
type FloatArray = npt.NDArray[np.float64]


def _counts(table: Table, *, dimensions: int = 2) -> FloatArray:
    counts = np.asarray(table, dtype=np.float64)
    if counts.ndim != dimensions:
        raise ValueError(f"expected a {dimensions}-dimensional table of counts")
    if (counts < 0).any():
        raise ValueError("counts cannot be negative")
    return counts


def coincidences(counts: Table) -> FloatArray:
    """Krippendorff's coincidence matrix (categories × categories) of a units × categories
    table: each pairable unit u (with m_u >= 2 ratings) adds n_uc * n_uk / (m_u - 1) to cell
    (c, k), less its own n_uc / (m_u - 1) on the diagonal (a rating is not paired with
    itself). Units with fewer than two ratings add nothing."""
    table = _counts(counts)
    ratings = table.sum(axis=1)
    pairable = table[ratings >= 2]
    weight = 1.0 / (pairable.sum(axis=1) - 1.0)
    weighted = pairable * weight[:, None]
    return np.asarray(weighted.T @ pairable - np.diag(weighted.sum(axis=0)), dtype=np.float64)


def krippendorff_alpha(counts: Table) -> float | None:
    """Krippendorff's alpha (nominal) of a units × categories table of counts.

    alpha = 1 - D_o / D_e, with the observed disagreement D_o the off-diagonal mass of the
    coincidence matrix and the expected D_e = (n² - Σ n_c²) / (n - 1), n_c the matrix's column
    sums (pairable ratings of category c) and n their total. None when no unit has two
    ratings or only one category occurs among the pairable ratings.
    """
    matrix = coincidences(counts)
    n_c = matrix.sum(axis=0)
    n = float(n_c.sum())
    if n <= 1:
        return None
    expected = (n * n - float((n_c * n_c).sum())) / (n - 1.0)
    if expected <= 0:
        return None
    observed = float(matrix.sum() - np.trace(matrix))
    return 1.0 - observed / expected


def cohen_kappa(confusion: Table) -> float | None:
    """Cohen's kappa (unweighted) of two raters' k × k confusion table (rows one rater's
    categories, columns the other's, same order).

    kappa = (p_o - p_e) / (1 - p_e): p_o the share on the diagonal, p_e = Σ row_c · col_c / N²
    the agreement expected from each rater's own category shares. None for an empty table or
    when p_e is 1 (both raters used one and the same category throughout).
    """
    table = _counts(confusion)
    if table.shape[0] != table.shape[1]:
        raise ValueError("a confusion table is square")
    total = float(table.sum())
    if total == 0:
        return None
    observed = float(np.trace(table)) / total
    chance = float(table.sum(axis=1) @ table.sum(axis=0)) / (total * total)
    if chance >= 1.0:
        return None
    return (observed - chance) / (1.0 - chance)


def fleiss_kappa(counts: Table) -> float | None:
    """Fleiss' kappa of a units × categories table in which every unit has the same number
    m >= 2 of ratings (ValueError otherwise).

    kappa = (P̄ - P_e) / (1 - P_e): P̄ the mean over units of the share of agreeing rating
    pairs, (Σ_c n_uc² - m) / (m (m - 1)), and P_e = Σ_c p_c², p_c category c's share of all
    ratings. None for no units or when P_e is 1 (a single category used).
    """
    table = _counts(counts)
    if table.shape[0] == 0:
        return None
    per_unit = table.sum(axis=1)
    m = float(per_unit[0])
    if m < 2 or not np.all(per_unit == m):
        raise ValueError("Fleiss' kappa needs the same number (at least 2) of ratings per unit")
    shares = table.sum(axis=0) / float(table.sum())
    chance = float((shares * shares).sum())
    if chance >= 1.0:
        return None
    agreement = float((((table * table).sum(axis=1) - m) / (m * (m - 1.0))).mean())
    return (agreement - chance) / (1.0 - chance)


def wilson_interval(
    successes: Table, total: float, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """The Wilson score interval (low, high) of ``successes`` out of ``total`` trials, for
    each of an array of successes (``total`` > 0).

    With z the two-sided normal quantile of ``confidence`` and p = successes / total:
    centre (p + z²/2N) / (1 + z²/N), half-width z √(p(1-p)/N + z²/4N²) / (1 + z²/N).
    The bounds are not clipped: rounding can put them a hair outside [0, 1].
    """
    if total <= 0:
        raise ValueError("the Wilson interval needs at least one trial")
    if not 0 < confidence < 1:
        raise ValueError("confidence is a share between 0 and 1")
    share = np.asarray(successes, dtype=np.float64) / total
    z = NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)
    z2 = z * z
    scale = 1.0 + z2 / total
    centre = (share + z2 / (2.0 * total)) / scale
    half = z * np.sqrt(share * (1.0 - share) / total + z2 / (4.0 * total * total)) / scale
    return centre - half, centre + half
