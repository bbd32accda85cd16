"""The bundle as its users open it: unzipped, ``datasets.load_dataset(<folder>)`` alone (the
real Hugging Face library, offline, caching under tmp_path) gives every split with its rows and
the declared column types; no split is empty from three articles on."""

from __future__ import annotations

import io
import random
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from annotator.datasets import exports
from annotator.datasets.bundle import fill_empty_splits, split_of, write_bundle
from annotator.datasets.options import ExportOptions
from annotator.vocabulary import LabelValue

SPLITS = ("train", "dev", "test")


@pytest.fixture
def load(tmp_path, monkeypatch):
    """``datasets.load_dataset`` offline, its cache under tmp_path."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    datasets = pytest.importorskip("datasets")
    # The library reads its settings when first imported: set them for this test too.
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "cache")
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True, raising=False)
    datasets.disable_progress_bars()

    def load_folder(bundle: bytes) -> Any:
        folder = tmp_path / f"bundle-{len(list(tmp_path.iterdir()))}"
        zipfile.ZipFile(io.BytesIO(bundle)).extractall(folder)
        return datasets.load_dataset(str(folder))

    return load_folder


def _bundle(options: ExportOptions, records: list[dict[str, Any]], seed: int = 13) -> bytes:
    out = io.BytesIO()
    write_bundle(options, records, out, seed=seed)
    return out.getvalue()


def generated_records(articles: int, *, seed: int) -> list[dict[str, Any]]:
    """Records as the export makes them, with every column null or empty somewhere: no
    outlet, no date, no gold, gold by nobody, reviewers with and without notes."""
    rng = random.Random(seed)
    values = list(LabelValue.values)
    records = []
    sentence_id = 0
    for article_id in range(1, articles + 1):
        offset = 0
        day = datetime(2026, rng.randint(1, 9), rng.randint(1, 28), rng.randint(0, 23), tzinfo=UTC)
        published = day.isoformat() if article_id % 3 else None
        for position in range(rng.randint(1, 4)):
            sentence_id += 1
            text = f"Sentence {position} of article {article_id}."
            gap = "" if position == 0 else rng.choice([" ", "\n\n"])
            start = offset + len(gap)
            offset = start + len(text)
            gold = rng.choice([None, *values])
            labels = [
                {"reviewer": f"reviewer-{n}", "label": rng.choice(values),
                 "source": rng.choice(["", "the council"]), "note": "",
                 "status": "submitted", "suggested_value": shown,
                 "suggested_score": 0.75 if shown else None}
                for n in rng.sample(range(4), rng.randint(0, 3))
                for shown in [rng.choice(["", *values])]
            ]  # fmt: skip
            records.append(
                {
                    "campaign": "Generated", "article_id": article_id,
                    "article_url": f"https://news.example/{article_id}",
                    "outlet": None if article_id % 4 == 0 else "Daily Planet",
                    "title": f"Article {article_id}", "author": "", "published": published,
                    "language": "en", "sentence_id": sentence_id, "position": position,
                    "paragraph": 0, "kind": "body", "start": start, "end": offset,
                    "gap_before": gap, "text": text, "gold_label": gold,
                    "gold_method": None if gold is None else "adjudicated",
                    "gold_decided_by": None if gold is None else rng.choice([None, "admin-1"]),
                    "gold_source": None if gold is None else rng.choice(["", "Dr. Marsh"]),
                    "labels": labels,
                    "label_counts": {v: sum(x["label"] == v for x in labels) for v in values},
                }
            )  # fmt: skip
    return records


def _rows_per_split(records: list[dict[str, Any]], seed: int) -> Counter[str]:
    where = {r["article_id"]: split_of(r["article_id"], seed=seed) for r in records}
    where.update(fill_empty_splits(where))
    return Counter(where[r["article_id"]] for r in records)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_bundle_loads_with_load_dataset_alone(load, seed):
    records = generated_records(12, seed=seed)
    loaded = load(_bundle(ExportOptions(), records, seed=seed))

    assert sorted(loaded) == sorted(SPLITS)
    assert {name: loaded[name].num_rows for name in SPLITS} == _rows_per_split(records, seed)
    features = loaded["train"].features
    assert all(loaded[name].features == features for name in SPLITS)
    assert list(features) == list(records[0])
    types = {name: getattr(feature, "dtype", None) for name, feature in features.items()}
    assert types["article_id"] == types["start"] == "int64"
    assert types["gold_decided_by"] == types["outlet"] == "string"
    assert types["published"] == "timestamp[us, tz=UTC]"
    assert types["gap_before"] == types["text"] == "string"
    assert features["labels"].feature["reviewer"].dtype == "string"
    assert features["label_counts"]["no_claim"].dtype == "int64"
    rows = sorted((row for name in SPLITS for row in loaded[name]), key=lambda r: r["sentence_id"])
    for record in records:
        if record["published"]:
            record["published"] = datetime.fromisoformat(record["published"])
    assert rows == records


@pytest.mark.django_db
def test_a_column_null_in_every_row_of_a_split_keeps_its_type(load):
    # Four articles, whatever the hash: the one in the smallest split has no date, no outlet
    # and no gold, while the others have them all.
    records = generated_records(4, seed=5)
    for record in records:
        record.update(published="2026-01-02T08:00:00+00:00", outlet="Daily Planet",
                      gold_label="sourced", gold_method="unanimous",
                      gold_decided_by="admin-1")  # fmt: skip
    where = {r["article_id"]: split_of(r["article_id"], seed=13) for r in records}
    where.update(fill_empty_splits(where))
    alone = next(pk for pk, name in where.items() if list(where.values()).count(name) == 1)
    for record in records:
        if record["article_id"] == alone:
            record.update(published=None, outlet=None, gold_label=None, gold_method=None,
                          gold_decided_by=None)  # fmt: skip

    loaded = load(_bundle(ExportOptions(), records))

    split = where[alone]
    assert set(loaded[split]["published"]) == {None}
    assert loaded[split].features["published"].dtype == "timestamp[us, tz=UTC]"
    assert loaded[split].features == loaded["train"].features


@pytest.mark.django_db
def test_gold_only_bundle_declares_only_its_columns(load):
    records = generated_records(5, seed=9)
    for record in records:
        del record["labels"], record["label_counts"]
    loaded = load(_bundle(ExportOptions(labels="gold"), records))
    assert list(loaded["train"].features) == list(records[0])


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize("articles", [3, 4, 7])
def test_no_split_is_empty_from_three_articles_on(seed, articles):
    where = {pk: split_of(pk, seed=seed) for pk in range(1, articles + 1)}
    moves = fill_empty_splits(where)
    where.update(moves)
    assert set(where.values()) == set(SPLITS)
    assert all(split_of(pk, seed=seed) == name for pk, name in where.items() if pk not in moves)


@pytest.mark.django_db
def test_two_articles_leave_out_the_empty_split_and_the_bundle_still_loads(load):
    records = generated_records(2, seed=4)
    bundle = _bundle(ExportOptions(), records)
    names = zipfile.ZipFile(io.BytesIO(bundle)).namelist()
    written = [name for name in SPLITS if f"{name}.jsonl" in names]
    assert 1 <= len(written) <= 2
    card = zipfile.ZipFile(io.BytesIO(bundle)).read("README.md").decode()
    assert "Fewer than three articles were exported" in card

    loaded = load(bundle)
    assert sorted(loaded) == sorted(written)
    assert sum(loaded[name].num_rows for name in written) == len(records)


@pytest.mark.django_db
def test_demo_data_bundle_loads_with_load_dataset_alone(load, capsys):
    call_command("load_demo")
    options = ExportOptions()
    records = list(exports.export_records(options))
    articles = {record["article_id"] for record in records}
    assert len(articles) >= 3

    for seed in (13, 1, 2):
        loaded = load(_bundle(options, records, seed=seed))
        assert sorted(loaded) == sorted(SPLITS)
        assert all(loaded[name].num_rows > 0 for name in SPLITS)
        assert sum(loaded[name].num_rows for name in SPLITS) == len(records)
        assert all(loaded[name].features == loaded["train"].features for name in SPLITS)
        assert loaded["train"].features["published"].dtype == "timestamp[us, tz=UTC]"
        assert loaded["train"].features["sentence_id"].dtype == "int64"


def test_card_header_is_yaml_that_names_each_column_once(tmp_path: Path):
    from annotator.datasets.datacard import card_header

    yaml = pytest.importorskip("yaml")
    header = card_header(ExportOptions(), SPLITS)
    data = yaml.safe_load("\n".join(header[1:-2]))
    files = data["configs"][0]["data_files"]
    assert files == [{"split": name, "path": f"{name}.jsonl"} for name in SPLITS]
    names = [column["name"] for column in data["dataset_info"]["features"]]
    assert len(names) == len(set(names))
