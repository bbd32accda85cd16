"""The form the Django admin uses to set articles' outlet."""

from __future__ import annotations

from django import forms

from articles.plain_text import PlainTextField


class OutletForm(forms.Form):
    """The outlet to give articles; empty means none."""

    outlet = PlainTextField(
        limit="NAME_MAX_CHARS",
        required=False,
        max_length=200,
        help_text="Leave empty for no outlet.",
    )
