"""A restore's checks against what is stored: an article kept must match its records, and a
new one must not repeat another's text, URL or sentence ids."""

from __future__ import annotations

from typing import Any

from annotator.datasets.restore_records import Group
from articles.ingest.drafts import body_hash
from articles.ingest.errors import IngestError
from articles.models import Article, Sentence

HINT = "restore into an empty database"


def _error(source: str, group: Group, name: str, message: str) -> IngestError:
    return IngestError(message, source=source, line=group.line, field=name)


def stored_check(
    group: Group, stored: tuple[str, str], sentences: list[tuple[Any, ...]], *, source: str
) -> None:
    article_id = group.article[0]
    title, body = stored
    if body != group.body:
        raise _error(
            source,
            group,
            "text",
            f"article {article_id} already exists with different text: {HINT}",
        )
    if title != group.article[3]:
        raise _error(
            source,
            group,
            "title",
            f"article {article_id} already exists with a different title: {HINT}",
        )
    if [tuple(s) for s in sentences] != [tuple(s) for s in group.sentences]:
        raise _error(
            source,
            group,
            "sentence_id",
            f"article {article_id} already exists with different sentences: {HINT}",
        )


def conflicts_check(new: list[Group], *, source: str) -> None:
    """New articles whose text, URL or sentence ids another stored article has."""
    by_hash = {body_hash(group.body): group for group in new}
    if len(by_hash) < len(new):
        seen: dict[str, Group] = {}
        for group in new:
            other = seen.setdefault(body_hash(group.body), group)
            if other is not group:
                raise _error(
                    source,
                    group,
                    "text",
                    f"article {group.article[0]} has the same text as article "
                    f"{other.article[0]} (line {other.line}): one text is stored once",
                )
    for content_hash, pk in Article.objects.filter(content_hash__in=by_hash).values_list(
        "content_hash", "pk"
    ):
        group = by_hash[content_hash]
        raise _error(
            source,
            group,
            "text",
            f"article {group.article[0]}'s text is already stored as article {pk}: {HINT}",
        )
    by_url: dict[str, Group] = {}
    for group in new:
        url = group.article[1]
        if url and by_url.setdefault(url, group) is not group:
            raise _error(
                source,
                group,
                "article_url",
                f"article {group.article[0]} has the same URL as article "
                f"{by_url[url].article[0]} (line {by_url[url].line})",
            )
    for url, pk in Article.objects.filter(url__in=by_url).values_list("url", "pk"):
        group = by_url[url]
        raise _error(
            source,
            group,
            "article_url",
            f"article {group.article[0]}'s URL is already stored for article {pk}: {HINT}",
        )
    by_sentence: dict[int, Group] = {}
    for group in new:
        for sentence in group.sentences:
            first = by_sentence.get(sentence[0])
            if first is not None:
                raise _error(
                    source,
                    group,
                    "sentence_id",
                    f"sentence {sentence[0]} appears twice (article {first.article[0]} "
                    f"on line {first.line} has it too)",
                )
            by_sentence[sentence[0]] = group
    for pk, article_id in Sentence.objects.filter(pk__in=by_sentence).values_list(
        "pk", "article_id"
    ):
        raise _error(
            source,
            by_sentence[pk],
            "sentence_id",
            f"sentence {pk} already exists in article {article_id}: {HINT}",
        )
