"""How many of the English Golden Rules (Pragmatic Segmenter's, as pySBD ships them; MIT) the
English segmenter gets right.

The rules live in ``../shared/benchmarks/sentence-boundaries/golden_rules_en.json`` (not in the
repo: a user's clone has no copy, and then the benchmark says so and measures nothing). Several
rules are not news style (lists with "a." items, ellipses inside sentences, text with no space
after a full stop), so the figure is for comparison between versions, not a target.
"""

from __future__ import annotations

import json
from pathlib import Path

from articles.ingest.segment import sentence_offsets
from tests.benchmarks.figures import report

GOLDEN = (
    Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "sentence-boundaries"
    / "golden_rules_en.json"
)  # fmt: skip


def test_english_golden_rules():
    if not GOLDEN.is_file():
        print(f"BENCH golden rules: {GOLDEN} is absent, nothing measured")
        return
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    failed = []
    for case in cases:
        text = case["text"]
        got = [text[start:end].strip() for start, end in sentence_offsets(text, "en")]
        if got != [sentence.strip() for sentence in case["expected"]]:
            failed.append(f"{case['id']} {case['name']}")
    report("golden rules passed (en)", len(cases) - len(failed), f"of {len(cases)}")
    for name in failed:
        print(f"  failed: {name}")
