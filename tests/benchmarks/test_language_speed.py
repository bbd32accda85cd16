"""Language detection: how many of our news paragraphs it places, and how fast (ms a call)."""

from __future__ import annotations

import time

from articles.ingest.language import article_language, detect_language
from tests.articles.segment_cases_i18n import CASES, SAMPLES
from tests.benchmarks.figures import report


def test_language_detection_accuracy_and_speed():
    paragraphs = [(language, text) for language in CASES for text, _ in CASES[language]]
    paragraphs += list(SAMPLES.items())
    right = sum(detect_language(text) == language for language, text in paragraphs)
    report("language detection right", right, f"of {len(paragraphs)} paragraphs")

    articles = [(language, [text for text, _ in CASES[language]]) for language in CASES] * 100
    started = time.perf_counter()
    for _language, texts in articles:
        article_language(texts[0], texts[1:])
    per_call = (time.perf_counter() - started) / len(articles)
    report("language detection per article (1,000 characters)", per_call * 1000, "ms")
