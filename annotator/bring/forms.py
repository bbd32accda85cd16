"""What the Bring page's two forms post: a predictions file, or a file of annotations."""

from __future__ import annotations

from typing import Any

from django import forms

from articles.plain_text import PlainTextField

MAP_HELP = (
    'One per line, your label name = ours, such as "Source = sourced" (our labels: sourced, '
    "unsourced, opinion, no_claim; names are matched ignoring case anyway)."
)


class _BringForm(forms.Form):
    file = forms.FileField()
    label_map = PlainTextField(
        limit="NOTE_MAX_CHARS",
        required=False,
        label="Label names of yours",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=MAP_HELP,
    )

    def clean_label_map(self) -> list[str]:
        text: str = self.cleaned_data["label_map"]
        return [line.strip() for line in text.splitlines() if line.strip()]


class PredictionsUploadForm(_BringForm):
    field_order = ["file", "model_name", "model_version", "label_map"]
    model_name = PlainTextField(
        limit="NAME_MAX_CHARS",
        max_length=100,
        initial="imported",
        help_text="For rows that name no model. A sentence keeps one prediction per model: "
        "uploading again replaces it.",
    )
    model_version = PlainTextField(limit="NAME_MAX_CHARS", max_length=100, required=False)


class AnnotationsUploadForm(_BringForm):
    field_order = ["file", "store_as", "reviewer", "model_name", "model_version", "outlet"]
    store_as = forms.ChoiceField(
        label="Store the labels as",
        choices=[("reviews", "Submitted reviews"), ("predictions", "A model's predictions")],
        initial="reviews",
    )
    reviewer = PlainTextField(
        limit="NAME_MAX_CHARS",
        max_length=150,
        required=False,
        help_text="The annotator of a file that names none (doccano).",
    )
    model_name = PlainTextField(
        limit="NAME_MAX_CHARS", max_length=100, required=False, help_text="For predictions."
    )
    model_version = PlainTextField(limit="NAME_MAX_CHARS", max_length=100, required=False)
    outlet = PlainTextField(
        limit="NAME_MAX_CHARS", max_length=200, required=False, help_text="Of the articles made."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("store_as") == "predictions" and not (data.get("model_name") or "").strip():
            self.add_error("model_name", "Name the model the predictions are stored under.")
        return data
