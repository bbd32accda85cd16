"""The corpus pages (admins): browse and search articles, open one with its sentences and
where it is used, set the outlet of ticked or matching articles, list and edit outlets.

Every text shown here was imported and may be hostile: templates escape it (no ``|safe``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotator.corpus import selectors
from annotator.corpus.forms import ArticlesOutletForm, CorpusFilterForm, OutletEditForm
from annotator.ids import parse_id
from annotator.permissions import admin_required
from articles import services
from articles.models import Article, Outlet

FILTER_FIELDS = ("title", "outlet", "batch", "language", "published_from", "published_to")


def _filter_form(data: QueryDict, outlets: list[Outlet]) -> CorpusFilterForm:
    given = any(data.get(name) for name in FILTER_FIELDS)
    return CorpusFilterForm(
        data if given else None, outlets=outlets, languages=selectors.languages()
    )


def _filter_query(data: QueryDict) -> list[tuple[str, str]]:
    """The filter's parameters as sent, to keep in links, hidden fields and redirects."""
    return [(name, value) for name in FILTER_FIELDS for value in data.getlist(name) if value]


def _carried(data: QueryDict) -> QueryDict:
    """The filter a set-outlet post carries (as ``filter-<name>``, apart from its own
    ``outlet``), and its page, as the list page's query."""
    carried = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        carried.setlist(name, data.getlist(f"filter-{name}"))
    if page := parse_id(data.get("page")):
        carried["page"] = str(page)
    return carried


def _list_page(
    request: HttpRequest, data: QueryDict, *, status: int = 200, **extra: Any
) -> HttpResponse:
    outlets = list(Outlet.objects.only("pk", "name").order_by("name", "pk"))
    form = _filter_form(data, outlets)
    corpus_filter = form.corpus_filter() if form.is_bound and form.is_valid() else None
    page = selectors.articles_page(
        corpus_filter=corpus_filter or selectors.CorpusFilter(),
        page=parse_id(data.get("page")) or 1,
    )
    query = _filter_query(data)
    context = {
        "form": form,
        "outlets": outlets,
        "page": page,
        "filtered": bool(corpus_filter),
        "filter_query": query,
        "query": urlencode(query),
        **extra,
    }
    if form.errors:
        status = 400
    return render(request, "corpus/articles.html", context, status=status)


@require_GET
@admin_required
def article_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, request.GET)


@require_POST
@admin_required
def articles_outlet(request: HttpRequest) -> HttpResponse:
    """Set (or clear) the outlet of the ticked articles, or of every article the filter
    (sent along as hidden fields) matches; then back to the same filter and page."""
    form = ArticlesOutletForm(request.POST)
    carried = _carried(request.POST)
    filter_form = _filter_form(carried, list(Outlet.objects.only("pk", "name")))
    if not form.is_valid() or (filter_form.is_bound and not filter_form.is_valid()):
        return _list_page(request, carried, status=400, outlet_form=form)
    if form.cleaned_data["scope"] == "matching":
        if not (filter_form.is_bound and filter_form.corpus_filter()):
            messages.error(request, "Choose a filter first: this would change every article.")
            return _list_page(request, carried, status=400, outlet_form=form)
        chosen: Any = selectors.articles_filtered(filter_form.corpus_filter())
    else:
        chosen = form.cleaned_data["articles"]
    name = form.cleaned_data["outlet"]
    changed = services.articles_set_outlet(articles=chosen, outlet_name=name)
    articles = f"{changed} article{'s' if changed != 1 else ''}"
    shown = " ".join(name.split())
    messages.success(
        request,
        f"Set the outlet of {articles} to “{shown}”."
        if shown
        else f"Removed the outlet of {articles}.",
    )
    query = _filter_query(carried)
    if "page" in carried:
        query.append(("page", str(carried["page"])))
    return redirect(f"{reverse('corpus')}?{urlencode(query)}" if query else reverse("corpus"))


@require_GET
@admin_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("outlet", "batch").defer(
            "body", "batch__inputs", "batch__preview", "batch__dropped", "batch__encodings"
        ),
        pk=article_id,
    )
    context = {
        "article": article,
        "paragraphs": selectors.article_paragraphs(article=article),
        "uses": selectors.article_uses(article=article),
    }
    return render(request, "corpus/article.html", context)


@require_GET
@admin_required
def outlet_list(request: HttpRequest) -> HttpResponse:
    context = {
        "outlets": selectors.outlets_list(),
        "no_outlet": selectors.articles_without_outlet(),
    }
    return render(request, "corpus/outlets.html", context)


@require_http_methods(["GET", "POST"])
@admin_required
def outlet_edit(request: HttpRequest, outlet_id: int) -> HttpResponse:
    outlet = get_object_or_404(Outlet, pk=outlet_id)
    form = OutletEditForm(request.POST if request.method == "POST" else None, outlet=outlet)
    if form.is_bound and form.is_valid():
        services.outlet_update(
            outlet=outlet,
            name=form.cleaned_data["name"],
            slug=form.cleaned_data["slug"],
            domain=form.cleaned_data["domain"],
        )
        messages.success(request, f"Saved the outlet “{outlet.name}”.")
        return redirect("outlets")
    status = 400 if form.errors else 200
    return render(
        request, "corpus/outlet_form.html", {"form": form, "outlet": outlet}, status=status
    )
