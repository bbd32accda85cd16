"""The importer reads its next chunks in a thread while it stores the current one: the chunks
come out whole and in order, a reading error comes out after the chunks before it, and a
store that fails stops the reading (its input is closed)."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from articles.bulk import key_checked_per_statement
from articles.models import Sentence
from articles.read_ahead import chunks_ahead
from tests.factories import make_article


def _numbers(count: int, *, fail_at: int | None = None, closed: list[str] | None = None):
    try:
        for n in range(count):
            if n == fail_at:
                raise ValueError(f"line {n} is bad")
            yield n
    finally:
        if closed is not None:
            closed.append(threading.current_thread().name)


def test_chunks_come_out_whole_and_in_order():
    with chunks_ahead(_numbers(23), 5) as chunks:
        got = list(chunks)
    assert got == [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
        [10, 11, 12, 13, 14],
        [15, 16, 17, 18, 19],
        [20, 21, 22],
    ]
    with chunks_ahead([1, 2, 3], 2) as chunks:
        assert list(chunks) == [[1, 2], [3]]
    with chunks_ahead(iter([]), 2) as chunks:
        assert list(chunks) == []


def test_a_reading_error_comes_out_after_the_chunks_read_before_it():
    got: list[list[int]] = []
    with (
        pytest.raises(ValueError, match="line 12 is bad"),
        chunks_ahead(_numbers(40, fail_at=12), 5) as chunks,
    ):
        for chunk in chunks:
            got.append(chunk)
    assert got == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]


def test_a_caller_that_stops_early_stops_the_reader_and_closes_the_input():
    closed: list[str] = []
    with (
        pytest.raises(RuntimeError),
        chunks_ahead(_numbers(10_000, closed=closed), 10) as chunks,
    ):
        for chunk in chunks:
            if chunk[0] == 20:
                raise RuntimeError("the database went away")
    assert closed == ["read-ahead"]  # closed by the reader, in its own thread
    assert not any(t.name == "read-ahead" for t in threading.enumerate())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="constraint modes are PostgreSQL's")
def test_the_sentence_key_is_deferred_again_after_a_bulk_load():
    """Inside the load a sentence of a missing article fails at once; after it, the same
    transaction may again write a sentence before its article, as Django's keys allow."""
    article = make_article(sentences=1)
    with transaction.atomic():
        with (
            key_checked_per_statement(Sentence, "article"),
            pytest.raises(IntegrityError),
            transaction.atomic(),
        ):
            Sentence.objects.create(
                article_id=article.pk + 1000, position=0, paragraph=0, start=0, end=3, text="One"
            )
        Sentence.objects.create(
            article_id=article.pk + 1000, position=0, paragraph=0, start=0, end=3, text="One"
        )
        Sentence.objects.filter(article_id=article.pk + 1000).delete()
