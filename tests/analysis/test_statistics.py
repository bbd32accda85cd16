"""The numpy coefficients against the packages they replace (development dependencies only):
``krippendorff`` for alpha, ``statsmodels`` for Cohen's and Fleiss' kappa and the Wilson
interval, on many random tables and on the degenerate ones, within 1e-9."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa as sm_cohen
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss
from statsmodels.stats.proportion import proportion_confint

from annotator.analysis import statistics

SEEDS = range(200)
TOLERANCE = 1e-9


def oracle(compute, *args, **kwargs) -> float | None:
    """The package's figure, None where it is undefined (it raises, or gives NaN)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            value = float(compute(*args, **kwargs))
        except (ValueError, ZeroDivisionError):
            return None
    return None if math.isnan(value) else value


def same(ours: float | None, theirs: float | None) -> bool:
    if ours is None or theirs is None:
        return ours is theirs
    return abs(ours - theirs) <= TOLERANCE


def kripp(counts) -> float | None:
    return oracle(krippendorff.alpha, value_counts=counts, level_of_measurement="nominal")


def random_counts(rng: np.random.Generator) -> np.ndarray:
    """Units × categories with a varying number of ratings per unit, single and empty units
    included (the missing data alpha must leave out)."""
    units, categories = int(rng.integers(1, 40)), int(rng.integers(2, 6))
    per_unit = rng.integers(0, 7, size=units)
    skew = rng.dirichlet(np.ones(categories) * rng.uniform(0.2, 3))
    return np.array([rng.multinomial(n, skew) for n in per_unit], dtype=np.int64)


@pytest.mark.parametrize("seed", SEEDS)
def test_alpha_matches_krippendorff_package_on_random_tables(seed):
    counts = random_counts(np.random.default_rng(seed))
    assert same(statistics.krippendorff_alpha(counts), kripp(counts))


@pytest.mark.parametrize("seed", SEEDS)
def test_fleiss_kappa_matches_statsmodels_on_random_tables(seed):
    rng = np.random.default_rng(seed)
    units, categories, m = (
        int(rng.integers(1, 50)),
        int(rng.integers(2, 6)),
        int(rng.integers(2, 8)),
    )
    skew = rng.dirichlet(np.ones(categories) * rng.uniform(0.2, 3))
    counts = np.array([rng.multinomial(m, skew) for _ in range(units)])
    theirs = oracle(sm_fleiss, counts, method="fleiss")
    assert same(statistics.fleiss_kappa(counts), theirs)


@pytest.mark.parametrize("seed", SEEDS)
def test_cohen_kappa_matches_statsmodels_on_random_tables(seed):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6))
    table = rng.integers(0, 12, size=(k, k)) * (rng.random((k, k)) < 0.7)
    if table.sum() == 0:
        table[0, 0] = 1
    theirs = oracle(sm_cohen, table, return_results=False)
    assert same(statistics.cohen_kappa(table), theirs)


@pytest.mark.parametrize("seed", SEEDS)
def test_wilson_interval_matches_statsmodels_on_random_counts(seed):
    rng = np.random.default_rng(seed)
    total = int(rng.integers(1, 5000))
    counts = rng.integers(0, total + 1, size=5)
    confidence = float(rng.choice([0.8, 0.9, 0.95, 0.99]))
    low, high = statistics.wilson_interval(counts, total, confidence=confidence)
    their_low, their_high = proportion_confint(counts, total, alpha=1 - confidence, method="wilson")
    assert np.allclose(low, their_low, rtol=0, atol=TOLERANCE)
    assert np.allclose(high, their_high, rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize(
    "counts",
    [
        [[3, 0], [2, 0], [4, 0]],  # one category used: everyone agrees
        [[2, 0, 0], [0, 3, 0], [0, 0, 2]],  # every unit unanimous, categories vary: alpha 1
        [[1, 1, 0]],  # one unit
        [[2, 0]],  # one unit, one category used
        [[1, 0], [0, 1], [1, 0]],  # no unit rated twice
        [[0, 0], [0, 0]],  # nothing rated
        [[5, 0], [1, 0], [0, 1]],  # the only varying units are single ratings
    ],
)
def test_alpha_agrees_with_krippendorff_package_on_degenerate_tables(counts):
    ours = statistics.krippendorff_alpha(counts)
    assert same(ours, kripp(counts))


def test_alpha_of_unanimous_varied_table_is_one_and_of_a_single_category_none():
    assert statistics.krippendorff_alpha([[2, 0], [0, 3]]) == 1.0
    assert statistics.krippendorff_alpha([[2, 0], [3, 0]]) is None
    assert statistics.krippendorff_alpha([[5]]) is None  # one category: no domain to vary


@pytest.mark.parametrize(
    "table",
    [
        [[4, 0], [0, 0]],  # both raters one and the same category
        [[0, 3], [0, 0]],  # each rater one category, different ones: kappa 0
        [[5, 0, 0], [0, 2, 0], [0, 0, 1]],  # all agree
        [[1]],  # one category, one item
    ],
)
def test_cohen_kappa_agrees_with_statsmodels_on_degenerate_tables(table):
    assert same(statistics.cohen_kappa(table), oracle(sm_cohen, table, return_results=False))


@pytest.mark.parametrize(
    "counts",
    [
        [[3, 0], [3, 0]],  # one category used
        [[2, 0, 0], [0, 2, 0], [0, 0, 2]],  # every unit unanimous: kappa 1
        [[1, 1]],  # one unit
        [[2, 1, 0]],  # one unit, three categories
    ],
)
def test_fleiss_kappa_agrees_with_statsmodels_on_degenerate_tables(counts):
    assert same(statistics.fleiss_kappa(counts), oracle(sm_fleiss, counts, method="fleiss"))


def test_fleiss_kappa_refuses_units_with_different_numbers_of_ratings():
    with pytest.raises(ValueError, match="same number"):
        statistics.fleiss_kappa([[2, 0], [1, 2]])
    assert statistics.fleiss_kappa(np.zeros((0, 3))) is None


def test_wilson_interval_at_the_edges_matches_statsmodels():
    for total in (1, 2, 10):
        counts = np.arange(total + 1)
        low, high = statistics.wilson_interval(counts, total)
        their_low, their_high = proportion_confint(counts, total, alpha=0.05, method="wilson")
        assert np.allclose(low, their_low, rtol=0, atol=TOLERANCE)
        assert np.allclose(high, their_high, rtol=0, atol=TOLERANCE)
    with pytest.raises(ValueError, match="at least one trial"):
        statistics.wilson_interval([0], 0)
