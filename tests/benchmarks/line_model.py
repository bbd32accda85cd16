"""Fit the text-page line model (``articles/ingest/lines.py``) and score it out of fold.

Every benchmark page is rendered to plain text by each renderer; each line of a rendering is
labelled "article text" when most of it is found in the page's marked body. The trees are
fitted on those lines. Scores are out of fold: the pages are cut into ``FOLDS`` groups, and the
lines of each group are scored by a model fitted on the other groups only (both renderings of a
page always sit in the same group), so no page is ever scored by a model that saw it.

Run ``make line-model`` to refit on every page and rewrite ``articles/ingest/line_model.json``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from articles.ingest import lines as line_features
from articles.ingest.line_rules import classify
from articles.ingest.lines import CONTEXT_FEATURES, FEATURES, MODEL_PATH, LineModel
from tests.benchmarks import extraction, front_pages

FOLDS = 5
SEED = 12
# Front pages made from the training pages' stories join the training lines, so that the
# model learns that a page may hold several articles (the benchmark's pages hold one each).
# Their seed is not the one of the front pages make bench scores.
TRAINING_FRONT_PAGES = 60
TRAINING_FRONT_PAGES_SEED = 7
PARAMETERS = {"max_iter": 150, "max_depth": 3, "learning_rate": 0.1, "min_samples_leaf": 100}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Rendering:
    page: str
    renderer: str
    text: str
    body: str


def renderings(pages: Sequence[extraction.Page]) -> list[Rendering]:
    return [
        Rendering(page.name, name, render(page.html), page.body)
        for page in pages
        for name, render in extraction.RENDERERS.items()
    ]


def line_labels(text: str, body: str) -> tuple[list[Any], list[int]]:
    """The classified lines of a rendering and whether each is mostly in the marked body."""
    lines = classify(text)
    truth = set(extraction.shingles(body))
    # A short line counts only when it is a whole paragraph of the body (a subheading):
    # menu words such as "Nutrition" occur inside many bodies.
    paragraphs = {" ".join(_WORD.findall(p.lower())) for p in body.split("\n")}
    labels = []
    for line in lines:
        words = _WORD.findall(line.text.lower())
        if len(words) >= extraction.SHINGLE:
            own = extraction.shingles(line.text)
            inside = sum(count for shingle, count in own.items() if shingle in truth)
            labels.append(int(inside >= 0.5 * sum(own.values())))
        else:
            labels.append(int(bool(words) and " ".join(words) in paragraphs))
    return lines, labels


def folds(names: Sequence[str]) -> dict[str, int]:
    ordered = sorted(set(names))
    random.Random(SEED).shuffle(ordered)
    return {name: index % FOLDS for index, name in enumerate(ordered)}


def _fitted(rows: Sequence[Sequence[float]], labels: Sequence[int]) -> Any:
    """One stage fitted by scikit-learn, on one thread: on a machine shared with other work,
    OpenMP's threads cost several times what they save."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    model = HistGradientBoostingClassifier(random_state=SEED, **PARAMETERS)
    with threadpool_limits(limits=1):
        model.fit(rows, labels)
    return model


def _as_data(model: Any) -> dict[str, Any]:
    """A fitted stage as the plain data ``Trees`` reads."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            {
                "left": [-1 if end else int(n) for n, end in zip(nodes["left"], leaf, strict=True)],
                "right": [
                    -1 if end else int(n) for n, end in zip(nodes["right"], leaf, strict=True)
                ],
                "feature": nodes["feature_idx"].tolist(),
                "threshold": [round(float(t), 6) for t in nodes["num_threshold"]],
                # The leaves already carry the learning rate.
                "value": [round(float(v), 6) for v in nodes["value"]],
            }
        )
    return {"bias": float(model._baseline_prediction.ravel()[0]), "trees": trees}


def fit_trees(rows: Sequence[Sequence[float]], labels: Sequence[int]) -> dict[str, Any]:
    """Fit one stage and return it as the plain data ``Trees`` reads."""
    return _as_data(_fitted(rows, labels))


@dataclass(slots=True)
class Example:
    """One rendering's lines: their features, their labels and the page they come from."""

    page: str
    lines: list[Any]
    rows: list[list[float]]
    labels: list[int]


def examples(items: Sequence[Rendering]) -> list[Example]:
    found = []
    for item in items:
        lines, labels = line_labels(item.text, item.body)
        found.append(Example(item.page, lines, line_features.features(lines), labels))
    return found


def front_page_examples(pages: Sequence[extraction.Page]) -> list[Example]:
    """Generated front pages of the stories of ``pages``: every story's paragraphs are text."""
    found = []
    made = front_pages.front_pages(
        TRAINING_FRONT_PAGES, pages=pages, seed=TRAINING_FRONT_PAGES_SEED
    )
    for number, page in enumerate(made):
        body = "\n".join(p for story in page.stories for p in story.paragraphs)
        lines, labels = line_labels(page.text, body)
        found.append(Example(f"front page {number}", lines, line_features.features(lines), labels))
    return found


def _stack(data: Sequence[Example]) -> tuple[list[list[float]], list[int]]:
    rows = [row for example in data for row in example.rows]
    labels = [label for example in data for label in example.labels]
    return rows, labels


def fit(data: Sequence[Example]) -> dict[str, Any]:
    """Both stages: the second is fitted on first-stage probabilities of lines the first stage
    was not fitted on (out of fold inside ``data``), as it will meet them on new pages."""
    group = folds([example.page for example in data])
    first_probabilities: dict[int, list[float]] = {}
    for fold in range(FOLDS):
        inner = _fitted(*_stack([e for e in data if group[e.page] != fold]))
        for number, example in enumerate(data):
            if group[example.page] == fold:
                first_probabilities[number] = inner.predict_proba(example.rows)[:, 1].tolist()
    second_rows: list[list[float]] = []
    for number, example in enumerate(data):
        context = line_features.context_features(example.lines, first_probabilities[number])
        second_rows.extend(row + extra for row, extra in zip(example.rows, context, strict=True))
    return {
        "features": list(FEATURES),
        "context": list(CONTEXT_FEATURES),
        "first": fit_trees(*_stack(data)),
        "second": fit_trees(second_rows, _stack(data)[1]),
    }


def out_of_fold_models(
    items: Sequence[Rendering], pages: Sequence[extraction.Page] | None = None
) -> dict[str, LineModel]:
    """For each page, a model fitted on the folds that do not hold it (and on front pages
    made of those folds' stories only)."""
    data = examples(items)
    group = folds([example.page for example in data])
    pages = extraction.pages() if pages is None else pages
    models: dict[str, LineModel] = {}
    for fold in range(FOLDS):
        training = [page for page in pages if group.get(page.name, fold) != fold]
        model = LineModel(
            fit([e for e in data if group[e.page] != fold] + front_page_examples(training))
        )
        for page, page_fold in group.items():
            if page_fold == fold:
                models[page] = model
    return models


def refit(write: Callable[[str], object] = MODEL_PATH.write_text) -> dict[str, Any]:
    """Fit on every page and write the model file."""
    pages = extraction.pages()
    data = fit(examples(renderings(pages)) + front_page_examples(pages))
    write(json.dumps(data, separators=(",", ":")) + "\n")
    return data


if __name__ == "__main__":
    import django

    django.setup()
    refit()
    print(f"wrote {MODEL_PATH}")
