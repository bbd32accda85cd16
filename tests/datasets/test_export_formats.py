from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotator.analysis.selectors import campaign_agreement
from annotator.datasets import exports
from annotator.datasets.bundle import split_of, write_bundle
from annotator.datasets.labelstudio import LABEL_CONFIG, labelstudio_chunks, write_labelstudio
from annotator.datasets.options import ExportOptions
from annotator.models import Campaign, Pseudonym, Review
from annotator.review import services
from tests.factories import CampaignFactory, UserFactory, make_article


def _options(**options: Any) -> ExportOptions:
    return ExportOptions(**options)


def _labelstudio(**options: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_labelstudio(exports.export_records(_options(**options)), out)
    tasks: list[dict[str, Any]] = json.loads(out.getvalue())
    return tasks


def _bundle(seed: int = 13, **options: Any) -> zipfile.ZipFile:
    out = io.BytesIO()
    export = _options(**options)
    write_bundle(export, exports.export_records(export), out, seed=seed)
    return zipfile.ZipFile(out)


def _name(user) -> str:
    return Pseudonym.objects.get(user=user).name


def _reviewed(campaign: Campaign, reviewers: list[Any], **article: Any) -> Any:
    """An article of the campaign that every reviewer has submitted (all no claim)."""
    made = make_article(**article)
    campaign.articles.add(made)
    for user in reviewers:
        review = Review.objects.create(campaign=campaign, article=made, reviewer=user)
        services.review_submit(review=review, actor=user)
    return made


# Label Studio -----------------------------------------------------------------------------

SENTENCE = "Sentence number {n} says the council spent {n} dollars."


def _span(region_id: str, start: int, end: int, n: int, label: str) -> dict[str, Any]:
    return {
        "id": region_id, "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": start, "end": end, "text": SENTENCE.format(n=n), "labels": [label]},
    }  # fmt: skip


def _named(name: str, number: int | str) -> dict[str, Any]:
    """The reviewer text that opens each annotation's result."""
    return {
        "id": f"reviewer-{number}", "from_name": "reviewer", "to_name": "text",
        "type": "textarea", "value": {"text": [name]},
    }  # fmt: skip


@pytest.mark.django_db
def test_labelstudio_task_of_a_small_campaign_is_exactly_as_expected(
    settled, reviewer, other_reviewer
):
    _, article, _ = settled
    tasks = _labelstudio()
    ids = list(article.sentences.order_by("position").values_list("pk", flat=True))
    rita, otto, ada = (
        _name(reviewer),
        _name(other_reviewer),
        _name(UserFactory.create(username="ada")),
    )
    s1 = ids[0]
    offsets = [(0, 51), (52, 103), (104, 155), (156, 207), (209, 260)]
    spans = [(pk, start, end) for pk, (start, end) in zip(ids, offsets, strict=True)]
    no_claims = [(pk, start, end, n) for n, (pk, start, end) in enumerate(spans[1:], start=2)]

    def reviewer_result(number: int, label: str, extra: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            _span(f"s{s1}-{number}", 0, 51, 1, label),
            {"id": f"s{s1}-{number}", "to_name": "text", "type": "textarea", **extra},
            *(_span(f"s{pk}-{number}", a, b, n, "No claim") for pk, a, b, n in no_claims),
        ]

    rita_source = {"from_name": "source", "value": {"start": 0, "end": 51, "text": ["Dr. Marsh"]}}
    otto_note = {"from_name": "note", "value": {"start": 0, "end": 51, "text": ["=1+1"]}}
    assert tasks == [
        {
            "data": {
                "text": " ".join(SENTENCE.format(n=n) for n in range(1, 5))
                + "\n\n"
                + SENTENCE.format(n=5),
                "title": "A test article",
                "url": "https://planet.example/harbour",
                "outlet": "Daily Planet",
                "author": "Lois Lane",
                "published": "2026-03-01T09:30:00+00:00",
                "language": "en",
                "campaign": "Spring audit",
                "article_id": article.pk,
            },
            "annotations": [
                {
                    "result": [_named(rita, 0), *reviewer_result(0, "Sourced", rita_source)],
                    "ground_truth": False,
                },
                {
                    "result": [_named(otto, 1), *reviewer_result(1, "Unsourced", otto_note)],
                    "ground_truth": False,
                },
                {
                    "result": [
                        _named("gold", "gold"),
                        _span(f"s{s1}-gold", 0, 51, 1, "Sourced"),
                        *(_span(f"s{pk}-gold", a, b, n, "No claim") for pk, a, b, n in no_claims),
                    ],
                    "ground_truth": True,
                },
            ],
            "meta": {
                "annotations": [
                    {"kind": "reviewer", "reviewer": rita, "status": "submitted"},
                    {"kind": "reviewer", "reviewer": otto, "status": "submitted"},
                    {"kind": "gold"},
                ],
                "sentences": [
                    {
                        "sentence_id": pk,
                        "position": i,
                        "paragraph": 0 if i < 4 else 1,
                        "kind": "body",
                        "start": start,
                        "end": end,
                        "gold_method": "adjudicated" if i == 0 else "unanimous",
                        "gold_decided_by": ada if i == 0 else None,
                    }
                    for i, (pk, start, end) in enumerate(spans)
                ],
            },
        }
    ]


def _check_documented_structure(tasks: list[dict[str, Any]]) -> None:
    """What Label Studio's import accepts for a project made with LABEL_CONFIG: a list of
    tasks whose ``data`` has the Text tag's field; annotations with a ``result`` list and no
    ``completed_by`` of ours; regions naming the config's tags, their offsets slicing the
    text; per-region text results sharing a labelled region's id."""
    config = ET.fromstring(LABEL_CONFIG)  # noqa: S314 -- our own constant
    (text_tag,) = config.iter("Text")
    (labels_tag,) = config.iter("Labels")
    field = text_tag.attrib["value"].removeprefix("$")
    label_names = {label.attrib["value"] for label in labels_tag.iter("Label")}
    areas = {
        tag.attrib["name"]: tag.attrib.get("perRegion") == "true" for tag in config.iter("TextArea")
    }
    per_region = {name for name, regional in areas.items() if regional}
    assert set(areas) - per_region == {"reviewer"}
    assert isinstance(tasks, list)
    for task in tasks:
        assert set(task) <= {"data", "annotations", "predictions", "meta"}
        text = task["data"][field]
        assert isinstance(text, str) and isinstance(task["meta"], dict)
        assert isinstance(task["data"]["title"], str)  # the config's Header shows $title
        for annotation in task["annotations"]:
            assert isinstance(annotation["result"], list)
            assert isinstance(annotation["ground_truth"], bool)
            assert "completed_by" not in annotation and "id" not in annotation
            spans = {}
            named, *regions = annotation["result"]
            assert named["from_name"] == "reviewer" and named["type"] == "textarea"
            assert len(named["value"]["text"]) == 1 and named["value"]["text"][0]
            for result in regions:
                assert re.fullmatch(r"[A-Za-z0-9_-]+", result["id"])
                assert result["to_name"] == text_tag.attrib["name"]
                value = result["value"]
                assert 0 <= value["start"] < value["end"] <= len(text)
                if result["type"] == "labels":
                    assert result["from_name"] == labels_tag.attrib["name"]
                    assert text[value["start"] : value["end"]] == value["text"]
                    assert len(value["labels"]) == 1 and value["labels"][0] in label_names
                    spans[result["id"]] = (value["start"], value["end"])
                else:
                    assert result["type"] == "textarea" and result["from_name"] in per_region
                    assert spans[result["id"]] == (value["start"], value["end"])
                    assert all(isinstance(line, str) for line in value["text"])
        assert len(task["meta"]["annotations"]) == len(task["annotations"])


@pytest.mark.django_db
def test_labelstudio_follows_the_documented_task_format(settled, reviewer, other_reviewer):
    campaign, article, _ = settled
    text = "Café prices rose 5% 🙂 says the mayor.\n\nÜber alles? No one knows."
    odd = _reviewed(campaign, [reviewer, other_reviewer], text=text, title="Ünïcode")
    second = CampaignFactory.create(name="Autumn | audit")
    second.articles.add(article)
    review = Review.objects.create(campaign=second, article=article, reviewer=reviewer)
    services.review_submit(review=review, actor=reviewer)

    tasks = _labelstudio()
    _check_documented_structure(tasks)
    assert [(t["data"]["campaign"], t["data"]["article_id"]) for t in tasks] == [
        ("Spring audit", article.pk), ("Spring audit", odd.pk), ("Autumn | audit", article.pk),
    ]  # fmt: skip
    # The whole stored body comes back, and the offsets are the stored ones.
    assert tasks[1]["data"]["text"] == odd.body
    stored = list(odd.sentences.order_by("position").values_list("start", "end"))
    assert [(s["start"], s["end"]) for s in tasks[1]["meta"]["sentences"]] == stored
    # One review is all the second campaign asks for (k = 1): it settles gold at once.
    assert [a["kind"] for a in tasks[2]["meta"]["annotations"]] == ["reviewer", "gold"]
    for options in ({"labels": "gold"}, {"labels": "reviewers"}, {"include_no_claim": False}):
        _check_documented_structure(_labelstudio(**options))


@pytest.mark.django_db
def test_labelstudio_gold_only_and_claims_only(settled):
    gold_only = _labelstudio(labels="gold")[0]
    assert [a["ground_truth"] for a in gold_only["annotations"]] == [True]
    assert gold_only["meta"]["annotations"] == [{"kind": "gold"}]
    reviewers_only = _labelstudio(labels="reviewers")[0]
    assert [a["ground_truth"] for a in reviewers_only["annotations"]] == [False, False]
    assert "gold_method" not in reviewers_only["meta"]["sentences"][0]
    claims = _labelstudio(include_no_claim=False)[0]
    # Only the claim is left: the text is that sentence, and the regions slice it.
    assert claims["data"]["text"] == SENTENCE.format(n=1)
    assert {r["value"]["end"] for a in claims["annotations"] for r in a["result"][1:]} == {51}


@pytest.mark.django_db
def test_labelstudio_empty_export_is_an_empty_json_array(tmp_path, settled):
    assert "".join(labelstudio_chunks([])) == "[]"
    assert write_labelstudio([], io.StringIO()) == 0
    Campaign.objects.create(name="Empty")
    path = tmp_path / "empty.json"
    call_command("export_labels", "--format", "labelstudio", "--campaign", "Empty",
                 "-o", str(path), verbosity=0)  # fmt: skip
    assert json.loads(path.read_text()) == []


def test_labelstudio_holds_one_article_at_a_time():
    taken = []

    def records():
        for article in range(1, 4):
            for position in range(2):
                taken.append((article, position))
                yield {
                    "campaign": "c", "article_id": article, "article_url": "", "outlet": None,
                    "title": "t", "author": "", "published": None, "language": "en",
                    "sentence_id": position,
                    "position": position, "paragraph": 0, "kind": "body", "start": 0, "end": 1,
                    "gap_before": " " if position else "", "text": "x",
                }  # fmt: skip

    chunks = labelstudio_chunks(records())
    assert next(chunks) == "["
    first = json.loads(next(chunks))
    assert first["data"]["text"] == "x x"
    # The first article's records and one look-ahead record: nothing more has been read.
    assert taken == [(1, 0), (1, 1), (2, 0)]
    rest = "".join(chunks)
    assert rest.startswith(",\n{") and rest.endswith("}]")
    assert len(json.loads("[" + json.dumps(first) + rest)) == 3


@pytest.mark.django_db
def test_command_writes_labelstudio(tmp_path, settled):
    path = tmp_path / "tasks.json"
    call_command("export_labels", "--format", "labelstudio", "-o", str(path), verbosity=0)
    tasks = json.loads(path.read_text(encoding="utf-8"))
    assert len(tasks) == 1 and len(tasks[0]["annotations"]) == 3


# Bundle -----------------------------------------------------------------------------------


def _split_records(bundle: zipfile.ZipFile) -> dict[str, list[dict[str, Any]]]:
    """The records of each split the bundle holds (one left out has none)."""
    return {
        name: [json.loads(line) for line in bundle.read(f"{name}.jsonl").splitlines()]
        for name in ("train", "dev", "test")
        if f"{name}.jsonl" in bundle.namelist()
    }


@pytest.mark.django_db
def test_bundle_holds_splits_data_card_agreement_and_labeling_config(settled):
    bundle = _bundle()
    assert bundle.testzip() is None
    # One article: its split only, the two empty ones left out (and the data card says so).
    (split,) = _split_records(bundle)
    assert bundle.namelist() == [
        "README.md", "agreement.json", "label_studio_config.xml", f"{split}.jsonl"
    ]  # fmt: skip
    assert (
        "Fewer than three articles were exported, so some splits have none and are left out "
        f"of the bundle: {', '.join(n for n in ('train', 'dev', 'test') if n != split)}."
    ) in bundle.read("README.md").decode()
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in bundle.infolist())
    assert bundle.read("label_studio_config.xml").decode() == LABEL_CONFIG
    records = [r for split in _split_records(bundle).values() for r in split]
    assert records == list(exports.export_records(_options()))


@pytest.mark.django_db
def test_bundle_splits_partition_records_by_article_stably_for_a_seed(
    settled, reviewer, other_reviewer
):
    campaign, article, _ = settled
    for n in range(40):
        _reviewed(campaign, [reviewer, other_reviewer], sentences=2, title=f"Extra {n}")
    second = CampaignFactory.create(name="Autumn audit")
    second.articles.add(article)
    review = Review.objects.create(campaign=second, article=article, reviewer=reviewer)
    services.review_submit(review=review, actor=reviewer)

    splits = _split_records(_bundle(seed=13))
    everything = list(exports.export_records(_options()))
    assert sorted(r for split in splits.values() for r in map(json.dumps, split)) == sorted(
        map(json.dumps, everything)
    )
    where = {}
    for name, records in splits.items():
        for record in records:
            # An article sits in one split, in every campaign.
            assert where.setdefault(record["article_id"], name) == name
            assert split_of(record["article_id"], seed=13) == name
    assert len(where) == 41 and all(splits.values())
    # The same seed gives the same split in every version of the app: pinned here.
    assert [split_of(n, seed=13) for n in range(1, 13)] == [
        "train", "train", "dev", "train", "dev", "train",
        "train", "train", "train", "train", "train", "train",
    ]  # fmt: skip
    assert len(splits["train"]) > len(splits["dev"]) and len(splits["train"]) > len(splits["test"])

    again = _bundle(seed=13)
    assert all(again.read(f"{n}.jsonl") == _bundle(seed=13).read(f"{n}.jsonl") for n in splits)
    other = _split_records(_bundle(seed=14))
    moved = {r["article_id"] for r in other["train"]} ^ {r["article_id"] for r in splits["train"]}
    assert moved


@pytest.mark.django_db
def test_bundle_data_card_has_labels_guidelines_counts_gold_and_agreement(settled):
    campaign, _, _ = settled
    campaign.guidelines = "# Tagging\n\nTag every claim.\n\n- Quotes count as sourced."
    campaign.save()
    card = _bundle().read("README.md").decode()
    header, body = card.removeprefix("---\n").split("\n---\n\n", 1)
    assert "configs:" in header and "dataset_info:" in header
    assert body.startswith("# Claim labels: dataset bundle\n")
    assert re.search(r"Exported \d{4}-\d\d-\d\dT", card)
    assert "5 sentence records from 1 article in 1 campaign." in card
    assert '- labels: "both"' in card and "- seed: 13" in card
    assert (
        "| Sourced | `sourced` | A checkable factual claim attributed to an identifiable "
        "source (a named person or body, a document, data, a link). |"
    ) in card
    assert "| No claim | `no_claim` |" in card
    # Guidelines as a quote, so their heading nests under the campaign's.
    assert "> # Tagging\n>\n> Tag every claim.\n>\n> - Quotes count as sourced." in card
    assert (
        "| label | gold labels | reviewers' labels |\n|---|---|---|\n| Sourced | 1 | 1 |\n"
        "| Unsourced | 0 | 1 |\n| Opinion | 0 | 0 |\n| No claim | 4 | 8 |\n"
        "| not settled yet | 0 |  |"
    ) in card
    assert "| Daily Planet | 1 | 5 | 1 | 0 | 0 | 4 |" in card
    assert "| train | 1 | 5 |" in card or "| dev | 1 | 5 |" in card or "| test | 1 | 5 |" in card
    assert "k = 2 reviewers" in card and "does not accept a mere majority" in card
    assert "| Unanimous | 4 |\n| Majority | 0 |\n| Adjudicated | 1 |" in card
    assert "10 labels on 5 sentences by 2 reviewers" in card
    assert "| Krippendorff's alpha | 0.471 | 5 | 2 |  |" in card
    assert "| Fleiss' kappa | 0.412 | 5 | 2 |  |" in card
    assert "| Percentage agreement | 80.0% | 5 | 2 |  |" in card
    assert not re.search(r"\b(rita|otto|ada)\b", card)


@pytest.mark.django_db
def test_bundle_agreement_json_is_the_campaign_agreement_under_export_names(
    settled, reviewer, other_reviewer
):
    campaign, _, _ = settled
    expected = campaign_agreement(campaign=campaign).as_dict()
    agreement = json.loads(_bundle().read("agreement.json"))
    assert list(agreement) == ["Spring audit"]
    names = {reviewer.pk: _name(reviewer), other_reviewer.pk: _name(other_reviewer)}
    for entry in expected["reviewers"]:
        entry["username"] = names[entry["id"]]
    assert agreement["Spring audit"] == json.loads(json.dumps(expected))
    figures = agreement["Spring audit"]
    assert round(figures["alpha"]["value"], 3) == 0.471 and figures["alpha"]["sentences"] == 5
    assert {r["username"] for r in figures["reviewers"]} == set(names.values())
    named = json.loads(_bundle(real_names=True).read("agreement.json"))
    assert [r["username"] for r in named["Spring audit"]["reviewers"]] == ["rita", "otto"]


@pytest.mark.django_db
def test_bundle_of_an_empty_campaign_is_a_valid_empty_bundle(tmp_path, settled):
    Campaign.objects.create(name="Empty")
    path = tmp_path / "empty.zip"
    call_command("export_labels", "--format", "bundle", "--campaign", "Empty",
                 "-o", str(path), verbosity=0)  # fmt: skip
    with zipfile.ZipFile(path) as bundle:
        assert bundle.testzip() is None
        # No record at all: an empty train split alone, so that the bundle still loads.
        assert bundle.namelist()[3:] == ["train.jsonl"]
        assert bundle.read("train.jsonl") == b""
        assert (
            "0 sentence records from 0 articles in 1 campaign." in bundle.read("README.md").decode()
        )
        agreement = json.loads(bundle.read("agreement.json"))
        assert agreement["Empty"]["sentences"] == 0
        assert agreement["Empty"]["alpha"]["value"] is None


@pytest.mark.django_db
def test_command_writes_a_bundle_and_refuses_standard_output(tmp_path, settled):
    path = tmp_path / "bundle.zip"
    call_command("export_labels", "--format", "bundle", "--seed", "7", "-o", str(path),
                 verbosity=0)  # fmt: skip
    with zipfile.ZipFile(path) as bundle:
        assert sum(len(s) for s in _split_records(bundle).values()) == 5
        assert "- seed: 7" in bundle.read("README.md").decode()
    with pytest.raises(CommandError, match="give a file name"):
        call_command("export_labels", "--format", "bundle", "-o", "-", verbosity=0)
