from __future__ import annotations

from typing import Any

from django import forms

from articles.ingest.pipeline import FORMATS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    files = MultipleFileField(  # type: ignore[assignment]
        required=False,
        help_text="Scraped text pages, HTML pages, JSONL or CSV files; several are one batch.",
    )
    pasted = forms.CharField(
        required=False,
        label="Or paste text",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="A scraped page or an article: the importer finds the articles in it.",
    )
    url = forms.URLField(required=False, label="Or a URL", assume_scheme="https")
    format = forms.ChoiceField(
        choices=[
            ("", "Detect"),
            *((f, "Text page" if f == "text" else f.upper()) for f in FORMATS),
        ],
        required=False,
    )
    outlet = forms.CharField(
        required=False, max_length=200, help_text="Outlet for every article (else from the page)."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("files") or (data.get("pasted") or "").strip() or data.get("url")):
            raise forms.ValidationError("Upload a file, paste some text, or give a URL.")
        return data
