"""The Label Studio export against Label Studio's task format, written down as a JSON schema
from its documentation ("Label Studio JSON format of annotated tasks", "Import pre-annotated
data"), and against the labeling config it ships with; each annotation names its reviewer."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator

from annotator.datasets import exports
from annotator.datasets.labelstudio import LABEL_CONFIG, write_labelstudio
from annotator.datasets.options import ExportOptions
from annotator.models import Pseudonym

# Label Studio's importable task: ``data`` (required), optional ``annotations`` (with their
# ``result`` regions), ``predictions`` and ``meta``. A region names its control tag
# (``from_name``), object tag (``to_name``) and tag type, and its ``value`` depends on the type:
# ``labels`` on text have character offsets, the text and the label names; a ``textarea`` has
# a list of texts (and the offsets of its region when it is per region).
RESULT = {
    "type": "object",
    "required": ["id", "from_name", "to_name", "type", "value"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "from_name": {"type": "string", "minLength": 1},
        "to_name": {"type": "string", "minLength": 1},
        "type": {"enum": ["labels", "textarea", "choices", "rating", "number", "taxonomy"]},
        "value": {"type": "object"},
        "origin": {"enum": ["manual", "prediction", "prediction-changed"]},
    },
    "allOf": [
        {
            "if": {"properties": {"type": {"const": "labels"}}},
            "then": {
                "properties": {
                    "value": {
                        "type": "object",
                        "required": ["start", "end", "text", "labels"],
                        "properties": {
                            "start": {"type": "integer", "minimum": 0},
                            "end": {"type": "integer", "minimum": 0},
                            "text": {"type": "string"},
                            "labels": {
                                "type": "array",
                                "items": {"type": "string"},
                                "minItems": 1,
                            },
                        },
                    }
                }
            },
        },
        {
            "if": {"properties": {"type": {"const": "textarea"}}},
            "then": {
                "properties": {
                    "value": {
                        "type": "object",
                        "required": ["text"],
                        "properties": {
                            "text": {"type": "array", "items": {"type": "string"}},
                            "start": {"type": "integer", "minimum": 0},
                            "end": {"type": "integer", "minimum": 0},
                        },
                    }
                }
            },
        },
    ],
}
TASK_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["data"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "data": {"type": "object"},
            "meta": {"type": "object"},
            "annotations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["result"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": ["integer", "string"]},
                        "result": {"type": "array", "items": RESULT},
                        "ground_truth": {"type": "boolean"},
                        "was_cancelled": {"type": "boolean"},
                        "lead_time": {"type": "number"},
                        # A Label Studio user id, or one of its members' email: never a name.
                        "completed_by": {
                            "oneOf": [
                                {"type": "integer"},
                                {
                                    "type": "object",
                                    "required": ["email"],
                                    "properties": {"email": {"type": "string"}},
                                },
                            ]
                        },
                    },
                },
            },
            "predictions": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["result"],
                    "properties": {
                        "result": {"type": "array", "items": RESULT},
                        "model_version": {"type": "string"},
                        "score": {"type": "number"},
                    },
                },
            },
        },
    },
}


def _config() -> dict[str, Any]:
    """The labeling config's tags: what a result may name."""
    root = ET.fromstring(LABEL_CONFIG)  # noqa: S314 -- our own constant
    return {
        "text": {tag.attrib["name"]: tag.attrib["value"].removeprefix("$")
                 for tag in root.iter("Text")},
        "labels": {tag.attrib["name"]: {label.attrib["value"] for label in tag.iter("Label")}
                   for tag in root.iter("Labels")},
        "textarea": {tag.attrib["name"]: tag.attrib.get("perRegion") == "true"
                     for tag in root.iter("TextArea")},
    }  # fmt: skip


def check_tasks(tasks: Any) -> list[str]:
    """Every task valid against the schema and the config; returns each annotation's
    reviewer text, in order."""
    Draft202012Validator.check_schema(TASK_SCHEMA)
    errors = sorted(Draft202012Validator(TASK_SCHEMA).iter_errors(tasks), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    config = _config()
    reviewers = []
    for task in tasks:
        for annotation in task["annotations"]:
            named = [r for r in annotation["result"] if r["from_name"] == "reviewer"]
            assert len(named) == 1
            reviewers.append(named[0]["value"]["text"][0])
            regions = {}
            for result in annotation["result"]:
                field = config["text"][result["to_name"]]
                text = task["data"][field]
                value = result["value"]
                if result["type"] == "labels":
                    assert value["labels"][0] in config["labels"][result["from_name"]]
                    assert text[value["start"] : value["end"]] == value["text"]
                    regions[result["id"]] = (value["start"], value["end"])
                elif config["textarea"][result["from_name"]]:
                    assert regions[result["id"]] == (value["start"], value["end"])
                else:
                    assert "start" not in value
    return reviewers


@pytest.mark.django_db
def test_labelstudio_export_validates_and_names_every_reviewer(settled, reviewer, other_reviewer):
    out = io.StringIO()
    write_labelstudio(exports.export_records(ExportOptions()), out)
    tasks = json.loads(out.getvalue())

    names = [Pseudonym.objects.get(user=user).name for user in (reviewer, other_reviewer)]
    assert check_tasks(tasks) == [*names, "gold"]
    assert [entry.get("reviewer", "gold") for entry in tasks[0]["meta"]["annotations"]] == [
        *names,
        "gold",
    ]
    out = io.StringIO()
    write_labelstudio(exports.export_records(ExportOptions(real_names=True)), out)
    assert check_tasks(json.loads(out.getvalue())) == ["rita", "otto", "gold"]


@pytest.mark.django_db
def test_labelstudio_export_of_the_demo_data_validates(capsys):
    call_command("load_demo")
    out = io.StringIO()
    write_labelstudio(exports.export_records(ExportOptions()), out)
    tasks = json.loads(out.getvalue())
    assert tasks and all(check_tasks(tasks))


def test_schema_refuses_what_label_studio_would_refuse():
    good = {"data": {"text": "x"}, "annotations": [{"result": [], "ground_truth": False}]}
    validator = Draft202012Validator(TASK_SCHEMA)
    assert validator.is_valid([good])
    named = {**good, "annotations": [{"result": [], "completed_by": "rita"}]}
    assert not validator.is_valid([named])
    region = {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 1, "text": "x"}}  # fmt: skip
    assert not validator.is_valid([{**good, "annotations": [{"result": [region]}]}])
    assert not validator.is_valid([{"annotations": []}])
