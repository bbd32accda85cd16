"""factory_boy factories for the domain model. Articles come with real sentence spans."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from annotator.models import Campaign, Label, Review
from annotator.review import queue, services
from annotator.vocabulary import LabelValue
from articles.ingest.drafts import body_hash
from articles.ingest.segment import Paragraph, assemble, split_paragraphs
from articles.models import Article, Outlet, Sentence

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"reviewer{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()  # type: ignore[attr-defined]


class OutletFactory(factory.django.DjangoModelFactory[Outlet]):
    class Meta:
        model = Outlet
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


def article_text(sentences: int, *, per_paragraph: int = 4) -> str:
    """A body of ``sentences`` distinct sentences, ``per_paragraph`` to a paragraph."""
    lines = []
    for start in range(0, sentences, per_paragraph):
        lines.append(
            " ".join(
                f"Sentence number {n + 1} says the council spent {n + 1} dollars."
                for n in range(start, min(sentences, start + per_paragraph))
            )
        )
    return "\n".join(lines)


def make_article(
    *, sentences: int = 5, title: str = "A test article", text: str | None = None, **fields: Any
) -> Article:
    """Store an article and its sentence spans the way the importer does."""
    raw = text if text is not None else article_text(sentences)
    body, spans = assemble([Paragraph(p) for p in split_paragraphs(raw)])
    article = Article.objects.create(
        title=title, body=body, content_hash=body_hash(body + title), **fields
    )
    Sentence.objects.bulk_create(
        Sentence(
            article=article,
            position=i,
            paragraph=span.paragraph,
            start=span.start,
            end=span.end,
            text=body[span.start : span.end],
            kind=span.kind.value,
        )
        for i, span in enumerate(spans)
    )
    return article


class CampaignFactory(factory.django.DjangoModelFactory[Campaign]):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Campaign {n}")
    guidelines = "Tag every claim."


class ReviewFactory(factory.django.DjangoModelFactory[Review]):
    class Meta:
        model = Review

    campaign = factory.SubFactory(CampaignFactory)
    article = factory.LazyFunction(make_article)
    reviewer = factory.SubFactory(UserFactory)


class LabelFactory(factory.django.DjangoModelFactory[Label]):
    class Meta:
        model = Label

    review = factory.SubFactory(ReviewFactory)
    sentence = factory.LazyAttribute(lambda o: o.review.article.sentences.first())
    value = LabelValue.SOURCED


def review_submitted(campaign: Campaign, reviewer: User, labels: list[str]) -> Review:
    """The reviewer takes their next article from the queue (it must be ``campaign``'s),
    labels its sentences in order with ``labels`` (fewer labels leave the rest untagged) and
    submits, as the workspace would."""
    review = queue.review_next(reviewer=reviewer)
    assert review is not None and review.campaign == campaign
    sentences = review.article.sentences.order_by("position")
    for sentence, value in zip(sentences, labels, strict=False):
        services.label_set(review=review, sentence=sentence, value=value, actor=reviewer)
    services.review_submit(review=review, actor=reviewer)
    return review
