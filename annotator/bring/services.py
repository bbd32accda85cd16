"""Bringing predictions and annotations made elsewhere into a campaign (annotations:
``annotations``): each import all or nothing (bad input stores nothing), its well-formed rows
that cannot be placed on one of our sentences reported, line by line, and skipped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.db.models.functions import Length

from annotator.bring.label_names import LabelNames
from annotator.bring.outcome import (
    CHUNK,
    Brought,
    Chosen,
    Unplaced,
    keep_once,
    predictions_keep,
    sentences_of,
)
from annotator.bring.placement import SentenceSpan, sentence_with_text, sentences_for
from annotator.bring.prediction_files import PredictionLine, prediction_lines
from annotator.models import Campaign
from articles.ingest.errors import IngestError
from articles.models import Article, Sentence

# The campaign's articles: their body lengths by id, ids by URL, ids by title and outlet.
ArticleKeys = tuple[dict[int, int], dict[str, int], dict[tuple[str, str], list[int]]]


def _article_keys(campaign: Campaign) -> ArticleKeys:
    by_id: dict[int, int] = {}
    by_url: dict[str, int] = {}
    by_title: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, url, title, outlet, length in Article.objects.filter(campaigns=campaign).values_list(
        "pk", "url", "title", "outlet__name", Length("body")
    ):
        by_id[pk] = length
        if url:
            by_url[url] = pk
        by_title[(title.casefold(), (outlet or "").casefold())].append(pk)
    return by_id, by_url, by_title


def _line_article(
    line: PredictionLine,
    keys: ArticleKeys,
    campaign: Campaign,
) -> int | str:
    by_id, by_url, by_title = keys
    if line.article_id is not None:
        if line.article_id in by_id:
            return line.article_id
        return f"article {line.article_id} is not in campaign {campaign.name!r}"
    if line.article_url:
        return by_url.get(line.article_url) or (
            f"no article of campaign {campaign.name!r} has the URL {line.article_url!r}"
        )
    found = by_title.get((" ".join(line.title.split()).casefold(), line.outlet.casefold()), [])
    if len(found) == 1:
        return found[0]
    outlet = f" from outlet {line.outlet!r}" if line.outlet else " with no outlet"
    if found:
        return f"{len(found)} articles of the campaign are titled {line.title!r}{outlet}"
    return f"no article of campaign {campaign.name!r} is titled {line.title!r}{outlet}"


@transaction.atomic
def predictions_import(
    *,
    campaign: Campaign,
    lines: Sequence[PredictionLine],
    source: str,
    model_name: str,
    model_version: str = "",
) -> Brought:
    """Store a predictions file's rows (read by ``prediction_files``) for the campaign: each
    on the sentence its id names, or the article's sentence its offsets mostly cover or whose
    text it gives. ``model_name``/``model_version`` stand in for rows that give none. Rows
    that land on no sentence of the campaign are reported and skipped; a sentence given twice
    for one model keeps its first row. Queries: a handful per 2,000 rows."""
    out = Brought(source=source)
    keys = _article_keys(campaign)
    wanted = sorted({line.sentence_id for line in lines if line.sentence_id is not None})
    known: set[int] = set()
    for at in range(0, len(wanted), CHUNK):
        known.update(
            Sentence.objects.filter(
                pk__in=wanted[at : at + CHUNK], article__campaigns=campaign
            ).values_list("pk", flat=True)
        )
    articles = {
        line.line: _line_article(line, keys, campaign) for line in lines if line.sentence_id is None
    }
    sentences = sentences_of(pk for pk in articles.values() if isinstance(pk, int))
    chosen: dict[str, Chosen] = defaultdict(dict)
    for line in lines:
        placed = _line_sentence(line, known, articles, sentences, keys[0], campaign)
        if isinstance(placed, str):
            out.unplaced.append(Unplaced(line.line, placed))
            continue
        out.placed += 1
        row = (line.value, line.score, line.model_version or model_version, line.line)
        keep_once(chosen[line.model_name or model_name], placed, row, out)
    for name, rows in chosen.items():
        predictions_keep(campaign, rows, name, out)
    return out


def _line_sentence(
    line: PredictionLine,
    known: set[int],
    articles: dict[int, int | str],
    sentences: dict[int, list[SentenceSpan]],
    lengths: dict[int, int],
    campaign: Campaign,
) -> int | str:
    if line.sentence_id is not None:
        if line.sentence_id in known:
            return line.sentence_id
        return f"sentence {line.sentence_id} is not in campaign {campaign.name!r}"
    article = articles[line.line]
    if isinstance(article, str):
        return article
    if line.start is None or line.end is None:
        return sentence_with_text(sentences[article], line.text)
    if line.end > lengths[article]:
        return (
            f"offsets {line.start}-{line.end} are outside article {article} "
            f"({lengths[article]} characters)"
        )
    placed = sentences_for(sentences[article], line.start, line.end)
    if isinstance(placed, str):
        return placed
    if len(placed.sentence_ids) > 1:
        return (
            f"the span {line.start}-{line.end} covers {len(placed.sentence_ids)} sentences: "
            "a prediction is for one sentence"
        )
    return placed.sentence_ids[0]


def predictions_file_import(
    *,
    campaign: Campaign,
    text: str,
    source: str,
    model_name: str,
    model_version: str = "",
    label_map: Sequence[str] = (),
) -> Brought:
    """Read a predictions file's text (``prediction_files``) and import it
    (``predictions_import``). Raises IngestError for bad input (a bad ``label_map`` pair
    too), storing nothing."""
    try:
        labels = LabelNames.with_map(label_map)
    except ValueError as error:
        raise IngestError(str(error), source=source, field="label_map") from None
    lines = prediction_lines(text, source=source, labels=labels)
    return predictions_import(
        campaign=campaign, lines=lines, source=source, model_name=model_name,
        model_version=model_version,
    )  # fmt: skip
