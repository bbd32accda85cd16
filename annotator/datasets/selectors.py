"""Which rows an export holds: the campaigns, articles, sentences, labels and gold in scope,
read a chunk of articles at a time with plain value queries (no model instances), so memory
stays flat whatever the size of the export."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from annotator.campaigns.selectors import ArticleFilter, articles_matching
from annotator.datasets import sql
from annotator.datasets.names import reviewer_names
from annotator.datasets.options import ExportOptions
from annotator.models import Campaign, GoldLabel, Label, Review
from annotator.vocabulary import LabelValue
from articles.models import Article, Sentence

ARTICLES_PER_CHUNK = 500


def export_campaigns(options: ExportOptions) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.order_by("pk")
    if options.campaign_ids:
        campaigns = campaigns.filter(pk__in=options.campaign_ids)
    return campaigns


def export_articles(options: ExportOptions, campaign: Campaign) -> QuerySet[Article]:
    """The campaign's articles with at least one review that counts, oldest id first."""
    counted = Review.objects.filter(
        campaign=campaign, article=OuterRef("pk"), status__in=options.statuses
    )
    chosen = ArticleFilter(
        outlet_ids=options.outlet_ids,
        published_from=options.published_from,
        published_to=options.published_to,
    )
    articles = articles_matching(chosen).filter(campaigns=campaign).filter(Exists(counted))
    return articles.order_by("pk")


def export_size(options: ExportOptions) -> int:
    """How many articles (summed over campaigns) the export covers: for progress bars."""
    return sum(export_articles(options, c).count() for c in export_campaigns(options))


@dataclass(frozen=True, slots=True)
class ExportCount:
    """What an export would hold: its records (one per sentence and campaign), the articles
    and the campaigns they come from."""

    records: int
    articles: int
    campaigns: int


def export_count(options: ExportOptions) -> ExportCount:
    """How many records ``export_rows`` would give for these options, counted in the database
    by the same rules (a no-claim sentence left out when asked: gold says no claim, or
    without gold every counted label does; with gold labels only, sentences without gold left
    out). Queries: 1, plus 1 per campaign in scope."""
    records = articles = campaigns = 0
    for campaign in export_campaigns(options):
        chosen = export_articles(options, campaign)
        sentences = Sentence.objects.filter(article__in=chosen.values("pk"))
        gold = GoldLabel.objects.filter(campaign=campaign, sentence=OuterRef("pk"))
        if options.labels == "gold":
            sentences = sentences.filter(Exists(gold))
        if not options.include_no_claim:
            no_claim_gold = Exists(gold.filter(value=LabelValue.NO_CLAIM))
            counted = Label.objects.filter(
                sentence=OuterRef("pk"),
                review__campaign=campaign,
                review__status__in=options.statuses,
            )
            if options.with_gold:
                sentences = sentences.exclude(no_claim_gold)
            if options.with_reviewers:
                only_no_claim = Q(Exists(counted)) & ~Q(
                    Exists(counted.exclude(value=LabelValue.NO_CLAIM))
                )
                if options.with_gold:
                    only_no_claim &= ~Q(Exists(gold))
                sentences = sentences.exclude(only_no_claim)
        totals = sentences.aggregate(
            records=Count("pk"), articles=Count("article_id", distinct=True)
        )
        records += totals["records"]
        articles += totals["articles"]
        campaigns += 1 if totals["records"] else 0
    return ExportCount(records=records, articles=articles, campaigns=campaigns)


def csv_reviewers(options: ExportOptions) -> list[str]:
    """The reviewer columns of a CSV export: everyone with a counted review, by name."""
    if not options.with_reviewers:
        return []
    campaigns = list(export_campaigns(options))
    users = Review.objects.filter(campaign__in=campaigns, status__in=options.statuses)
    ids = set(users.values_list("reviewer_id", flat=True).distinct())
    names = reviewer_names(options, campaigns)
    return sorted(names[pk] for pk in ids)


# One sentence of one campaign, as ``export_rows`` yields it; the writers build their output
# from these. A plain tuple: a million of them are made per million records.
#   (campaign name,
#    article: (article_id, article_url, outlet, title, author, published, language) -- one
#             tuple per article and campaign, shared by its sentences' rows,
#    sentence: (sentence_id, position, paragraph, kind, start, end, gap_before, text),
#    gold: (gold_label, gold_method, gold_decided_by, gold_source) or None,
#    labels: ((reviewer id, reviewer, label, source, note, status, suggested_value,
#              suggested_score), ...) by reviewer id)
Fields = tuple[Any, ...]
Row = tuple[str, Fields, Fields, Fields | None, Sequence[Fields]]


@dataclass(slots=True)
class _Chunk:
    """What a chunk of one campaign's articles holds."""

    articles: dict[int, tuple[tuple[Any, ...], str]]  # id -> (article tuple, body)
    sentences: list[tuple[Any, ...]]  # sql.sentences_of's rows
    labels: dict[int, list[tuple[Any, ...]]]  # sentence id -> its labels
    gold: dict[int, tuple[Any, ...]]


def _read_chunk(
    options: ExportOptions, campaign: Campaign, ids: list[int], names: dict[int, str]
) -> _Chunk:
    articles = {}
    for pk, url, outlet, title, author, published, language, body in Article.objects.filter(
        pk__in=ids
    ).values_list("pk", "url", "outlet__name", "title", "author", "published", "language", "body"):
        iso = published.isoformat() if published else None
        articles[pk] = ((pk, url, outlet, title, author, iso, language), body)
    sentences = sql.sentences_of(ids)
    labels: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    if options.with_reviewers:
        for sentence, reviewer, value, source, note, status, shown, score in sql.labels_of(
            campaign_id=campaign.pk, article_ids=ids, statuses=options.statuses
        ):
            name = names.get(reviewer)
            if name is None:
                continue  # a reviewer who began after the export started: not in this one
            labels[sentence].append((reviewer, name, value, source, note, status, shown, score))
        for some in labels.values():
            if len(some) > 1:
                some.sort()  # by reviewer id: one label per reviewer, so ties never happen
    gold = {}
    if options.with_gold and sentences:
        rows = sql.gold_of(
            campaign_id=campaign.pk, article_ids=ids, sentence_ids=[row[0] for row in sentences]
        )
        for sentence, value, method, decided_by, source in rows:
            decider = names.get(decided_by) if decided_by else None
            gold[sentence] = (value, method, decider, source)
    return _Chunk(articles, sentences, labels, gold)


def _chunks(ids: Iterator[int], size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_rows(options: ExportOptions) -> Iterator[Row]:
    """One ``Row`` per sentence of every article in scope, per campaign, in campaign, article
    and sentence order. Queries: 2 up front, then 1 per campaign and 5 per 500 articles."""
    campaigns = list(export_campaigns(options))
    names = reviewer_names(options, campaigns)
    no_labels: Sequence[tuple[Any, ...]] = ()
    gold_only = options.labels == "gold"
    skip_no_claim = not options.include_no_claim
    for campaign in campaigns:
        name = campaign.name
        article_ids = export_articles(options, campaign).values_list("pk", flat=True)
        for ids in _chunks(article_ids.iterator(), ARTICLES_PER_CHUNK):
            chunk = _read_chunk(options, campaign, ids, names)
            previous_end, previous_article, article, body = 0, None, (), ""
            for pk, article_id, position, paragraph, kind, start, end in chunk.sentences:
                if article_id != previous_article:
                    previous_end, previous_article = 0, article_id
                    article, body = chunk.articles[article_id]
                gold = chunk.gold.get(pk)
                labels = chunk.labels.get(pk, no_labels)
                if skip_no_claim and _no_claim(gold, labels):
                    continue
                if gold_only and gold is None:
                    continue
                # The article's text between the previous exported sentence and this one (a
                # space, a paragraph break, or sentences a filter left out): the ``gap_before``
                # and ``text`` of an article's records rebuild its text.
                sentence = (
                    pk, position, paragraph, kind, start, end,
                    body[previous_end:start], body[start:end],
                )  # fmt: skip
                previous_end = end
                yield (name, article, sentence, gold, labels)


def _no_claim(gold: tuple[Any, ...] | None, labels: Iterable[tuple[Any, ...]]) -> bool:
    """A no-claim sentence: gold says so, or without gold, every label does."""
    if gold is not None:
        return bool(gold[0] == LabelValue.NO_CLAIM)
    values = [label[2] for label in labels]
    return bool(values) and all(value == LabelValue.NO_CLAIM for value in values)
