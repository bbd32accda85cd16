"""The labels agreement is measured on, as integer arrays: ``Ratings``, built from plain
``(sentence, reviewer, label)`` triples, so the statistics (``annotator.analysis.agreement``),
their tests and benchmarks need no database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from annotator.vocabulary import LabelValue

CATEGORIES: tuple[str, ...] = tuple(LabelValue.values)

type Key = int | str
type IntArray = npt.NDArray[np.int64]
type BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Ratings:
    """Labels as parallel integer arrays, one entry per (sentence, reviewer) label.

    ``unit``, ``coder`` and ``value`` index into ``unit_ids``, ``coder_ids`` and
    ``categories``. ``coder_ids`` are sorted, so a pair of coder indices ``a < b`` is also
    the pair of reviewer ids in ascending order.
    """

    categories: tuple[str, ...]
    unit_ids: tuple[Key, ...]
    coder_ids: tuple[Key, ...]
    unit: IntArray
    coder: IntArray
    value: IntArray

    @classmethod
    def build(
        cls, rows: Iterable[tuple[Key, Key, str]], *, categories: Iterable[str] = CATEGORIES
    ) -> Ratings:
        """Index ``(sentence id, reviewer id, label)`` triples; ids of one kind (all int or str).

        Raises ValueError for a label outside ``categories`` or a reviewer who labelled the
        same sentence twice: both are broken data, not undefined statistics.
        """
        vocabulary = tuple(categories)
        triples = list(rows)
        index = {category: i for i, category in enumerate(vocabulary)}
        try:
            value = np.fromiter((index[t[2]] for t in triples), np.int64, len(triples))
        except KeyError as error:
            raise ValueError(f"label {error.args[0]!r} is not one of {vocabulary}") from None
        unit_ids, unit = _factorize([t[0] for t in triples])
        coder_ids, coder = _factorize([t[1] for t in triples])
        if np.unique(unit * max(len(coder_ids), 1) + coder).size != len(triples):
            raise ValueError("a reviewer has more than one label on the same sentence")
        return cls(vocabulary, unit_ids, coder_ids, unit, coder, value)

    @cached_property
    def counts(self) -> IntArray:
        """Units × categories: how many reviewers gave each label to each sentence."""
        k = len(self.categories)
        flat = np.bincount(self.unit * k + self.value, minlength=len(self.unit_ids) * k)
        return flat.reshape(len(self.unit_ids), k).astype(np.int64)

    @cached_property
    def pairable(self) -> BoolArray:
        """Sentences with at least two labels: the only ones agreement can be measured on."""
        return self.counts.sum(axis=1) >= 2

    def reviewers_on(self, units: BoolArray) -> int:
        """How many reviewers labelled at least one of the selected sentences."""
        return int(np.unique(self.coder[units[self.unit]]).size)


def _factorize(keys: list[Key]) -> tuple[tuple[Key, ...], IntArray]:
    if not keys:
        return (), np.zeros(0, dtype=np.int64)
    uniques, inverse = np.unique(np.asarray(keys), return_inverse=True)
    return tuple(uniques.tolist()), inverse.astype(np.int64).reshape(-1)
