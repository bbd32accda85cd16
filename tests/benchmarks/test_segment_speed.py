"""Sentence segmentation speed on news-style paragraphs (MB/s, one core)."""

from __future__ import annotations

from articles.ingest.segment import Paragraph, assemble, split_paragraphs
from tests.articles.segment_cases import CASES
from tests.benchmarks.figures import median_seconds, report


def test_segmenter_throughput():
    paragraphs = [text for text, _ in CASES]
    article = [Paragraph(p) for p in split_paragraphs("\n".join(paragraphs * 200))]
    megabytes = sum(len(p.text.encode()) for p in article) / 1e6

    seconds = median_seconds(lambda: assemble(article))

    report("segment throughput", megabytes / seconds, "MB/s", target=">= 2.2 MB/s per core")
