"""The export page's form (also the API's): it validates; the export walk does the work."""

from __future__ import annotations

from django import forms

from annotator.campaigns.forms import PublishedRangeForm
from annotator.datasets.options import ExportOptions
from annotator.models import Campaign
from articles.models import Outlet


class ExportForm(PublishedRangeForm):
    field_order = ["format", "campaigns", "outlets", "published_from", "published_to", "labels"]
    format = forms.ChoiceField(
        choices=[
            ("jsonl", "JSON lines: pandas, Hugging Face datasets"),
            ("csv", "CSV: spreadsheets (formulas neutralised)"),
            ("labelstudio", "Label Studio JSON: one task per article"),
            ("bundle", "Dataset bundle (zip): train/dev/test, data card, agreement"),
        ],
        initial="jsonl",
        widget=forms.RadioSelect,
    )
    campaigns = forms.ModelMultipleChoiceField(
        queryset=Campaign.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every campaign.",
    )
    outlets = forms.ModelMultipleChoiceField(
        queryset=Outlet.objects.order_by("name"), required=False, help_text="None chosen: all."
    )
    labels = forms.ChoiceField(
        choices=[
            ("both", "Gold labels and each reviewer's labels"),
            ("gold", "Gold labels only (sentences that have one)"),
            ("reviewers", "Reviewers' labels only"),
        ],
        initial="both",
        widget=forms.RadioSelect,
    )
    include_no_claim = forms.BooleanField(
        required=False, initial=True, label="Include sentences that are not claims"
    )
    include_in_progress = forms.BooleanField(
        required=False, label="Include reviews still in progress (default: submitted only)"
    )
    real_names = forms.BooleanField(
        required=False,
        label="Real usernames instead of pseudonyms",
        help_text="Pseudonyms are stable: the same reviewer has the same one in every export.",
    )
    seed = forms.IntegerField(
        initial=13,
        min_value=0,
        label="Split seed",
        help_text="Bundle only: the same seed always gives the same train/dev/test split.",
    )

    def export_options(self) -> ExportOptions:
        data = self.cleaned_data
        return ExportOptions(
            campaign_ids=tuple(c.pk for c in data.get("campaigns") or ()),
            outlet_ids=tuple(o.pk for o in data.get("outlets") or ()),
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            labels=data["labels"],
            include_no_claim=data["include_no_claim"],
            include_in_progress=data["include_in_progress"],
            real_names=data["real_names"],
        )
