"""Import 10,000 JSONL articles of about 40 sentences (~65 MB) into PostgreSQL.

Target (issue 3): at most 30 s end to end (stretch 15 s) and 400 MB peak memory, counting
the worker processes. The database is BENCH_DATABASE_URL (default: a local PostgreSQL
database ``annotator_bench``, created if missing and emptied before each run).
"""

from __future__ import annotations

import statistics
import sys

from tests.benchmarks.corpus import write_jsonl
from tests.benchmarks.database import ROOT, empty_tables, prepare_database
from tests.benchmarks.figures import report
from tests.benchmarks.processes import measure


def empty_corpus() -> None:
    empty_tables("articles_sentence", "articles_article", "articles_importbatch", "articles_outlet")


def test_import_10000_jsonl_articles_into_postgresql(tmp_path):
    env = prepare_database()
    corpus = tmp_path / "feed.jsonl"
    megabytes = write_jsonl(corpus, articles=10_000, sentences=40) / 1e6

    runs = []
    for _ in range(3):
        empty_corpus()
        run = measure(
            [sys.executable, "manage.py", "import_articles", str(corpus), "-v0"], env=env, cwd=ROOT
        )
        assert "Imported 10000 articles" in run.output
        runs.append(run)

    seconds = statistics.median(run.seconds for run in runs)
    report(
        "import 10k JSONL articles into PostgreSQL", seconds, "s", target="<= 30 s, stretch 15 s"
    )
    report("import input size", megabytes, "MB")
    report("import throughput", megabytes / seconds, "MB/s")
    report(
        "import peak memory (process tree)", max(r.peak_mb for r in runs), "MB", target="<= 400 MB"
    )
