"""The README's "Reading them back" snippet, run as written on real exports with real pandas
and Hugging Face datasets: empty cells come back as empty strings, and the body rebuilds."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from annotator.models import Review
from annotator.review import services
from tests.factories import make_article

README = Path(__file__).resolve().parents[2] / "README.md"


def _snippet() -> str:
    text = README.read_text(encoding="utf-8")
    after = text[text.index("- **Reading them back**") :]
    block = after.split("```python\n", 1)[1].split("```", 1)[0]
    return "\n".join(line.removeprefix("  ") for line in block.splitlines())


@pytest.fixture
def offline_datasets(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "cache")
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    datasets.disable_progress_bars()


@pytest.mark.django_db
def test_readme_snippet_reads_every_export_back(
    tmp_path, monkeypatch, offline_datasets, campaign, reviewer
):
    pd = pytest.importorskip("pandas")
    # Three articles (so the bundle has every split), one with cells pandas would take for
    # missing values: "NA" and "null" as text, no author, an empty gap before its first line.
    for n, text in enumerate(["NA. The council met.\n\nnull", "One line.", "Two. Lines."]):
        made = make_article(text=text, title=f"Story {n}", author="")
        campaign.articles.add(made)
        review = Review.objects.create(campaign=campaign, article=made, reviewer=reviewer)
        services.review_submit(review=review, actor=reviewer)
    for kind, name in (("jsonl", "labels.jsonl"), ("csv", "labels.csv"), ("bundle", "d.zip")):
        call_command("export_labels", "--format", kind, "-o", str(tmp_path / name), verbosity=0)
    with zipfile.ZipFile(tmp_path / "d.zip") as bundle:
        bundle.extractall(tmp_path / "dataset")

    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    exec(_snippet(), scope)  # noqa: S102 -- the README's own code

    records, sheet, bundle = scope["records"], scope["sheet"], scope["bundle"]
    assert len(records) == len(sheet) == sum(split.num_rows for split in bundle.values())
    assert sorted(bundle) == ["dev", "test", "train"]
    for frame in (records, sheet):
        first = frame[frame["position"] == 0]
        assert set(first["gap_before"]) == {""}
        assert set(frame["author"]) == {""}
        assert {"NA.", "null"} <= set(frame["text"])
        story = frame[frame["title"] == "Story 0"].sort_values("position")
        assert "".join(story["gap_before"] + story["text"]) == "NA. The council met.\n\nnull"
    # Why the argument is there: with pandas' defaults those cells would be NaN.
    defaults = pd.read_csv(tmp_path / "labels.csv")
    assert defaults["gap_before"].isna().any() and defaults["text"].isna().any()
    assert os.path.exists(tmp_path / "dataset" / "README.md")
