"""The labels agreement is measured on, as integer arrays: ``Ratings``, built from plain
``(sentence, reviewer, label)`` triples, so the statistics (``annotator.analysis.agreement``),
their tests and benchmarks need no database; or straight from the integer columns a campaign's
labels are read as (``Ratings.from_codes``, fed by ``annotator.analysis.agreement_sql``), with
no Python object per label."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
        return cls._checked(vocabulary, unit_ids, coder_ids, unit, coder, value)

    @classmethod
    def from_codes(
        cls,
        units: IntArray,
        coders: IntArray,
        values: IntArray,
        *,
        categories: Iterable[str] = CATEGORIES,
    ) -> Ratings:
        """The same Ratings as ``build`` on the triples ``(units[i], coders[i],
        categories[values[i]])``: parallel integer arrays of sentence ids, reviewer ids and
        each label's index in ``categories``. ValueError as ``build`` (a negative or too large
        index is a label outside ``categories``)."""
        vocabulary = tuple(categories)
        value = np.asarray(values, dtype=np.int64).reshape(-1)
        if value.size and (value.min() < 0 or value.max() >= len(vocabulary)):
            raise ValueError(f"a label is not one of {vocabulary}")
        unit_ids, unit = _factorize_codes(units)
        coder_ids, coder = _factorize_codes(coders)
        return cls._checked(vocabulary, unit_ids, coder_ids, unit, coder, value)

    @classmethod
    def _checked(
        cls,
        vocabulary: tuple[str, ...],
        unit_ids: tuple[Key, ...],
        coder_ids: tuple[Key, ...],
        unit: IntArray,
        coder: IntArray,
        value: IntArray,
    ) -> Ratings:
        # Sorted, a repeated (sentence, reviewer) sits next to its twin. (np.unique without
        # return_inverse hashes, which is many times slower on a hundred thousand labels.)
        pairs = np.sort(unit * max(len(coder_ids), 1) + coder)
        if np.any(pairs[1:] == pairs[:-1]):
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
        return int(np.count_nonzero(np.bincount(self.coder[units[self.unit]], minlength=1)))


@dataclass(frozen=True, slots=True)
class Groups:
    """Sentences in groups (outlets): ``codes[i]`` is the group of ``ratings.unit_ids[i]``, an
    index into ``keys``."""

    codes: IntArray
    keys: tuple[Key | None, ...]

    @classmethod
    def of(cls, ratings: Ratings, group_of: Mapping[Key, Key | None]) -> Groups:
        """Keyed by ``group_of[sentence id]`` (None for a sentence it leaves out), the keys in
        the order the sentences first meet them."""
        groups: dict[Key | None, int] = {}
        codes = np.fromiter(
            (groups.setdefault(group_of.get(unit_id), len(groups)) for unit_id in ratings.unit_ids),
            np.int64,
            len(ratings.unit_ids),
        )
        return cls(codes, tuple(groups))


def _factorize(keys: list[Key]) -> tuple[tuple[Key, ...], IntArray]:
    if not keys:
        return (), np.zeros(0, dtype=np.int64)
    uniques, inverse = np.unique(np.asarray(keys), return_inverse=True)
    return tuple(uniques.tolist()), inverse.astype(np.int64).reshape(-1)


def _factorize_codes(keys: IntArray) -> tuple[tuple[Key, ...], IntArray]:
    uniques, inverse = np.unique(np.asarray(keys, dtype=np.int64), return_inverse=True)
    return tuple(uniques.tolist()), inverse.astype(np.int64).reshape(-1)
