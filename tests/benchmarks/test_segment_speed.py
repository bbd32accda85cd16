"""Sentence segmentation speed on news-style paragraphs (MB/s, one core)."""

from __future__ import annotations

from articles.ingest.segment import normalise_body, sentence_spans
from tests.articles.segment_cases import CASES
from tests.benchmarks.figures import median_seconds, report


def test_segmenter_throughput():
    paragraphs = [text for text, _ in CASES]
    body = normalise_body("\n".join(paragraphs * 200))
    megabytes = len(body.encode()) / 1e6

    seconds = median_seconds(lambda: sentence_spans(body))

    report("segment throughput", megabytes / seconds, "MB/s", target=">= 2.2 MB/s per core")
