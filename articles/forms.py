"""The form the Django admin uses to set articles' outlet."""

from __future__ import annotations

from django import forms


class OutletForm(forms.Form):
    """The outlet to give articles; empty means none."""

    outlet = forms.CharField(required=False, max_length=200, help_text="Leave empty for no outlet.")
