from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from articles.models import Article, Sentence
from tests.factories import make_article


@pytest.mark.django_db
def test_every_sentence_text_is_its_slice_of_the_body():
    article = make_article(sentences=40)
    sentences = list(article.sentences.all())
    assert len(sentences) == 40
    for sentence in sentences:
        assert sentence.text == article.body[sentence.start : sentence.end]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5)])
def test_database_rejects_a_sentence_that_does_not_start_before_it_ends(article, start, end):
    with pytest.raises(IntegrityError):
        Sentence.objects.create(
            article=article, position=99, paragraph=0, start=start, end=end, text="x"
        )


@pytest.mark.django_db
def test_database_rejects_two_sentences_at_one_position(article):
    with pytest.raises(IntegrityError):
        Sentence.objects.create(article=article, position=0, paragraph=0, start=0, end=3, text="x")


@pytest.mark.django_db
def test_database_rejects_the_same_body_twice(article):
    with pytest.raises(IntegrityError):
        Article.objects.create(title="Copy", body="other", content_hash=article.content_hash)


@pytest.mark.django_db
def test_database_rejects_the_same_url_twice_but_allows_many_without_one():
    make_article(text="One.", title="a", url="https://news.example/a")
    make_article(text="Two.", title="b")
    make_article(text="Three.", title="c")
    with pytest.raises(IntegrityError):
        make_article(text="Four.", title="d", url="https://news.example/a")


@pytest.mark.django_db
def test_article_link_is_only_a_web_address():
    assert make_article(text="A.", url="https://news.example/a").link == "https://news.example/a"
    assert make_article(text="B.", url="javascript:alert(1)").link == ""


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST compression is PostgreSQL's")
def test_long_bodies_are_stored_with_lz4_and_read_back_whole():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        (has_lz4,) = cursor.fetchone()
    article = make_article(sentences=400)  # a body well past the 2 kB TOAST threshold
    assert len(article.body) > 8000
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(body) FROM articles_article WHERE id = %s", [article.pk]
        )
        assert cursor.fetchone() == ("lz4" if has_lz4 else "pglz",)
    assert Article.objects.get(pk=article.pk).body == article.body
