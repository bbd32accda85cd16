"""Seed 50 outlets × 50 articles × 40 sentences (100,000 labelled sentences) into the benchmark
database, fast (COPY), then time the report pages in this process (Django's test client: the
server-side render, database included). Prints the medians and query counts as JSON.

The campaign "Report benchmark" (closed, k = 3) has 3 submitted reviews of every article
(300,000 labels, sources on sourced claims) and gold on 80% of the sentences, so the other 20%
take the majority fallback; "Report second look" re-reviews a tenth of the articles once, so
the all-campaigns comparison has sentences to count once. Articles are spread over 24 months.

Run as a module in its own process with DATABASE_URL set:
``python -m tests.benchmarks.report_pages``.
"""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.project.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from annotator.models import Campaign, GoldLabel, Label, Review  # noqa: E402
from annotator.vocabulary import LabelValue  # noqa: E402
from articles.models import Article, Outlet, Sentence  # noqa: E402
from tests.benchmarks.export_seed import (  # noqa: E402
    copy_articles,
    copy_rows,
    empty_corpus,
    follow_ids,
    table,
)
from tests.benchmarks.figures import median_seconds  # noqa: E402

OUTLETS = 50
PER_OUTLET = int(os.environ.get("BENCH_REPORT_ARTICLES_PER_OUTLET", "50"))
SENTENCES = 40
REVIEWS = 3
SENTENCE_TEXT = "The council said on Tuesday that the harbour plan would cost $14.8m, not more."
SOURCES = [f"Source {n}" for n in range(30)]


@transaction.atomic
def seed() -> Campaign:
    empty_corpus()
    users = [
        get_user_model().objects.get_or_create(username=f"bench-report-{n}")[0] for n in range(5)
    ]
    outlets = [
        Outlet.objects.get_or_create(
            slug=f"report-outlet-{n}", defaults={"name": f"Report outlet {n:02d}"}
        )[0]
        for n in range(OUTLETS)
    ]
    now = timezone.now()
    articles = OUTLETS * PER_OUTLET

    def published(n: int) -> datetime:
        return datetime(2024 + (n % 24) // 12, 1 + n % 12, 1 + n % 28, 9, tzinfo=UTC)

    copy_articles(
        articles,
        outlets=outlets,
        name="report",
        sentence=SENTENCE_TEXT,
        sentences=SENTENCES,
        published=published,
    )
    rng = random.Random(5)
    values = LabelValue.values
    campaign = Campaign.objects.create(
        name="Report benchmark", reviews_per_article=REVIEWS, is_open=False
    )
    second = Campaign.objects.create(name="Report second look", is_open=False)
    for c in (campaign, second):
        c.reviewers.add(*users)
    campaign.articles.add(*range(1, articles + 1))
    second.articles.add(*range(1, articles + 1, 10))
    # Each outlet leans its own way, so the comparison has something to show.
    truth = {
        a: [
            rng.choices(values, weights=(3 + a % 5, 2 + a % 3, 1 + a % 4, 4))[0]
            for _ in range(SENTENCES)
        ]
        for a in range(1, articles + 1)
    }
    reviews: list[tuple] = []
    for a in range(1, articles + 1):
        for r in range(REVIEWS):
            reviews.append((len(reviews) + 1, campaign.pk, a, users[(a + r) % 5].pk,
                            "submitted", now, now, now))  # fmt: skip
    for a in range(1, articles + 1, 10):
        reviews.append((len(reviews) + 1, second.pk, a, users[a % 5].pk,
                        "submitted", now, now, now))  # fmt: skip
    copy_rows(
        table(Review),
        ["id", "campaign_id", "article_id", "reviewer_id", "status", "started_at", "updated_at",
         "submitted_at"],
        reviews,
    )  # fmt: skip

    def labels():
        for review_id, _, a, *_ in reviews:
            for i in range(SENTENCES):
                value = truth[a][i] if rng.random() < 0.8 else rng.choice(values)
                source = rng.choice(SOURCES) if value == "sourced" else ""
                yield (review_id, a * SENTENCES + i, value, source, "", now)

    copy_rows(
        table(Label), ["review_id", "sentence_id", "value", "source", "note", "updated_at"],
        labels(),
    )  # fmt: skip
    copy_rows(
        table(GoldLabel),
        ["campaign_id", "sentence_id", "value", "method", "decided_at"],
        ((campaign.pk, a * SENTENCES + i, truth[a][i], "adjudicated", now)
         for a in range(1, articles + 1) for i in range(SENTENCES) if (a + i) % 5),
    )  # fmt: skip
    follow_ids()
    return campaign


def main() -> None:
    campaign = seed()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    admin, _ = get_user_model().objects.get_or_create(username="bench-admin")
    admin.is_staff = True
    admin.save()
    client = Client()
    client.force_login(admin)
    outlet = Outlet.objects.get(slug="report-outlet-7")
    article = Article.objects.filter(outlet=outlet).order_by("pk").first()
    assert article is not None
    one = f"?campaign={campaign.pk}"
    pages = {
        "comparison page, one campaign": reverse("report-comparison") + one,
        "comparison page, every campaign": reverse("report-comparison"),
        "comparison CSV, one campaign": reverse("report-comparison-csv") + one,
        "trend fragment, one campaign": reverse("report-comparison") + f"{one}&trend={outlet.pk}",
        "outlet page, one campaign": reverse("report-outlet", args=[outlet.pk]) + one,
        "article page, one campaign": reverse("report-article", args=[article.pk]) + one,
    }
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "trend"}
    figures, queries = {}, {}
    for name, url in pages.items():
        headers = htmx if "fragment" in name else {}

        def get(url: str = url, headers: dict[str, Any] = headers) -> None:
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)

        figures[name] = median_seconds(get, repeat=7) * 1000
        with CaptureQueriesContext(connection) as captured:
            get()
        queries[name] = len(captured)
    labelled = Sentence.objects.filter(labels__review__campaign=campaign).distinct().count()
    print(
        json.dumps({"sentences": labelled, "outlets": OUTLETS, "ms": figures, "queries": queries})
    )


if __name__ == "__main__":
    main()
