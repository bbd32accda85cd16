"""Forms for the corpus pages: the article filter, setting articles' outlet, an outlet's
details. They validate; services write."""

from __future__ import annotations

from typing import Any

from django import forms

from annotator.campaigns.forms import PublishedRangeForm
from annotator.corpus.selectors import CorpusFilter
from annotator.ids import parse_id
from annotator.imports.forms import ArticleIdsField
from articles.forms import OutletForm
from articles.models import ImportBatch, Outlet
from articles.plain_text import PlainTextField

NO_OUTLET = "none"


class CorpusFilterForm(PublishedRangeForm):
    """The browser's filter; ``outlets`` and ``languages`` are the choices (read once by the
    view), so the form itself runs only the batch list's query."""

    field_order = ["title", "outlet", "batch", "language", "published_from", "published_to"]
    title = PlainTextField(
        limit="NAME_MAX_CHARS", max_length=200, required=False, label="Title contains"
    )
    outlet = forms.ChoiceField(required=False)
    batch = forms.ModelChoiceField(
        queryset=ImportBatch.objects.filter(status=ImportBatch.Status.DONE)
        .only("pk", "created_at", "source_name", "article_count")
        .order_by("-created_at"),
        required=False,
        label="Import batch",
        empty_label="Any import",
    )
    language = forms.ChoiceField(required=False)

    def __init__(
        self, *args: Any, outlets: list[Outlet], languages: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        outlet_field: Any = self.fields["outlet"]
        outlet_field.choices = [
            ("", "Any outlet"),
            (NO_OUTLET, "No outlet"),
            *((str(o.pk), o.name) for o in outlets),
        ]
        language_field: Any = self.fields["language"]
        language_field.choices = [("", "Any language"), *((code, code) for code in languages)]
        batch_field: Any = self.fields["batch"]
        batch_field.label_from_instance = lambda b: (
            f"{b.created_at:%d %b %Y %H:%M} · {b.source_name[:60]} ({b.article_count} articles)"
        )

    def corpus_filter(self) -> CorpusFilter:
        data = self.cleaned_data
        outlet = data.get("outlet") or ""
        return CorpusFilter(
            outlet_id=parse_id(outlet),
            no_outlet=outlet == NO_OUTLET,
            batch_id=data["batch"].pk if data.get("batch") else None,
            language=data.get("language") or "",
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            title=data.get("title") or "",
        )


class ArticlesOutletForm(OutletForm):
    """The outlet for the ticked articles, or for every article the filter matches."""

    scope = forms.ChoiceField(choices=[("chosen", "Ticked"), ("matching", "Matching")])
    articles = ArticleIdsField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == "chosen" and not data.get("articles"):
            raise forms.ValidationError("Tick at least one article.")
        return data


class OutletEditForm(forms.Form):
    name = PlainTextField(limit="NAME_MAX_CHARS", max_length=200)
    slug = forms.SlugField(
        max_length=200, help_text="Its name in addresses and exports: letters, digits, - and _."
    )
    domain = PlainTextField(
        limit="NAME_MAX_CHARS",
        max_length=253,
        required=False,
        help_text="Its web address without https://, such as example.org (optional).",
    )

    def __init__(self, *args: Any, outlet: Outlet, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"name": outlet.name, "slug": outlet.slug, "domain": outlet.domain}
        )
        super().__init__(*args, **kwargs)
        self.outlet = outlet

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if Outlet.objects.filter(slug=slug).exclude(pk=self.outlet.pk).exists():
            raise forms.ValidationError(f"Another outlet has the slug “{slug}”.")
        return slug
