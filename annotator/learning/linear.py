"""The built-in model: a linear classifier over ``features``, trained with scikit-learn and
kept as plain arrays, so a model file cannot run code when read.

Training is scikit-learn's SGDClassifier with the logistic loss (one weight row per label,
one versus the rest, classes weighted by their rarity): seconds for tens of thousands of
sentences. What is kept is its coefficients, intercepts and label names, in a NumPy ``.npz``
(``numpy.savez_compressed``) read back with ``allow_pickle=False``; predicting is a sparse
matrix product and a logistic function in NumPy, as scikit-learn's ``predict_proba`` does it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from annotator.learning.features import N_FEATURES, featurise

# Regularisation and passes, chosen on the benchmark's labelled sentences (make bench).
ALPHA = 1e-4
EPOCHS = 40
FORMAT = 1


class TooFewLabels(ValueError):
    """Training needs at least two labels used, each at least twice."""


@dataclass(frozen=True, slots=True)
class LinearModel:
    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, N_FEATURES) float32
    intercepts: np.ndarray  # (labels,) float32

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's probability per label (rows sum to 1), in ``labels`` order."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        margins = featurise(texts) @ self.weights.T.astype(np.float64) + self.intercepts
        odds = 1.0 / (1.0 + np.exp(-np.clip(margins, -50, 50)))
        return odds / odds.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """Each text's most likely label and its probability."""
        probabilities = self.probabilities(texts)
        best = probabilities.argmax(axis=1)
        return [
            (self.labels[index], float(probabilities[row, index])) for row, index in enumerate(best)
        ]


def check_trainable(labels: Sequence[str]) -> None:
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    if len([count for count in counts.values() if count >= 2]) < 2:
        raise TooFewLabels("the model needs at least two labels, each given at least twice")


def fit(texts: Sequence[str], labels: Sequence[str], *, seed: int = 0) -> LinearModel:
    """Train on ``texts`` and their ``labels``. Raises TooFewLabels."""
    from sklearn.linear_model import SGDClassifier  # in the task worker only

    check_trainable(labels)
    classifier = SGDClassifier(
        loss="log_loss",
        alpha=ALPHA,
        class_weight="balanced",
        max_iter=EPOCHS,
        tol=None,
        random_state=seed,
    )
    classifier.fit(featurise(texts), list(labels))
    names = tuple(str(name) for name in classifier.classes_)
    weights = np.asarray(classifier.coef_, dtype=np.float32)
    intercepts = np.asarray(classifier.intercept_, dtype=np.float32)
    if len(names) == 2:  # one row for the second label: the first's is its opposite
        weights = np.vstack([-weights[0], weights[0]])
        intercepts = np.array([-intercepts[0], intercepts[0]], dtype=np.float32)
    return LinearModel(names, weights, intercepts)


def save(model: LinearModel, path: Path) -> None:
    """Write the model as plain arrays (no pickled object) to ``path`` (a .npz)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as target:
        np.savez_compressed(
            target,
            format=np.array(FORMAT),
            labels=np.array(model.labels, dtype=np.str_),
            weights=model.weights,
            intercepts=model.intercepts,
        )


def load(path: Path) -> LinearModel:
    """Read a model ``save`` wrote; refuses anything pickled (``allow_pickle=False``)."""
    with np.load(path, allow_pickle=False) as arrays:
        # Each array is read before any is checked: a pickled one raises here.
        version, labels = int(arrays["format"]), arrays["labels"]
        weights, intercepts = arrays["weights"], arrays["intercepts"]
    if version != FORMAT or weights.shape != (len(labels), N_FEATURES):
        raise ValueError(f"{path.name} is not a model of this version")
    return LinearModel(
        tuple(str(label) for label in labels),
        weights.astype(np.float32),
        intercepts.astype(np.float32),
    )
