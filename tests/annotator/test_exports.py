from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from annotator import services
from annotator.models import Review


@pytest.fixture
def two_reviews(campaign, article, reviewer, other_reviewer):  # type: ignore[no-untyped-def]
    sentences = list(article.sentences.order_by("position"))
    mine = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
    theirs = Review.objects.create(campaign=campaign, article=article, reviewer=other_reviewer)
    services.label_set(
        review=mine, sentence=sentences[0], value="sourced", actor=reviewer, source="Dr. Marsh"
    )
    services.label_set(
        review=theirs, sentence=sentences[0], value="unsourced", actor=other_reviewer
    )
    services.review_submit(review=mine, actor=reviewer)
    return mine, theirs


@pytest.mark.django_db
def test_export_writes_one_line_per_sentence_with_each_reviewers_label(tmp_path, two_reviews):
    out = tmp_path / "labels.jsonl"
    call_command("export_labels", "--format", "jsonl", "-o", str(out), verbosity=0)

    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 5
    first = records[0]
    assert first["text"] == first["text"].strip() and first["start"] < first["end"]
    assert first["article_title"] == "A test article"
    # Only submitted reviews count by default: otto has not submitted.
    assert first["labels"] == [
        {
            "reviewer": "rita",
            "campaign": "Spring audit",
            "label": "sourced",
            "source": "Dr. Marsh",
            "note": "",
            "review_status": "submitted",
        }
    ]
    assert {r["labels"][0]["label"] for r in records[1:]} == {"no_claim"}


@pytest.mark.django_db
def test_export_can_include_reviews_in_progress(tmp_path, two_reviews):
    out = tmp_path / "labels.jsonl"
    call_command("export_labels", "-o", str(out), "--include-in-progress", verbosity=0)

    first = json.loads(out.read_text().splitlines()[0])
    assert [(x["reviewer"], x["label"]) for x in first["labels"]] == [
        ("otto", "unsourced"),
        ("rita", "sourced"),
    ]


@pytest.mark.django_db
def test_export_to_stdout(capsys, two_reviews):
    call_command("export_labels", "-o", "-", verbosity=0)
    assert len(capsys.readouterr().out.splitlines()) == 5


@pytest.mark.django_db
def test_export_with_nothing_reviewed_writes_an_empty_file(tmp_path, article):
    out = tmp_path / "labels.jsonl"
    call_command("export_labels", "-o", str(out), verbosity=0)
    assert out.read_text() == ""
