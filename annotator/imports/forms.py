from __future__ import annotations

import re
from typing import Any

from django import forms

from annotator.ids import parse_id
from articles.forms import OutletForm
from articles.ingest.charset import encoding_name
from articles.ingest.pipeline import FORMATS
from articles.plain_text import PlainTextField, plain_text


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
    encoding = forms.CharField(
        required=False,
        max_length=40,
        validators=[plain_text],
        help_text="Text encoding of the files and URL, such as cp1251 or shift_jis; leave "
        "empty to detect it.",
    )
    outlet = PlainTextField(
        limit="NAME_MAX_CHARS",
        required=False,
        max_length=200,
        help_text="Outlet for every article (else from the page).",
    )

    def clean_encoding(self) -> str:
        name: str = self.cleaned_data["encoding"].strip()
        try:
            return encoding_name(name) if name else ""
        except ValueError as error:
            raise forms.ValidationError(f"{str(error)[0].upper()}{str(error)[1:]}.") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("files") or (data.get("pasted") or "").strip() or data.get("url")):
            raise forms.ValidationError("Upload a file, paste some text, or give a URL.")
        return data


class ArticleIdsField(forms.Field):
    """Ids of ticked checkboxes, all named alike; anything that cannot be an id is refused
    before it reaches SQL."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": "Choose at least one article.",
        "invalid": "Not an article id: %(value)s.",
    }

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids = []
        for raw in values:
            parsed = parse_id(raw)
            if parsed is None:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": str(raw)[:20]}
                )
            ids.append(parsed)
        return ids


class ChosenArticlesOutletForm(OutletForm):
    articles = ArticleIdsField()


_SOURCE_LINE = re.compile(r"(\d{1,5}):(\d{1,9})", re.ASCII)


class SourceLinesField(forms.Field):
    """Ticked checkboxes, all named alike, whose values are ``input:line`` ("0:12")."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": "Not a line of an input: %(value)s."}

    def to_python(self, value: Any) -> list[tuple[int, int]]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        pairs = []
        for raw in values:
            match = _SOURCE_LINE.fullmatch(str(raw))
            if match is None:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": str(raw)[:20]}
                )
            pairs.append((int(match[1]), int(match[2])))
        return pairs


class PreviewChoicesForm(forms.Form):
    """An admin's choices in an import's preview: dropped lines to keep, articles to leave
    out. Unticked boxes send nothing, so the form is the whole set of choices."""

    keep = SourceLinesField(required=False)
    leave_out = SourceLinesField(required=False)
