from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from annotator.models import Campaign, GoldLabel, Label, Prediction, Review
from articles.models import Article
from tests.factories import CampaignFactory

FILES = Path(__file__).parent / "files"


def _import(path: Path | str, *args: str, campaign: str = "Second look") -> str:
    out = StringIO()
    call_command("import_annotations", str(path), "--campaign", campaign, *args, stdout=out,
                 verbosity=0)  # fmt: skip
    return out.getvalue()


def _labels(campaign: Campaign) -> dict[str, list[str]]:
    """Each reviewer's labels in the campaign, in sentence order."""
    found: dict[str, list[str]] = {}
    for label in Label.objects.filter(review__campaign=campaign).order_by(
        "review__reviewer__username", "sentence__article_id", "sentence__position"
    ):
        found.setdefault(label.review.reviewer.username, []).append(label.value)
    return found


def _predictions(campaign: Campaign) -> list[tuple[int, str, float, str, str]]:
    return [
        (p.sentence.position, p.value, round(p.score, 2), p.model_name, p.model_version)
        for p in Prediction.objects.filter(campaign=campaign).order_by(
            "model_name", "sentence__position"
        )
    ]


@pytest.fixture
def second(db) -> Campaign:
    return CampaignFactory.create(name="Second look")


def test_our_label_studio_export_imports_as_reviews_of_the_same_reviewers(
    tmp_path, settled, second
):
    _, article, first = settled
    path = tmp_path / "project.json"
    call_command("export_labels", "--format", "labelstudio", "-o", str(path), verbosity=0)

    output = _import(path)

    assert second.articles.get() == article  # found by its text, not imported again
    assert Article.objects.count() == 1
    assert _labels(second) == {
        "otto": ["unsourced", "no_claim", "no_claim", "no_claim", "no_claim"],
        "rita": ["sourced", "no_claim", "no_claim", "no_claim", "no_claim"],
    }
    rita = Label.objects.get(review__campaign=second, review__reviewer__username="rita",
                             sentence=first)  # fmt: skip
    assert rita.source == "Dr. Marsh"
    assert set(Review.objects.filter(campaign=second).values_list("status", flat=True)) == {
        "submitted"
    }
    assert set(second.reviewers.values_list("username", flat=True)) == {"rita", "otto"}
    assert "5 gold labels skipped" in output
    assert "15 spans placed (15 exactly on a sentence)" in output
    assert get_user_model().objects.count() == 3  # rita, otto, ada: nobody new


def test_our_label_studio_export_as_predictions_takes_gold_first(tmp_path, settled, second):
    path = tmp_path / "project.json"
    call_command("export_labels", "--format", "labelstudio", "-o", str(path), verbosity=0)

    _import(path, "--as", "predictions", "--model-name", "team-a", "--model-version", "3")

    assert not Review.objects.filter(campaign=second).exists()
    assert _predictions(second) == [
        (0, "sourced", 1.0, "team-a", "3"),
        *[(n, "no_claim", 1.0, "team-a", "3") for n in range(1, 5)],
    ]


def test_our_jsonl_export_imports_as_reviews(tmp_path, settled, second):
    path = tmp_path / "labels.jsonl"
    call_command("export_labels", "--format", "jsonl", "-o", str(path), verbosity=0)
    _import(path)
    assert _labels(second)["otto"][0] == "unsourced"
    assert len(_labels(second)["rita"]) == 5


def test_label_studio_own_export_as_reviews_with_its_predictions(db, second):
    output = _import(FILES / "label_studio_project.json")

    article = second.articles.get()
    assert article.title == "Harbour lido to close in May"
    texts = list(article.sentences.order_by("position").values_list("text", flat=True))
    assert texts[1].startswith("The council voted") and texts[3].startswith("Repairs")
    assert _labels(second) == {
        # completed_by {"email"}: a new, inactive account named by the address
        "dana@example.org": ["no_claim", "sourced", "opinion", "no_claim"],
        "label-studio-user-7": ["no_claim", "sourced", "no_claim", "unsourced"],
    }
    dana = get_user_model().objects.get(username="dana@example.org")
    assert not dana.is_active and not dana.has_usable_password()
    assert _predictions(second) == [
        (1, "sourced", 0.91, "label-studio", "claims-v3"),
        (2, "opinion", 0.83, "label-studio", "claims-v3"),
    ]
    assert "2 reviewer accounts were made, inactive" in output
    # both reviews are in: the sentences they agree on are gold
    assert GoldLabel.objects.filter(campaign=second).count() == 2


def test_label_studio_annotations_as_predictions_take_the_majority(db, second):
    _import(FILES / "label_studio_project.json", "--as", "predictions", "--model-name", "crowd")
    crowd = [p for p in _predictions(second) if p[3] == "crowd"]
    assert crowd == [(1, "sourced", 1.0, "crowd", ""), (2, "opinion", 1.0, "crowd", ""),
                     (3, "unsourced", 1.0, "crowd", "")]  # fmt: skip


def test_doccano_file_imports_as_reviews_and_reports_spans_it_cannot_place(tmp_path, second):
    text = "The mayor said the pool is safe. Critics call it a disgrace.\nIt opened in 1931."
    spans = [
        [0, 32, "Sourced"],  # the first sentence exactly
        [33, 59, "opinion"],  # most of the second
        [20, 45, "OPINION"],  # straddles the first two, covering most of neither
    ]
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps({"id": 1, "text": text, "label": spans}) + "\n")

    with pytest.raises(CommandError, match="names no annotator"):
        _import(path)
    output = _import(path, "--reviewer", "dora", "--outlet", "Gazette")

    assert _labels(second) == {"dora": ["sourced", "opinion", "no_claim"]}
    assert second.articles.get().outlet.name == "Gazette"
    assert "1 row could not be placed" in output
    assert f"{path}:1: the span 20-45 straddles 2 sentences" in output


def test_doccano_file_as_predictions(tmp_path, second):
    path = tmp_path / "doccano.jsonl"
    record = {"text": "Taxes rose by 4 percent, the treasury said.", "label": [[0, 43, "sourced"]]}
    path.write_text(json.dumps(record) + "\n")
    _import(path, "--as", "predictions", "--model-name", "doccano-team")
    assert _predictions(second) == [(0, "sourced", 1.0, "doccano-team", "")]


def test_a_bad_line_stores_nothing(tmp_path, second):
    good = json.dumps({"text": "The council met on Monday.", "label": [[0, 26, "no_claim"]]})
    bad = json.dumps({"text": "It voted.", "label": [[0, 90, "no_claim"]]})
    path = tmp_path / "doccano.jsonl"
    path.write_text(f"{good}\n{bad}\n")
    with pytest.raises(CommandError) as raised:
        _import(path, "--reviewer", "dora")
    assert str(raised.value) == (
        f"{path}:2: field 'label': span 0-90 is not within the text (9 characters)\n"
        "Nothing was imported."
    )
    assert not Article.objects.exists()
    assert not get_user_model().objects.exists()


def test_unknown_label_names_are_listed_and_mapped(tmp_path, second):
    path = tmp_path / "project.json"
    shutil.copy(FILES / "label_studio_project.json", path)
    text = path.read_text().replace('"Opinion"', '"Comment"')
    path.write_text(text)
    with pytest.raises(CommandError, match="unknown label 'Comment' \\(line 2, 2 times\\)"):
        _import(path)
    _import(path, "--map", "comment=opinion")
    assert "opinion" in _labels(second)["dana@example.org"]
