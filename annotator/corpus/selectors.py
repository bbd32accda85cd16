"""Reads for the corpus pages: articles filtered and paged, one article with its sentences and
where it is used, and the outlets with their article counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from annotator.models import Campaign, GoldLabel, Review
from articles.models import Article, Outlet, Sentence
from articles.selectors import PageOf, page_bounds

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class CorpusFilter:
    """Which articles the browser shows; every part is optional and they combine with AND."""

    outlet_id: int | None = None
    no_outlet: bool = False
    batch_id: int | None = None
    language: str = ""
    published_from: date | None = None
    published_to: date | None = None
    title: str = ""

    def __bool__(self) -> bool:
        return bool(
            self.outlet_id
            or self.no_outlet
            or self.batch_id
            or self.language
            or self.published_from
            or self.published_to
            or self.title.strip()
        )


def articles_filtered(corpus_filter: CorpusFilter) -> QuerySet[Article]:
    """The articles the filter chooses, newest first (the title matched as a substring, in
    any case). No query until evaluated."""
    articles = Article.objects.all()
    if corpus_filter.no_outlet:
        articles = articles.filter(outlet__isnull=True)
    elif corpus_filter.outlet_id:
        articles = articles.filter(outlet_id=corpus_filter.outlet_id)
    if corpus_filter.batch_id:
        articles = articles.filter(batch_id=corpus_filter.batch_id)
    if corpus_filter.language:
        articles = articles.filter(language=corpus_filter.language)
    if corpus_filter.published_from:
        articles = articles.filter(published__date__gte=corpus_filter.published_from)
    if corpus_filter.published_to:
        articles = articles.filter(published__date__lte=corpus_filter.published_to)
    if title := corpus_filter.title.strip():
        articles = articles.filter(title__icontains=title)
    return articles.order_by("-created_at", "-pk")


@dataclass(frozen=True, slots=True)
class ArticlesPage(PageOf):
    articles: Sequence[Article]  # with outlet, batch and ``sentence_count``
    total: int


def articles_page(
    *, corpus_filter: CorpusFilter, page: int = 1, per_page: int = PAGE_SIZE
) -> ArticlesPage:
    """One page of the filtered articles with their outlet, batch and sentence count; a page
    out of range gives the nearest one. Queries: 2 (the count, the page), however many."""
    articles = articles_filtered(corpus_filter)
    total = articles.count()
    page, pages = page_bounds(total=total, page=page, per_page=per_page)
    # A correlated count: computed for the page's rows only, not grouped over the corpus.
    sentences = (
        Sentence.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        articles.select_related("outlet", "batch")
        .defer("body", "standfirst", "batch__inputs", "batch__preview", "batch__dropped")
        .defer("batch__encodings")
        .annotate(sentence_count=Coalesce(Subquery(sentences, output_field=IntegerField()), 0))
    )
    start = (page - 1) * per_page
    return ArticlesPage(
        articles=list(rows[start : start + per_page]), total=total, page=page, pages=pages
    )


def languages() -> list[str]:
    """The languages the corpus's articles are in, for a filter's choices. Queries: 1."""
    return list(Article.objects.order_by("language").values_list("language", flat=True).distinct())


def article_paragraphs(*, article: Article) -> list[list[Sentence]]:
    """The article's sentences as stored, grouped by paragraph, in order. Queries: 1."""
    paragraphs: dict[int, list[Sentence]] = defaultdict(list)
    for sentence in article.sentences.order_by("position"):
        paragraphs[sentence.paragraph].append(sentence)
    return [paragraphs[key] for key in sorted(paragraphs)]


@dataclass(frozen=True, slots=True)
class Use:
    """The article in one campaign: its reviews by state and its gold labels."""

    campaign: Campaign
    submitted: int
    in_progress: int
    gold: int


def article_uses(*, article: Article) -> list[Use]:
    """The campaigns the article is in (or was reviewed in), each with its submitted and
    unfinished reviews of it and the gold labels of its sentences. Queries: 3."""
    reviews: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        Review.objects.filter(article=article)
        .values("campaign_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        reviews[row["campaign_id"]][row["status"]] += row["n"]
    gold = dict(
        GoldLabel.objects.filter(sentence__article=article)
        .values("campaign_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("campaign_id", "n")
    )
    campaigns = Campaign.objects.filter(
        Q(articles=article) | Q(pk__in=list(reviews) + list(gold))
    ).distinct()
    return [
        Use(
            campaign=campaign,
            submitted=reviews[campaign.pk][Review.Status.SUBMITTED],
            in_progress=reviews[campaign.pk][Review.Status.IN_PROGRESS],
            gold=gold.get(campaign.pk, 0),
        )
        for campaign in campaigns.order_by("-created_at", "pk")
    ]


def outlets_list() -> QuerySet[Outlet]:
    """Every outlet by name with ``article_count``. Queries: 1."""
    return Outlet.objects.annotate(article_count=Count("articles")).order_by("name", "pk")


def articles_without_outlet() -> int:
    """How many articles have no outlet. Queries: 1."""
    return Article.objects.filter(outlet__isnull=True).count()
