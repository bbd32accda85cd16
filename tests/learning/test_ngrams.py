"""The built-in model's n-grams made over a whole batch in NumPy are scikit-learn
HashingVectorizer's, to the last bit: the model files trained before read them the same."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from annotator.learning import ngrams
from tests.learning.samples import varied


def _same(got, want) -> bool:
    return (
        got.shape == want.shape
        and np.array_equal(got.indptr, want.indptr)
        and np.array_equal(got.indices, want.indices)
        and np.array_equal(got.data, want.data)
    )


def test_murmur3_of_byte_slices_is_scikit_learns_hash():
    pieces = [text.encode("utf-8") for text in varied(300, seed=1)]
    data = np.frombuffer(b"".join(pieces) + b"\0\0\0", dtype=np.uint8)
    lengths = np.array([len(piece) for piece in pieces])
    starts = np.cumsum(lengths) - lengths
    want = [murmurhash3_32(piece, seed=0) for piece in pieces]
    assert ngrams.murmur3(data, starts, lengths).tolist() == want


def test_word_ngrams_are_hashing_vectorizers():
    texts = varied()
    vectorizer = HashingVectorizer(n_features=2**18, ngram_range=(1, 2), alternate_sign=False)
    assert _same(ngrams.word_ngrams(texts, 2**18), vectorizer.transform(texts))


def test_character_ngrams_are_hashing_vectorizers():
    texts = varied()
    vectorizer = HashingVectorizer(
        n_features=2**18, analyzer="char_wb", ngram_range=(3, 5), alternate_sign=False
    )
    assert _same(ngrams.char_ngrams(texts, 2**18), vectorizer.transform(texts))


def test_sublinear_counts_are_one_plus_their_log_before_scaling():
    texts = ["the the the cat", "cat"]
    got = ngrams.word_ngrams(texts, 2**18, sublinear=True)
    vectorizer = HashingVectorizer(
        n_features=2**18, ngram_range=(1, 2), alternate_sign=False, norm=None
    )
    counts = vectorizer.transform(texts).toarray()
    weights = np.where(counts > 0, 1 + np.log(np.maximum(counts, 1)), 0)
    want = weights / np.linalg.norm(weights, axis=1, keepdims=True)
    assert np.allclose(got.toarray(), want)


def test_a_batch_of_empty_texts_has_empty_rows():
    assert ngrams.char_ngrams(["", " "], 2**10).nnz == 0
    assert ngrams.word_ngrams(["", "a"], 2**10).shape == (2, 2**10)
