"""How well the built-in model does on labels it did not see: k-fold out-of-fold predictions
scored with macro-F1 and per-label precision and recall, and a learning curve (macro-F1 at
growing numbers of labels, out of fold on the same folds). Each fold's model chooses its
setting on its own training labels (``linear.choose``), so the scores are those of a nested
cross-validation: no setting is picked on the labels it is scored on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.learning import linear
from annotator.learning.features import alone, hand_features

FOLDS = 5
# The curve's first point, and each next one is twice the last (then all the labels).
CURVE_START = 25


@dataclass(frozen=True, slots=True)
class Scores:
    macro_f1: float | None  # None: too few labels to score
    per_label: dict[str, dict[str, float]] = field(default_factory=dict)
    curve: list[tuple[int, float]] = field(default_factory=list)
    # The setting (``linear.SETTINGS``) each fold's model chose on its training labels alone.
    settings: list[tuple[float, float]] = field(default_factory=list)


def curve_sizes(total: int) -> list[int]:
    """The label counts the curve is measured at: 25, 50, 100, ... and ``total``."""
    sizes = []
    size = CURVE_START
    while size < total:
        sizes.append(size)
        size *= 2
    return [*sizes, total]


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    from sklearn.metrics import f1_score  # scikit-learn loads in the task worker only

    labels = sorted(set(truth))
    return float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0))


def out_of_fold(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    context: np.ndarray | None = None,
    folds: int = FOLDS,
    seed: int = 0,
) -> Scores:
    """Score the model out of fold: every label is predicted by a model trained on the other
    folds (``context``: the texts' article context, as ``linear.fit`` takes it). With fewer
    than ``folds`` labels of the rarest label the folds shrink to match; under two labels
    with two each, nothing is scored. Costs ``folds`` trainings per point of the curve (the
    last point is the scores themselves)."""
    from sklearn.metrics import precision_recall_fscore_support
    from sklearn.model_selection import StratifiedKFold

    truth = np.array(labels)
    _, counts = np.unique(truth, return_counts=True)
    usable = min(folds, int(counts.min())) if len(counts) >= 2 else 0
    try:
        linear.check_trainable(labels)
    except linear.TooFewLabels:
        usable = 0
    if usable < 2:
        return Scores(None)
    shuffle = np.random.default_rng(seed).permutation
    splits = [
        (shuffle(train), test)
        for train, test in StratifiedKFold(usable, shuffle=True, random_state=seed).split(
            np.zeros(len(truth)), truth
        )
    ]
    text_array = np.array(texts, dtype=object)
    if context is None:
        context = alone(hand_features(texts))
    curve: list[tuple[int, float]] = []
    predicted = truth
    for size in curve_sizes(len(truth)):
        fraction = size / len(truth)
        predicted = np.empty(len(truth), dtype=object)
        settings = []
        for train, test in splits:
            # The first labels of each training part, in a fixed shuffled order.
            used = train[: max(2, round(len(train) * fraction))]
            try:
                model = linear.fit(
                    list(text_array[used]), list(truth[used]), context=context[used], seed=seed
                )
            except linear.TooFewLabels:
                model = None
            if model is None:
                common = max(set(truth[used]), key=list(truth[used]).count)
                predicted[test] = common
            else:
                found = model.predict(list(text_array[test]), context[test])
                predicted[test] = [label for label, _ in found]
                settings.append(model.setting)
        curve.append((size, macro_f1(list(labels), list(predicted))))
    names = sorted(str(name) for name in set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, list(predicted), labels=names, zero_division=0
    )
    per_label = {
        name: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, name in enumerate(names)
    }
    return Scores(curve[-1][1], per_label, curve, settings)
