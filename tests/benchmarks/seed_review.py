"""Seed the benchmark database with a reviewer, a campaign and two articles (40 and 1,000
sentences); print what the HTTP benchmark needs as JSON. Run as a module in its own process:
``python -m tests.benchmarks.seed_review`` with DATABASE_URL set."""

from __future__ import annotations

import json
import os
from importlib import import_module

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.project.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from annotator.accounts.tokens import token_create  # noqa: E402
from annotator.models import ApiToken, Campaign, Label, LabelEvent, Review  # noqa: E402
from articles.ingest.drafts import body_hash  # noqa: E402
from articles.ingest.segment import Paragraph, assemble  # noqa: E402
from articles.models import Article, Sentence  # noqa: E402


def article(sentences: int) -> Article:
    paragraphs = [
        Paragraph(" ".join(f"Claim {n + 1} of {sentences}: the council spent ${n}.5m, Dr. Lee said."
                           for n in range(start, min(sentences, start + 4))))
        for start in range(0, sentences, 4)
    ]  # fmt: skip
    body, spans = assemble(paragraphs)
    stored = Article.objects.create(
        title=f"{sentences} sentences", body=body, content_hash=body_hash(body)
    )
    Sentence.objects.bulk_create(
        Sentence(article=stored, position=i, paragraph=s.paragraph, start=s.start, end=s.end,
                 text=body[s.start : s.end], kind=s.kind.value)
        for i, s in enumerate(spans)
    )  # fmt: skip
    return stored


def main() -> None:
    LabelEvent.objects.all().delete()
    Label.objects.all().delete()
    Review.objects.all().delete()
    Campaign.objects.all().delete()
    Sentence.objects.all().delete()
    Article.objects.all().delete()
    user, _ = get_user_model().objects.get_or_create(username="bench-reviewer")
    campaign = Campaign.objects.create(name="Benchmark")
    campaign.reviewers.add(user)
    out: dict[str, object] = {}
    for size in (40, 1000):
        stored = article(size)
        campaign.articles.add(stored)
        review = Review.objects.create(campaign=campaign, article=stored, reviewer=user)
        out[f"review{size}"] = review.pk
        out[f"sentences{size}"] = list(stored.sentences.values_list("pk", flat=True))
    # The configured engine's session, as a login makes it (a row naming its user).
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    out["session"] = session.session_key
    out["csrf"] = get_random_string(32)
    ApiToken.objects.filter(user=user).delete()
    out["token"] = token_create(user=user, name="benchmark")[1]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
