"""Forms for the admins' campaign pages. They validate; services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from annotator.campaigns.selectors import ArticleFilter
from annotator.ids import MAX_ID
from annotator.models import Campaign
from annotator.vocabulary import LabelValue
from articles.models import ImportBatch, Outlet
from articles.plain_text import PlainTextField, plain_text

# The campaign's assisted-labelling settings (issue 15).
ASSISTED_LABELLING = ("suggestions", "suggestion_threshold", "queue_order")


class CampaignForm(forms.ModelForm):
    reviewers = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only these people see the campaign and get its articles.",
    )
    name = PlainTextField(limit="NAME_MAX_CHARS", max_length=200)
    guidelines = PlainTextField(
        limit="GUIDELINES_MAX_CHARS",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown: **bold**, *italic*, lists, links, tables. "
        "Shown beside every article of the campaign.",
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "guidelines",
            "reviews_per_article",
            "accept_majority",
            "reviewers",
            "is_open",
            "reports_visible_to_reviewers",
            "suggestions",
            "suggestion_threshold",
            "queue_order",
        ]
        labels = {
            "is_open": "Open for reviewing",
            "suggestion_threshold": "Accept-all threshold",
            "queue_order": "Queue order",
        }
        widgets = {
            "suggestion_threshold": forms.NumberInput(attrs={"min": 0, "max": 1, "step": 0.05}),
        }

    def clean_reviews_per_article(self) -> int:
        k: int = self.cleaned_data["reviews_per_article"]
        if not 1 <= k <= 20:
            raise forms.ValidationError("Choose between 1 and 20 reviews per article.")
        return k

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left out of a post (an older script, the API's partial update), they keep the
        # campaign's setting, or the default for a new one.
        for name in ASSISTED_LABELLING:
            self.fields[name].required = False

    def _kept(self, name: str) -> Any:
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return getattr(self.instance, name)
        return value

    def clean_suggestions(self) -> str:
        return str(self._kept("suggestions"))

    def clean_queue_order(self) -> str:
        return str(self._kept("queue_order"))

    def clean_suggestion_threshold(self) -> float:
        threshold = float(self._kept("suggestion_threshold"))
        if not 0 <= threshold <= 1:
            raise forms.ValidationError("Choose a confidence between 0 and 1 (0.8 is 80%).")
        return threshold


class PublishedRangeForm(forms.Form):
    """A form with an optional publication date range, checked to run forwards."""

    published_from = forms.DateField(
        required=False, label="Published from", widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        required=False, label="Published until", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            raise forms.ValidationError("“Published from” is after “Published until”.")
        return data


class ArticleFilterForm(PublishedRangeForm):
    field_order = ["outlets", "batch", "published_from", "published_to", "search"]
    outlets = forms.ModelMultipleChoiceField(
        queryset=Outlet.objects.order_by("name"), required=False, label="Outlets"
    )
    batch = forms.ModelChoiceField(
        queryset=ImportBatch.objects.filter(status=ImportBatch.Status.DONE).order_by("-created_at"),
        required=False,
        label="Import batch",
        empty_label="Any import",
    )
    search = forms.CharField(
        required=False,
        max_length=200,
        validators=[plain_text],
        label="Search",
        help_text='Words in the title or text, e.g. council budget or "city hall" -parking.',
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        batch_field: Any = self.fields["batch"]
        batch_field.label_from_instance = lambda b: (
            f"{b.created_at:%d %b %Y %H:%M} · {b.source_name[:60]} ({b.article_count} articles)"
        )

    def article_filter(self) -> ArticleFilter:
        data = self.cleaned_data
        return ArticleFilter(
            outlet_ids=tuple(outlet.pk for outlet in data.get("outlets") or ()),
            batch_id=data["batch"].pk if data.get("batch") else None,
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            search=data.get("search") or "",
        )


class GoldForm(forms.Form):
    # Empty clears the gold label (the sentence goes back to the adjudication queue).
    value = forms.ChoiceField(choices=[*LabelValue.choices, ("", "No gold label")], required=False)
    # The gold version the page showed (see gold.gold_set): a stale decision is refused.
    version = forms.IntegerField(min_value=0, max_value=MAX_ID, required=False)
    # What a sourced claim cites (kept only with "sourced"; prefilled from the reviewers').
    source = PlainTextField(limit="SOURCE_MAX_CHARS", max_length=500, required=False)
