"""Hashed word and character n-grams of a batch of texts, the columns scikit-learn's
HashingVectorizer gives (words: its default tokens, 1- and 2-grams; characters: ``char_wb``,
3- to 5-grams; lower-cased, counts, rows scaled to unit length, no alternating sign), made
in NumPy over the whole batch at once.

HashingVectorizer builds every n-gram as a Python string and hashes it in a loop: two
thirds of the time the model took to predict. Here each text's words are laid end to end
in one string, so that every n-gram is a slice of its UTF-8 bytes (a word padded with
spaces is the word with the spaces either side of it; a word pair is two neighbours with
the space between them), and MurmurHash3 (32-bit, seed 0, the hash scikit-learn uses) runs
over all the slices together, four bytes a step. The same columns, the same values to the
last bit (``tests/learning/test_ngrams.py`` holds it to HashingVectorizer), and optionally
the counts taken sublinearly (1 + log) before the scaling.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

# HashingVectorizer's default token pattern.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
CHAR_SIZES = (3, 4, 5)

_C1 = np.uint32(0xCC9E2D51)
_C2 = np.uint32(0x1B873593)


def _rotated(values: np.ndarray, by: int) -> np.ndarray:
    return (values << np.uint32(by)) | (values >> np.uint32(32 - by))


def murmur3(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """MurmurHash3 (x86, 32-bit, seed 0) of the byte slices ``data[start:start + length]``,
    as signed 32-bit integers (scikit-learn's ``murmurhash3_32``). ``data`` (uint8) must
    have at least 3 bytes past its last slice."""
    data = data.astype(np.uint32)
    # Every little-endian 4-byte word of ``data``, one per starting byte.
    words = data[:-3] | (data[1:-2] << 8) | (data[2:-1] << 16) | (data[3:] << 24)
    hashes = np.zeros(len(starts), dtype=np.uint32)
    blocks = lengths // 4
    for block in range(int(blocks.max(initial=0))):
        active = np.flatnonzero(blocks > block)
        key = words[starts[active] + 4 * block] * _C1
        key = _rotated(key, 15) * _C2
        mixed = _rotated(hashes[active] ^ key, 13)
        hashes[active] = mixed * np.uint32(5) + np.uint32(0xE6546B64)
    tail = lengths & 3
    ends = np.flatnonzero(tail)
    if len(ends):
        at = starts[ends] + 4 * blocks[ends]
        left = tail[ends]
        key = data[at] | np.where(left > 1, data[at + 1] << 8, 0).astype(np.uint32)
        key |= np.where(left > 2, data[at + 2] << 16, 0).astype(np.uint32)
        hashes[ends] ^= _rotated(key * _C1, 15) * _C2
    hashes ^= lengths.astype(np.uint32)
    hashes ^= hashes >> np.uint32(16)
    hashes *= np.uint32(0x85EBCA6B)
    hashes ^= hashes >> np.uint32(13)
    hashes *= np.uint32(0xC2B2AE35)
    hashes ^= hashes >> np.uint32(16)
    return hashes.view(np.int32)


def _columns(text: str, starts: np.ndarray, lengths: np.ndarray, n_features: int) -> np.ndarray:
    """The hashed column of each slice of ``text`` (character ``starts`` and ``lengths``)."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    # Where each character's UTF-8 bytes begin (and one past the end).
    size = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
    offsets = np.zeros(len(points) + 1, dtype=np.int64)
    np.cumsum(size, out=offsets[1:])
    data = np.frombuffer(text.encode("utf-8") + b"\0\0\0", dtype=np.uint8)
    byte_starts = offsets[starts]
    hashes = murmur3(data, byte_starts, offsets[starts + lengths] - byte_starts)
    # abs(-2**31) % n_features is 0 for a power of two, as scikit-learn defines it.
    return np.abs(hashes.astype(np.int64)) % n_features


def _ragged(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``start, start + 1, ..., start + count - 1`` for each pair, end to end."""
    total = int(counts.sum())
    firsts = np.cumsum(counts) - counts
    return np.arange(total) + np.repeat(starts - firsts, counts)


def _normalised(counts: sparse.csr_matrix, *, sublinear: bool) -> sparse.csr_matrix:
    """``counts`` with each row scaled to unit length as HashingVectorizer scales it:
    duplicates summed and columns sorted first, then scikit-learn's ``normalize``; with
    ``sublinear``, each count c taken as 1 + log(c) first (as TfidfTransformer's
    ``sublinear_tf``), so that a word said five times weighs less than five words."""
    from sklearn.preprocessing import normalize

    counts.sum_duplicates()
    if sublinear:
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
    return normalize(counts, norm="l2", copy=False)


def _matrix(
    rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int], *, sublinear: bool
) -> sparse.csr_matrix:
    """Counts of (row, column) pairs, each row scaled to unit length."""
    from scipy import sparse

    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=shape)
    return _normalised(counts, sublinear=sublinear)


def _lengths(items: Sequence[Sequence[object]] | Sequence[str]) -> np.ndarray:
    return np.fromiter(map(len, items), dtype=np.int64, count=len(items))


def word_ngrams(
    texts: Sequence[str], n_features: int, *, sublinear: bool = False
) -> sparse.csr_matrix:
    """Each text's lower-cased word tokens (two or more word characters) and pairs of
    neighbouring tokens, hashed into ``n_features`` columns."""
    tokens = [_TOKEN.findall(text.lower()) for text in texts]
    flat: list[str] = list(chain.from_iterable(tokens))
    rows = np.repeat(np.arange(len(texts)), _lengths(tokens))
    lengths = _lengths(flat)
    # The tokens end to end, one space apart: a pair is a slice across that space.
    starts = np.cumsum(lengths + 1) - lengths - 1
    pairs = np.flatnonzero(rows[1:] == rows[:-1])
    columns = _columns(
        " ".join(flat),
        np.concatenate([starts, starts[pairs]]),
        np.concatenate([lengths, lengths[pairs] + 1 + lengths[pairs + 1]]),
        n_features,
    )
    return _matrix(
        np.concatenate([rows, rows[pairs]]), columns, (len(texts), n_features), sublinear=sublinear
    )


def _tokens_matrix(per_text: list[list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """How many times each text holds each distinct token (texts by distinct tokens), and
    the distinct tokens in column order."""
    from scipy import sparse

    flat = list(chain.from_iterable(per_text))
    distinct = list(dict.fromkeys(flat))
    index = dict(zip(distinct, range(len(distinct)), strict=True))
    ids = np.fromiter(map(index.__getitem__, flat), dtype=np.int64, count=len(flat))
    counts = _lengths(per_text)
    indptr = np.zeros(len(per_text) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    matrix = sparse.csr_matrix(
        (np.ones(len(ids)), ids, indptr), shape=(len(per_text), len(distinct))
    )
    return matrix, distinct


def char_ngrams(
    texts: Sequence[str], n_features: int, *, sublinear: bool = False
) -> sparse.csr_matrix:
    """Each text's lower-cased words (split at white space) padded with a space either side,
    cut into 3- to 5-character n-grams (a padded word shorter than n counted once, whole),
    hashed into ``n_features`` columns. Each distinct word is cut and hashed once."""
    occurrences, distinct = _tokens_matrix([text.lower().split() for text in texts])
    padded = _lengths(distinct) + 2
    # " word word word ": each padded word begins on the space before it.
    begins = np.cumsum(padded - 1) - (padded - 1)
    starts, lengths, rows = [], [], []
    for size in CHAR_SIZES:
        # A padded word no longer than the last size was counted whole already.
        cut = np.flatnonzero(padded > size - 1)
        counts = np.maximum(1, padded[cut] - size + 1)
        starts.append(_ragged(begins[cut], counts))
        lengths.append(np.repeat(np.minimum(size, padded[cut]), counts))
        rows.append(np.repeat(cut, counts))
    columns = _columns(
        " " + " ".join(distinct) + " ", np.concatenate(starts), np.concatenate(lengths), n_features
    )
    from scipy import sparse

    grams = sparse.csr_matrix(
        (np.ones(len(columns)), (np.concatenate(rows), columns)),
        shape=(len(distinct), n_features),
    )
    return _normalised(occurrences @ grams, sublinear=sublinear)
