"""Exports carry, with each reviewer's label, the suggestion shown beside it (issue 15), so
researchers can measure a suggestion's influence."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from annotator.datasets import csvfile, exports, selectors
from annotator.datasets.options import ExportOptions
from annotator.models import Prediction, Review
from annotator.review import services
from annotator.suggestions import Suggestion


@pytest.fixture
def labelled(campaign, article, reviewer):
    campaign.suggestions = "before"
    campaign.save()
    first, second = article.sentences.order_by("position")[:2]
    Prediction.objects.create(
        campaign=campaign, sentence=first, value="opinion", score=0.875, model_name="m",
        created_at=datetime(2025, 3, 1, tzinfo=UTC),
    )  # fmt: skip
    review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    services.label_set(
        review=review, sentence=first, value="sourced", actor=reviewer,
        suggestion=Suggestion("opinion", 0.875),
    )  # fmt: skip
    services.label_set(review=review, sentence=second, value="opinion", actor=reviewer)
    services.review_submit(review=review, actor=reviewer)
    return review


@pytest.mark.django_db
def test_jsonl_labels_carry_the_suggestion_shown(labelled):
    records = list(exports.export_records(ExportOptions()))
    first, second = records[0]["labels"][0], records[1]["labels"][0]
    assert (first["label"], first["suggested_value"], first["suggested_score"]) == (
        "sourced",
        "opinion",
        0.875,
    )
    assert (second["suggested_value"], second["suggested_score"]) == ("", None)


@pytest.mark.django_db
def test_csv_has_each_reviewers_suggestion_columns(labelled):
    options = ExportOptions()
    text = "".join(csvfile.csv_lines(options, selectors.export_rows(options)))
    rows = list(csv.DictReader(io.StringIO(text)))
    name = selectors.csv_reviewers(options)[0]
    assert rows[0][f"{name}_label"] == "sourced"
    assert rows[0][f"{name}_suggested_value"] == "opinion"
    assert rows[0][f"{name}_suggested_score"] == "0.875"
    assert rows[1][f"{name}_suggested_value"] == rows[1][f"{name}_suggested_score"] == ""
