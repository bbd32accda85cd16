"""The label vocabulary: the one place that says what labels exist, their keys and colours."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class LabelValue(models.TextChoices):
    SOURCED = "sourced", "Sourced"
    UNSOURCED = "unsourced", "Unsourced"
    OPINION = "opinion", "Opinion"
    NO_CLAIM = "no_claim", "No claim"


@dataclass(frozen=True, slots=True)
class LabelSpec:
    value: LabelValue
    key: str
    css_class: str
    description: str

    @property
    def name(self) -> str:
        return str(self.value.label)


VOCABULARY: tuple[LabelSpec, ...] = (
    LabelSpec(
        LabelValue.SOURCED,
        "s",
        "label-sourced",
        "A checkable factual claim attributed to an identifiable source "
        "(a named person or body, a document, data, a link).",
    ),
    LabelSpec(
        LabelValue.UNSOURCED,
        "u",
        "label-unsourced",
        "A checkable factual claim with no attribution.",
    ),
    LabelSpec(
        LabelValue.OPINION,
        "o",
        "label-opinion",
        "A value judgement, prediction or rhetoric that cannot be checked true or false.",
    ),
    LabelSpec(
        LabelValue.NO_CLAIM,
        "n",
        "label-no-claim",
        "Headings, questions, transitions: anything that is not a claim. "
        "Sentences left untagged on submit count as no claim.",
    ),
)

SPEC_BY_VALUE: dict[str, LabelSpec] = {spec.value.value: spec for spec in VOCABULARY}
