"""The built-in model's training on its own: the setting chosen inside the training labels,
its hand-made features' weight folded into the file's coefficients, and the word kinds the
hand-made features count."""

from __future__ import annotations

import numpy as np

from annotator.learning import features, linear
from annotator.learning.lexicon import BIT, kinds

PATTERNS = {
    "sourced": "The ministry said {n} schools closed on Tuesday, according to its report.",
    "unsourced": "The bridge carries {n} cars a day and opened in {n}.",
    "opinion": "I think this is a terrible, shameful plan number {n} that should never pass.",
    "no_claim": "What happens next in part {n}?",
}


def _labelled(count: int) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for n in range(count):
        for label, pattern in PATTERNS.items():
            texts.append(pattern.format(n=n + 3))
            labels.append(label)
    return texts, labels


def test_with_enough_labels_a_setting_is_chosen_and_the_saved_file_predicts_the_same(tmp_path):
    texts, labels = _labelled(30)  # 120 labels: past INNER_MIN, so the setting is chosen
    model = linear.fit(texts, labels)
    assert model.setting in linear.SETTINGS
    linear.save(model, tmp_path / "m.npz")
    again = linear.load(tmp_path / "m.npz")
    fresh = ["The council said 7 roads closed, according to its figures.", "Why now?"]
    assert np.allclose(model.probabilities(fresh), again.probabilities(fresh))
    assert [label for label, _ in again.predict(fresh)] == ["sourced", "no_claim"]


def test_with_few_labels_the_first_setting_is_taken():
    texts, labels = _labelled(5)
    assert linear.fit(texts, labels).setting == linear.SETTINGS[0]


def test_reporting_verbs_count_in_every_tense_and_actions_do_not():
    for word in ("say", "says", "said", "saying", "told", "tweeted", "denies", "according"):
        assert kinds(word) & BIT["reporting verb"], word
    for word in ("released", "promised", "bought"):
        assert not kinds(word) & BIT["reporting verb"], word
    assert kinds("greatest") & BIT["superlative"] and not kinds("interest") & BIT["superlative"]
    assert kinds("didn't") & BIT["negation"]


def test_a_sentence_in_another_language_scores_only_on_its_marks():
    values = features.hand_features(["Der Plan ist schlecht."])[0]
    row = dict(zip(features.HAND_NAMES, values, strict=True))
    assert all(
        value == 0 for name, value in row.items() if name.endswith("(en)") and "length" not in name
    )
    assert row["length (log words)"] > 0 and row["no final stop"] == 0
