from __future__ import annotations

import pytest
from django.db import IntegrityError

from annotator.models import Label, Review


@pytest.mark.django_db
def test_database_rejects_a_second_label_by_the_same_reviewer_on_a_sentence(review):
    sentence = review.article.sentences.first()
    Label.objects.create(review=review, sentence=sentence, value="sourced")
    with pytest.raises(IntegrityError):
        Label.objects.create(review=review, sentence=sentence, value="opinion")


@pytest.mark.django_db
def test_database_rejects_a_label_outside_the_vocabulary(review):
    with pytest.raises(IntegrityError):
        Label.objects.create(
            review=review, sentence=review.article.sentences.first(), value="maybe"
        )


@pytest.mark.django_db
def test_database_rejects_a_second_review_by_the_same_reviewer(review):
    with pytest.raises(IntegrityError):
        Review.objects.create(
            campaign=review.campaign, article=review.article, reviewer=review.reviewer
        )


@pytest.mark.django_db
def test_database_rejects_a_submitted_review_without_a_time(review):
    review.status = Review.Status.SUBMITTED
    with pytest.raises(IntegrityError):
        review.save()
