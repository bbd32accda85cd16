"""The form the review page posts: one sentence's label, source and note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from annotator.vocabulary import LabelValue
from articles.plain_text import PlainTextField

UNKNOWN_LABEL = f"Unknown label %(value)r: expected one of {', '.join(LabelValue.values)}."


class LabelForm(forms.Form):
    """``value`` empty clears the label. A source or note left out of the post keeps the
    stored one (``cleaned_data`` holds None for it); sent empty, it is cleared."""

    value = forms.ChoiceField(
        label="Label",
        choices=[*LabelValue.choices, ("", "No label")],
        required=False,
        error_messages={"invalid_choice": UNKNOWN_LABEL},
    )
    source = PlainTextField(limit="SOURCE_MAX_CHARS", max_length=500, required=False, strip=False)
    note = PlainTextField(limit="NOTE_MAX_CHARS", required=False, strip=False)
    # Sent by the accept key: ``value`` is the suggestion the page shows for the sentence.
    accept = forms.BooleanField(required=False)

    def _kept_when_absent(self, name: str) -> Any:
        return self.cleaned_data[name] if name in self.data else None

    def clean_source(self) -> str | None:
        return self._kept_when_absent("source")

    def clean_note(self) -> str | None:
        return self._kept_when_absent("note")

    def problems(self) -> str:
        """Every error in one line, each after its field's name (for htmx, which shows it
        as the reason a change was not saved)."""
        return " ".join(
            f"{self.fields[name].label or name.capitalize()}: {message}"
            for name, messages in self.errors.items()
            for message in messages
        )


def suggestions_shown(data: QueryDict) -> dict[int, str]:
    """The suggestions an accept-all post says the page shows, each sent as ``accept`` =
    ``<sentence id>:<value>``: accept-all takes only these, so it never stores a label the
    reviewer did not see. Malformed items are left out."""
    pairs: dict[int, str] = {}
    for item in data.getlist("accept"):
        sentence, _, value = item.partition(":")
        if sentence.isdigit() and len(sentence) < 19 and value in LabelValue.values:
            pairs[int(sentence)] = value
    return pairs
