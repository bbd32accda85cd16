"""Seed the benchmark database for the export benchmark, fast (COPY): campaign "Export 1M"
with 25,000 articles × 40 sentences, each reviewed by 3 of 5 reviewers (3,000,000 labels) and
gold on every sentence; campaign "Export 100k" with the first 2,500 of those articles, reviewed
the same way. Run as a module with DATABASE_URL set: ``python -m tests.benchmarks.export_seed``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from datetime import datetime

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.project.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from annotator.models import Campaign, GoldLabel, Label, Review  # noqa: E402
from annotator.vocabulary import LabelValue  # noqa: E402
from articles.models import Article, Outlet, Sentence  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_EXPORT_ARTICLES", "25000"))
SENTENCES = 40
REVIEWS = 3
SMALL = ARTICLES // 10
SENTENCE_TEXT = "The council said on Tuesday that the harbour plan would cost “$14.8m”, not more."


def copy_rows(table: str, columns: list[str], rows) -> None:
    connection.ensure_connection()
    raw = connection.connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def empty_corpus() -> None:
    """Remove every article, campaign, review and label (and their history) at once."""
    with connection.cursor() as cursor:
        tables = [GoldLabel, Label, Review, Campaign.articles.through, Campaign, Sentence, Article]
        cursor.execute(
            f"TRUNCATE {', '.join(table(m) for m in tables)}, annotator_goldlabelevent, "
            "annotator_labelevent, annotator_campaign_reviewers RESTART IDENTITY CASCADE"
        )


def follow_ids() -> None:
    """After COPY with explicit ids: move the id sequences past them."""
    with connection.cursor() as cursor:
        for model in (Article, Sentence, Review):
            latest = f"SELECT MAX(id) FROM {table(model)}"  # noqa: S608 -- our own table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({latest}))",
                [model._meta.db_table],
            )


def copy_articles(
    count: int,
    *,
    outlets: list[Outlet],
    name: str,
    sentence: str,
    sentences: int,
    published: Callable[[int], datetime],
) -> None:
    """Articles 1..count (by id), each of ``sentences`` copies of one sentence, with their
    sentence spans (sentence ids: article id × sentences + position)."""
    now = timezone.now()
    gap = len(sentence) + 1
    body = " ".join([sentence] * sentences)
    copy_rows(
        table(Article),
        ["id", "outlet_id", "title", "standfirst", "author", "url", "published", "body",
         "content_hash", "language", "created_at"],
        ((n, outlets[n % len(outlets)].pk, f"{name.title()} article {n}", "", "A. Writer",
          f"https://news.example/{name}/{n}", published(n), body, f"{name}-{n}", "en", now)
         for n in range(1, count + 1)),
    )  # fmt: skip
    copy_rows(
        table(Sentence),
        ["id", "article_id", "position", "paragraph", "start", '"end"', "text", "kind"],
        ((a * sentences + i, a, i, i // 4, i * gap, i * gap + len(sentence), sentence, "body")
         for a in range(1, count + 1) for i in range(sentences)),
    )  # fmt: skip


@transaction.atomic
def seed() -> None:
    empty_corpus()
    users = [
        get_user_model().objects.get_or_create(username=f"bench-export-{n}")[0] for n in range(5)
    ]
    outlets = [
        Outlet.objects.get_or_create(slug=f"export-outlet-{n}", defaults={"name": f"Outlet {n}"})[0]
        for n in range(20)
    ]
    now = timezone.now()
    copy_articles(
        ARTICLES,
        outlets=outlets,
        name="export",
        sentence=SENTENCE_TEXT,
        sentences=SENTENCES,
        published=lambda _: now,
    )
    rng = random.Random(3)
    values = LabelValue.values
    reviews: list[tuple] = []
    truths: dict[tuple[int, int], list[str]] = {}
    for name, count in (("Export 1M", ARTICLES), ("Export 100k", SMALL)):
        campaign = Campaign.objects.create(name=name, reviews_per_article=REVIEWS)
        campaign.reviewers.add(*users)
        campaign.articles.add(*range(1, count + 1))
        for a in range(1, count + 1):
            truths[(campaign.pk, a)] = [rng.choice(values) for _ in range(SENTENCES)]
            for r in range(REVIEWS):
                reviews.append((len(reviews) + 1, campaign.pk, a, users[(a + r) % 5].pk,
                                "submitted", now, now, now))  # fmt: skip
    copy_rows(
        table(Review),
        ["id", "campaign_id", "article_id", "reviewer_id", "status", "started_at", "updated_at",
         "submitted_at"],
        reviews,
    )  # fmt: skip

    def labels():
        for review_id, campaign_id, a, *_ in reviews:
            truth = truths[(campaign_id, a)]
            for i in range(SENTENCES):
                value = truth[i] if rng.random() < 0.8 else rng.choice(values)
                yield (review_id, a * SENTENCES + i, value, "", "", now)

    copy_rows(
        table(Label), ["review_id", "sentence_id", "value", "source", "note", "updated_at"],
        labels(),
    )  # fmt: skip
    copy_rows(
        table(GoldLabel),
        ["campaign_id", "sentence_id", "value", "method", "source", "decided_at"],
        ((c, a * SENTENCES + i, truth[i], "unanimous", "", now)
         for (c, a), truth in truths.items() for i in range(SENTENCES)),
    )  # fmt: skip
    follow_ids()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def settle() -> None:
    """VACUUM the fresh rows (outside the seeding transaction): otherwise the first export
    pays for setting their hint bits and the first run measures that, not the export."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    seed()
    settle()
    print("seeded")
