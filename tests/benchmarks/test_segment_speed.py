"""Sentence segmentation speed on news-style paragraphs (MB/s, one core), per language."""

from __future__ import annotations

import pytest

from articles.ingest.segment import Paragraph, assemble, split_paragraphs
from tests.articles import segment_cases, segment_cases_i18n
from tests.benchmarks.figures import median_seconds, report


def _throughput(paragraphs: list[str], language: str, copies: int) -> float:
    article = [Paragraph(p) for p in split_paragraphs("\n".join(paragraphs * copies))]
    megabytes = sum(len(p.text.encode()) for p in article) / 1e6
    seconds = median_seconds(lambda: assemble(article, language=language))
    return megabytes / seconds


def test_segmenter_throughput():
    paragraphs = [text for text, _ in segment_cases.CASES]
    report(
        "segment throughput",
        _throughput(paragraphs, "en", 200),
        "MB/s",
        target=">= 2.2 MB/s per core",
    )


@pytest.mark.parametrize("language", segment_cases_i18n.CASES)
def test_segmenter_throughput_per_language(language):
    paragraphs = [text for text, _ in segment_cases_i18n.CASES[language]]
    report(f"segment throughput ({language})", _throughput(paragraphs, language, 500), "MB/s")
