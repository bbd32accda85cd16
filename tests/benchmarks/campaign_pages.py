"""Seed a campaign of 1,000 articles × 40 sentences × 3 submitted reviews into the benchmark
database (PostgreSQL or SQLite), then time the admins' campaign pages in this process (Django's
test client: the server-side render, database included). Prints the first load and the median
of each page as JSON, and which of them show figures. Every label has its history event, a
step of 4 s apart (0.3 s for the first reviewer, whom the quality page flags as too fast).

Nothing is cached between requests: every load reads the labels again. The process's very
first request, which also loads the URL patterns, middleware and templates, goes to the
campaign list first and is printed as ``warm_up``.

Run as a module in its own process with DATABASE_URL set:
``python -m tests.benchmarks.campaign_pages``.
"""

from __future__ import annotations

import json
import os
import random
import time
from functools import partial

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.project.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annotator.campaigns.gold import gold_refresh_campaign  # noqa: E402
from annotator.models import Campaign, Label, LabelEvent, Review  # noqa: E402
from annotator.vocabulary import LabelValue  # noqa: E402
from articles.models import Article, Outlet, Sentence  # noqa: E402
from tests.benchmarks.figures import median_seconds  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_CAMPAIGN_ARTICLES", "1000"))
SENTENCES = 40
REVIEWERS = 3
NAME = "Agreement benchmark"


# Each event's moment: its id times 0.3 s for the first reviewer, 4 s for the others.
PACED = {
    "postgresql": """TIMESTAMPTZ '2025-01-01 00:00+00' + e.id * CASE
        WHEN r.reviewer_id = %s THEN INTERVAL '0.3 s' ELSE INTERVAL '4 s' END""",
    "sqlite": """strftime('%%Y-%%m-%%d %%H:%%M:%%f', '2025-01-01 00:00:00',
        '+' || (e.id * CASE WHEN r.reviewer_id = %s THEN 0.3 ELSE 4 END) || ' seconds')""",
}


@transaction.atomic
def seed() -> Campaign:
    users = [
        get_user_model().objects.get_or_create(username=f"bench-agree-{n}")[0]
        for n in range(REVIEWERS + 2)  # 5 reviewers, 3 per article: pairs share some articles
    ]
    outlets = [
        Outlet.objects.get_or_create(slug=f"bench-outlet-{n}", defaults={"name": f"Outlet {n}"})[0]
        for n in range(10)
    ]
    campaign = Campaign.objects.create(name=NAME, reviews_per_article=REVIEWERS)
    campaign.reviewers.add(*users)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    articles = Article.objects.bulk_create(
        Article(
            title=f"Agreement article {n}",
            body="x" * (SENTENCES * 10),
            content_hash=f"agreement-{stamp}-{n}",
            outlet=outlets[n % len(outlets)],
        )
        for n in range(ARTICLES)
    )
    campaign.articles.add(*articles)
    sentences = Sentence.objects.bulk_create(
        (
            Sentence(article=a, position=i, paragraph=i // 4, start=i * 10, end=i * 10 + 9,
                     text="x" * 9)
            for a in articles
            for i in range(SENTENCES)
        ),
        batch_size=5000,
    )  # fmt: skip
    now = timezone.now()
    rng = random.Random(7)
    reviews = Review.objects.bulk_create(
        Review(
            campaign=campaign,
            article=a,
            reviewer=users[(n + r) % len(users)],
            status=Review.Status.SUBMITTED,
            submitted_at=now,
        )
        for n, a in enumerate(articles)
        for r in range(REVIEWERS)
    )
    values = LabelValue.values
    by_article: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    truth = {s.pk: rng.choice(values) for s in sentences}
    Label.objects.bulk_create(
        (
            Label(
                review=review,
                sentence=s,
                value=truth[s.pk] if rng.random() < 0.8 else rng.choice(values),
            )
            for review in reviews
            for s in by_article[review.article_id]
        ),
        batch_size=5000,
    )
    LabelEvent.objects.bulk_create(
        (
            LabelEvent(review=review, sentence=s, actor_id=review.reviewer_id)
            for review in reviews
            for s in by_article[review.article_id]
        ),
        batch_size=5000,
    )
    # Created in order, one review after another: the ids pace each review's steps.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {LabelEvent._meta.db_table} AS e SET created_at = {PACED[connection.vendor]}
                FROM {Review._meta.db_table} r
                WHERE r.id = e.review_id AND r.campaign_id = %s""",  # noqa: S608
            [users[0].pk, campaign.pk],
        )
    return campaign


def analyze() -> None:
    """Fresh planner statistics, as autovacuum gathers them soon after a bulk load: without
    them PostgreSQL guesses one row per table and can pick a plan a hundred times slower."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    # An earlier run's data, in the order the foreign keys allow (reviews protect their campaign,
    # labels and gold labels their sentences).
    old = Campaign.objects.filter(name=NAME)
    # Raw: the collector would fetch every event to clear ``undoes`` references first.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""DELETE FROM {LabelEvent._meta.db_table} WHERE review_id IN (
                SELECT r.id FROM {Review._meta.db_table} r
                JOIN {Campaign._meta.db_table} c ON c.id = r.campaign_id WHERE c.name = %s)""",  # noqa: S608
            [NAME],
        )
    Label.objects.filter(review__campaign__in=old).delete()
    Review.objects.filter(campaign__in=old).delete()
    old.delete()
    Article.objects.filter(title__startswith="Agreement article ").delete()
    campaign = seed()
    gold_refresh_campaign(campaign=campaign)
    analyze()
    admin, _ = get_user_model().objects.get_or_create(username="bench-admin")
    admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin)
    a, b = campaign.reviewers.order_by("pk")[:2]
    agreement = reverse("campaign-agreement", args=[campaign.pk])
    # The pages showing figures, which issue 16 wants within 1 s on first load.
    figure_pages = {
        "agreement page": agreement,
        "agreement JSON": reverse("campaign-agreement-json", args=[campaign.pk]),
        "confusion matrix of a pair": f"{agreement}?a={b.pk}&b={a.pk}",
        "progress page": reverse("campaign", args=[campaign.pk]),
        "reviewer quality page": reverse("campaign-quality", args=[campaign.pk]),
    }
    adjudication = reverse("adjudication", args=[campaign.pk])
    pages = {
        **figure_pages,
        "adjudication list": adjudication,
        "a confusion cell's disagreements": (
            f"{adjudication}?votes={a.pk}:sourced,{b.pk}:opinion&show=all"
        ),
        "a reviewer's disagreements": f"{adjudication}?reviewer={a.pk}&show=all",
    }

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    # The process's own first request (URL patterns, middleware, whitenoise's file list, the
    # base template) goes to a page without figures, so each page's first load is its own.
    started = time.perf_counter()
    get(reverse("campaigns"))
    warm_up = (time.perf_counter() - started) * 1000
    figures, first = {}, {}
    for name, url in pages.items():
        started = time.perf_counter()
        get(url)
        first[name] = (time.perf_counter() - started) * 1000
        figures[name] = median_seconds(partial(get, url), repeat=5) * 1000
    quality = client.get(pages["reviewer quality page"]).text
    assert quality.count("too fast</span>") == 1, "the 0.3 s reviewer is flagged, only them"
    labels = Label.objects.filter(review__campaign=campaign).count()
    print(
        json.dumps(
            {
                "labels": labels,
                "ms": figures,
                "first": first,
                "figure_pages": list(figure_pages),
                "warm_up": warm_up,
            }
        )
    )


if __name__ == "__main__":
    main()
