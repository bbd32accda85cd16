"""The built-in model: a linear classifier over ``features``, trained with scikit-learn and
kept as plain arrays, so a model file cannot run code when read.

Training is scikit-learn's SGDClassifier with the logistic loss (one weight row per label,
one versus the rest, classes weighted by their rarity): seconds for tens of thousands of
sentences. Its two settings, the regularisation and how much the hand-made features (and the
article context made of them) weigh against the n-grams, are chosen among a few
(``SETTINGS``) by a cross-validation inside the training labels alone (``choose``), never on
labels the model is then scored on.

What is kept is its coefficients, intercepts and label names, in a NumPy ``.npz``
(``numpy.savez_compressed``) read back with ``allow_pickle=False``; predicting is a sparse
matrix product and a logistic function in NumPy, as scikit-learn's ``predict_proba`` does it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from annotator.learning.features import CONTEXT_COLUMNS, HAND_COLUMNS, N_FEATURES, featurise

if TYPE_CHECKING:
    from scipy import sparse

EPOCHS = 40
# 2: the hand-made features changed (and their weight is folded into the coefficients);
# 3: n-gram counts taken sublinearly, more verbs of saying, four more hand-made features;
# 4: the article context (``features.context_features``).
FORMAT = 4
# (regularisation, weight of the hand-made features): the candidates ``choose`` picks from,
# and the one taken when there are too few labels to choose (the first).
SETTINGS = ((1e-4, 1.5), (1e-4, 0.75), (4e-4, 1.5), (4e-4, 0.75))
# The article context's weight, as a share of the hand-made features' (it repeats them three
# times over): at their full weight it cost the model a few points of macro-F1 while it had
# only a few hundred labels (the yardstick's active-learning runs), at a quarter nothing, and
# with all the labels both do as well.
CONTEXT_WEIGHT = 0.25
# The inner cross-validation: its folds, the fewest labels it runs on, the most it uses.
INNER_FOLDS = 3
INNER_MIN = 100
INNER_MAX = 1500


class TooFewLabels(ValueError):
    """Training needs at least two labels used, each at least twice."""


@dataclass(frozen=True, slots=True)
class LinearModel:
    labels: tuple[str, ...]
    weights: np.ndarray  # (labels, N_FEATURES) float32
    intercepts: np.ndarray  # (labels,) float32
    # How it was trained (not stored in its file: prediction needs none of it).
    setting: tuple[float, float] = SETTINGS[0]

    def probabilities(
        self,
        texts: Sequence[str],
        context: np.ndarray | None = None,
        *,
        hand: np.ndarray | None = None,
    ) -> np.ndarray:
        """Each text's probability per label (rows sum to 1), in ``labels`` order; ``context``
        holds the texts' article context (``features.context_features``), each text read
        alone without it, and ``hand`` their hand-made features when already made."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        rows = featurise(texts, context, hand=hand)
        margins = rows @ self.weights.T.astype(np.float64) + self.intercepts
        odds = 1.0 / (1.0 + np.exp(-np.clip(margins, -50, 50)))
        return odds / odds.sum(axis=1, keepdims=True)

    def predict(
        self,
        texts: Sequence[str],
        context: np.ndarray | None = None,
        *,
        hand: np.ndarray | None = None,
    ) -> list[tuple[str, float]]:
        """Each text's most likely label and its probability (``context`` and ``hand``: as
        in ``probabilities``)."""
        probabilities = self.probabilities(texts, context, hand=hand)
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


def _classifier(alpha: float, seed: int) -> Any:  # scikit-learn's, loaded late
    from sklearn.linear_model import SGDClassifier  # in the task worker only

    return SGDClassifier(
        loss="log_loss",
        alpha=alpha,
        class_weight="balanced",
        max_iter=EPOCHS,
        tol=None,
        random_state=seed,
    )


def _scales(hand: np.ndarray, hand_weight: float) -> np.ndarray:
    """Each column's factor: ``hand`` (a share of ``hand_weight`` per column, 0 for the
    n-grams' columns, which keep 1) times ``hand_weight``."""
    return np.where(hand > 0, hand * hand_weight, 1.0)


def _weighted(rows: sparse.csr_matrix, hand: np.ndarray, hand_weight: float) -> sparse.csr_matrix:
    """``rows`` with the hand-made features' columns (``hand``: see ``_scales``) weighted."""
    from scipy import sparse

    return (rows @ sparse.diags(_scales(hand, hand_weight))).tocsr()


def choose(
    rows: sparse.csr_matrix, labels: np.ndarray, hand: np.ndarray, *, seed: int = 0
) -> tuple[float, float]:
    """The setting of SETTINGS with the best macro-F1 in an INNER_FOLDS-fold cross-validation
    on these training rows (at most INNER_MAX of them, drawn at random, every label kept;
    ``hand`` gives the hand-made features' columns their share of its weight);
    the first setting when there are fewer than INNER_MIN rows or a label has fewer than
    INNER_FOLDS."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    _, counts = np.unique(labels, return_counts=True)
    if len(labels) < INNER_MIN or counts.min() < INNER_FOLDS:
        return SETTINGS[0]
    if len(labels) > INNER_MAX:
        from sklearn.model_selection import train_test_split

        used, _ = train_test_split(
            np.arange(len(labels)), train_size=INNER_MAX, stratify=labels, random_state=seed
        )
        rows, labels = rows[np.sort(used)], labels[np.sort(used)]
    folds = list(StratifiedKFold(INNER_FOLDS, shuffle=True, random_state=seed).split(rows, labels))
    results = []
    for alpha, hand_weight in SETTINGS:
        weighted = _weighted(rows, hand, hand_weight)
        predicted = np.empty(len(labels), dtype=labels.dtype)
        for train, test in folds:
            classifier = _classifier(alpha, seed).fit(weighted[train], labels[train])
            predicted[test] = classifier.predict(weighted[test])
        results.append(f1_score(labels, predicted, average="macro", zero_division=0))
    return SETTINGS[int(np.argmax(results))]


def fit(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    context: np.ndarray | None = None,
    seed: int = 0,
) -> LinearModel:
    """Train on ``texts`` and their ``labels``, the setting chosen on them (``choose``);
    ``context`` holds the texts' article context (``features.context_features``), each text
    read alone without it. Raises TooFewLabels."""
    check_trainable(labels)
    rows, truth = featurise(texts, context), np.array(labels)
    # Trained on the columns these texts use: a column no text has keeps a weight of 0 anyway,
    # and the passes then cost what the texts hold, not N_FEATURES.
    used = np.unique(rows.indices)
    rows = rows[:, used]
    # The article context is made of hand-made features: it weighs a share of their weight.
    hand = np.where((used >= HAND_COLUMNS.start) & (used < HAND_COLUMNS.stop), 1.0, 0.0)
    hand[used >= CONTEXT_COLUMNS.start] = CONTEXT_WEIGHT
    alpha, hand_weight = choose(rows, truth, hand, seed=seed)
    classifier = _classifier(alpha, seed).fit(_weighted(rows, hand, hand_weight), truth)
    names = tuple(str(name) for name in classifier.classes_)
    # Spread back over every column, the hand-made features' weight folded in, so that
    # prediction reads the features as ``featurise`` makes them.
    weights = np.zeros((len(classifier.coef_), N_FEATURES), dtype=np.float32)
    weights[:, used] = classifier.coef_ * _scales(hand, hand_weight)
    intercepts = np.asarray(classifier.intercept_, dtype=np.float32)
    if len(names) == 2:  # one row for the second label: the first's is its opposite
        weights = np.vstack([-weights[0], weights[0]])
        intercepts = np.array([-intercepts[0], intercepts[0]], dtype=np.float32)
    return LinearModel(names, weights, intercepts, (alpha, hand_weight))


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
